/**
 * Running a probe or a lifecycle hook handler for real. Timings, thresholds and consequences are
 * the engine's (src/lifecycle); this only answers "did this run pass" / "how did this hook end".
 *
 * - exec: the command runs inside the container's namespaces, root and working directory, with
 *   its environment (the CRI's ExecSync); exit 0 is success. A probe that outlives its timeout is
 *   a failure (pkg/probe/exec);
 * - httpGet, tcpSocket, grpc: from inside the pod's network namespace (network.ts);
 * - sleep (hooks, KEP-3960): waits `seconds`;
 * - tcpSocket as a hook: accepted by old API servers but never run by the kubelet
 *   (pkg/kubelet/lifecycle/handlers.go: "TCPSocket handler is not supported"), so it is a no-op.
 */
import { spawn } from 'node:child_process';
import type { Action, Observation } from '../lifecycle/actions.js';
import { hookOf, probeOf, type ContainerModel } from '../lifecycle/pod-model.js';
import { isRecord } from '../manifest/objects.js';
import type { ContainerProcess } from './isolation/container-process.js';
import type { NetworkCheck } from './network/checks.js';
import type { PodNetwork } from './network/netns-client.js';

export interface HandlerContext {
  /** The container spec (for named ports). */
  readonly container: Readonly<Record<string, unknown>>;
  readonly process: ContainerProcess;
  readonly env: Readonly<Record<string, string>>;
  readonly network: PodNetwork;
}

/** A port given as a number or as the name of one of the container's ports. */
export function resolvePort(
  container: Readonly<Record<string, unknown>>,
  port: unknown,
): number | null {
  if (typeof port === 'number') return port;
  if (typeof port === 'string') {
    if (/^\d+$/.test(port)) return Number(port);
    const ports = Array.isArray(container['ports']) ? container['ports'] : [];
    for (const p of ports) {
      if (isRecord(p) && p['name'] === port && typeof p['containerPort'] === 'number')
        return p['containerPort'];
    }
  }
  return null;
}

/** The network check of a handler, or null when it is not a network handler. */
export function networkCheck(
  handler: Readonly<Record<string, unknown>>,
  container: Readonly<Record<string, unknown>>,
  purpose: 'probe' | 'hook',
): NetworkCheck | { error: string } | null {
  const host = (v: Record<string, unknown>): string =>
    typeof v['host'] === 'string' && v['host'] !== '' ? v['host'] : '127.0.0.1';
  if (isRecord(handler['httpGet'])) {
    const h = handler['httpGet'];
    const port = resolvePort(container, h['port']);
    if (port === null) return { error: `unknown port ${String(h['port'])}` };
    const headers = (Array.isArray(h['httpHeaders']) ? h['httpHeaders'] : []).flatMap(
      (x: unknown) =>
        isRecord(x) && typeof x['name'] === 'string'
          ? [{ name: x['name'], value: String(x['value'] ?? '') }]
          : [],
    );
    return {
      kind: 'http',
      host: host(h),
      port,
      path: typeof h['path'] === 'string' ? h['path'] : '/',
      scheme: h['scheme'] === 'HTTPS' ? 'HTTPS' : 'HTTP',
      headers,
      purpose,
    };
  }
  if (isRecord(handler['tcpSocket'])) {
    const t = handler['tcpSocket'];
    const port = resolvePort(container, t['port']);
    if (port === null) return { error: `unknown port ${String(t['port'])}` };
    return { kind: 'tcp', host: host(t), port };
  }
  if (isRecord(handler['grpc'])) {
    const g = handler['grpc'];
    const port = typeof g['port'] === 'number' ? g['port'] : null;
    if (port === null) return { error: 'grpc probe without a port' };
    return {
      kind: 'grpc',
      host: '127.0.0.1',
      port,
      service: typeof g['service'] === 'string' ? g['service'] : '',
    };
  }
  return null;
}

