/**
 * One container instance on a container engine, as kuberuntime_container.go startContainer does it
 * through the CRI: make sure the image is there (images/image_manager.go EnsureImageExists, a
 * failure being the lifecycle engine's ImagePullFailed, no container created), create and start
 * it in the pod, stream its output to the per-restart log, and report its start and its exit
 * (the exit code and OOMKilled from the engine's state). A start the engine refuses is the CRI's
 * StartError (exit 128). It reports through the same callbacks as the process runtime's
 * container.ts, and is a ContainerProcess for the runner (signals, kill, exec).
 */
import { PassThrough } from 'node:stream';
import type { ContainerReports } from '../container.js';
import type { ContainerProcess, ExitInfo } from '../isolation/container-process.js';
import { ContainerLog } from '../logs.js';
import type { PreparedPod } from '../prepare.js';
import { engineContainerSpec, pullPolicyOf } from './container-spec.js';
import { LABEL_CONTAINER, LABEL_POD, type ContainerEngine, type EnginePod } from './types.js';
import { runLabels } from './reaper.js';

export interface EngineStart {
  readonly engine: ContainerEngine;
  readonly pod: EnginePod;
  readonly prepared: PreparedPod;
  readonly name: string;
  readonly instance: number;
  readonly allowPrivileged: boolean;
}

/** How long the log may lag behind the exit before the exit is reported all the same. */
const LOG_DRAIN_MS = 10_000;

/** The engine object name of a container instance (unique per start). */
export function instanceName(pod: EnginePod, container: string, restartCount: number): string {
  return `${pod.name}-${container}-${String(restartCount)}`;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Starts one instance; the returned process signals and execs into it once it runs. */
export function startEngineContainer(s: EngineStart, report: ContainerReports): ContainerProcess {
  const restartCount = s.instance - 1;
  const id = instanceName(s.pod, s.name, restartCount);
  let state: 'starting' | 'running' | 'gone' = 'starting';
  let pending: 'SIGTERM' | 'SIGKILL' | null = null;
  let resolveExit: (e: ExitInfo) => void = () => undefined;
  let resolveReady: () => void = () => undefined;
  const exited = new Promise<ExitInfo>((r) => (resolveExit = r));
  const ready = new Promise<void>((r) => (resolveReady = r));
  const send = (sig: 'SIGTERM' | 'SIGKILL'): void => {
    if (state === 'running') void s.engine.signal(id, sig);
    else if (state === 'starting' && pending !== 'SIGKILL') pending = sig;
  };
  const run = async (): Promise<void> => {
    const started = await create(s, id, report);
    if (!started) {
      state = 'gone';
      return;
    }
    state = 'running';
    resolveReady();
    report.observe({ type: 'ContainerStarted', container: s.name, instance: s.instance });
    if (pending !== null) void s.engine.signal(id, pending);
    const exit = await follow(s, id, restartCount, report);
    state = 'gone';
    resolveExit({ exitCode: exit, signal: exit > 128 && exit < 160 ? exit - 128 : null });
  };
  run().catch((e: unknown) => report.fatal(e));
  return {
    pid: 0,
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    ready,
    exited,
    signal: (sig) => send(sig === 'SIGKILL' ? 'SIGKILL' : 'SIGTERM'),
    kill: () => send('SIGKILL'),
    execArgv: (command) => s.engine.execArgv(id, command),
  };
}

/** Pulls as the policy says and starts the container; false when it did not start (reported). */
async function create(s: EngineStart, id: string, report: ContainerReports): Promise<boolean> {
  const prep = s.prepared.containers.get(s.name)!;
  const spec = engineContainerSpec({
    name: id,
    container: prep.spec,
    podSpec: s.prepared.ctx.spec,
    vars: prep.vars,
    mounts: prep.mounts,
    labels: { ...runLabels(), [LABEL_POD]: s.pod.name, [LABEL_CONTAINER]: s.name },
    allowPrivileged: s.allowPrivileged,
  });
  const pulled = await s.engine.ensureImage(spec.image, pullPolicyOf(prep.spec));
  if (!pulled.ok) {
    report.warning(`pod ${s.prepared.pod}: container ${s.name}: ${pulled.message}`);
    report.observe({ type: 'ImagePullFailed', container: s.name, instance: s.instance });
    return false;
  }
  try {
    await s.engine.start(s.pod, spec);
    return true;
  } catch (e) {
    // The CRI fails the start: StartError, exit 128, with the runtime's message in the log.
    const log = new ContainerLog(s.prepared.podDir, s.name, s.instance - 1, undefined, (err) =>
      report.fatal(err),
    );
    log.abandon();
    report.line(message(e), 'stderr');
    await log.finish(128);
    report.observe({
      type: 'ContainerExited',
      container: s.name,
      instance: s.instance,
      exitCode: 128,
      reason: 'StartError',
    });
    return false;
  }
}

/** Streams the container's output to its log until it exits; reports the exit; its exit code. */
async function follow(
  s: EngineStart,
  id: string,
  restartCount: number,
  report: ContainerReports,
): Promise<number> {
  const log = new ContainerLog(
    s.prepared.podDir,
    s.name,
    restartCount,
    (line, stream) => report.line(line, stream),
    (e) => report.fatal(e),
  );
  const out = s.engine.logs(id);
  log.attach(out.stdout, 'stdout');
  log.attach(out.stderr, 'stderr');
  const exit = await s.engine.wait(id);
  await log.finish(exit.exitCode, LOG_DRAIN_MS);
  report.observe({
    type: 'ContainerExited',
    container: s.name,
    instance: s.instance,
    exitCode: exit.exitCode,
    ...(exit.oomKilled ? { reason: 'OOMKilled' } : {}),
  });
  // Its exit and output are read: the container itself is not needed any more.
  void s.engine.remove(id);
  return exit.exitCode;
}