/** Runs an exec handler; resolves with its exit code (-1 on timeout, 126/127 if it cannot run). */
export function runExec(
  ctx: HandlerContext,
  command: readonly string[],
  timeoutMs: number | null,
): Promise<number> {
  return new Promise((resolve) => {
    if (command.length === 0) {
      resolve(126);
      return;
    }
    const argv = ctx.process.execArgv(command);
    const child = spawn(argv[0]!, argv.slice(1), {
      env: { ...ctx.env },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const timer =
      timeoutMs === null
        ? null
        : setTimeout(() => {
            // SIGTERM first: a holder (process isolation) then ends what the command started,
            // which a SIGKILL of the holder would leave behind.
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 1000).unref();
            resolve(-1);
          }, timeoutMs);
    child.once('error', () => {
      if (timer !== null) clearTimeout(timer);
      resolve(127);
    });
    child.once('exit', (code, sig) => {
      if (timer !== null) clearTimeout(timer);
      resolve(code ?? (sig !== null ? 137 : 1));
    });
  });
}

function execCommand(handler: Readonly<Record<string, unknown>>): string[] | null {
  if (!isRecord(handler['exec'])) return null;
  const cmd = handler['exec']['command'];
  return Array.isArray(cmd) ? cmd.map(String) : [];
}

/** One probe run: Success or Failure. */
export async function runProbe(
  probe: Readonly<Record<string, unknown>>,
  ctx: HandlerContext,
  timeoutSeconds: number,
): Promise<'Success' | 'Failure'> {
  const timeoutMs = Math.max(1, timeoutSeconds) * 1000;
  const cmd = execCommand(probe);
  if (cmd !== null) return (await runExec(ctx, cmd, timeoutMs)) === 0 ? 'Success' : 'Failure';
  const check = networkCheck(probe, ctx.container, 'probe');
  if (check === null || 'error' in check) return 'Failure';
  return (await ctx.network.check(check, timeoutMs)).ok ? 'Success' : 'Failure';
}

/** One hook run: its exit code (0 success). */
export async function runHook(
  hook: Readonly<Record<string, unknown>>,
  ctx: HandlerContext,
  timeoutSeconds: number | null,
): Promise<number> {
  const timeoutMs = timeoutSeconds === null ? null : Math.max(0, timeoutSeconds) * 1000;
  const cmd = execCommand(hook);
  if (cmd !== null) return runExec(ctx, cmd, timeoutMs);
  if (isRecord(hook['sleep'])) {
    const secs = typeof hook['sleep']['seconds'] === 'number' ? hook['sleep']['seconds'] : 0;
    await new Promise((r) => setTimeout(r, Math.max(0, secs) * 1000));
    return 0;
  }
  if (isRecord(hook['tcpSocket'])) return 0;
  const check = networkCheck(hook, ctx.container, 'hook');
  if (check === null || 'error' in check) return 1;
  return (await ctx.network.check(check, timeoutMs ?? 30_000)).ok ? 0 : 1;
}

/**
 * Carries out the engine's RunProbe or RunHook for the current instance of a container: resolves
 * with the observation that reports how it ended, or is null when the container has no such
 * probe or hook.
 */
export function runHandlerAction(
  a: Extract<Action, { type: 'RunProbe' | 'RunHook' }>,
  m: ContainerModel,
  ctx: HandlerContext,
): Promise<Observation> | null {
  const { container, instance } = a;
  if (a.type === 'RunProbe') {
    const probe = probeOf(m, a.probe);
    if (probe === null) return null;
    return runProbe(probe.spec, ctx, a.timeoutSeconds).then((result) => ({
      type: 'ProbeResult',
      container,
      instance,
      probe: a.probe,
      result,
    }));
  }
  const hook = hookOf(m, a.hook);
  if (hook === null) return null;
  return runHook(hook.spec, ctx, a.timeoutSeconds).then((exitCode) => ({
    type: 'HookFinished',
    container,
    instance,
    hook: a.hook,
    exitCode,
  }));
}
