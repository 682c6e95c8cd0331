/**
 * One container instance on a container engine, as kuberuntime_container.go startContainer does it
 * through the CRI: make sure the image is there (images/image_manager.go EnsureImageExists, a
 * failure being the lifecycle engine's ImagePullFailed, no container created), create and start
 * it in the pod, stream its output to the per-restart log, and report its start and its exit
 * (the exit code and OOMKilled from the engine's state). A start the engine refuses is the CRI's
 * StartError (exit 128). It reports through the same callbacks as the process runtime's
 * container.ts, and is a ContainerProcess for the runner (signals, kill, exec).
 */
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import type { ContainerReports } from '../container.js';
import type { ContainerProcess, ExitInfo } from '../isolation/container-process.js';
import { ContainerLog, startLogPath, writeExitRecord } from '../logs.js';
import { pullPolicyOf } from './container-spec.js';
import {
  instanceName,
  instancePidFile,
  instanceSpec,
  type EngineContainerOf,
} from './instance-spec.js';
import { oomKilledInKernelLog, uptimeSeconds } from './kernel-oom.js';
import { LogFileTail } from './log-tail.js';
import { watchPidExit } from './pid-exit.js';
import type { EngineExit, EnginePod } from './types.js';

export interface EngineStart extends EngineContainerOf {
  readonly instance: number;
  /** nsenter, when this process may enter the containers' namespaces (root): execs go through it. */
  readonly nsenter: string | null;
}

/** How long the log may lag behind the exit before the exit is reported all the same. */
const LOG_DRAIN_MS = 10_000;

/** The last ended instance of each of a pod's containers, kept as the kubelet keeps it. */
const lastDead = new WeakMap<EnginePod, Map<string, string>>();

/**
 * An ended instance stays until the next one of the same container ends, or the pod goes: the
 * kubelet's container garbage collection keeps one dead container per pod and container
 * (pkg/kubelet/kuberuntime/kuberuntime_gc.go evictContainers, MaxPerPodContainer 1). Nothing is
 * removed while the pod's next container starts.
 */
function collectDead(s: EngineStart, id: string): void {
  let byContainer = lastDead.get(s.pod);
  if (byContainer === undefined) lastDead.set(s.pod, (byContainer = new Map()));
  const previous = byContainer.get(s.name);
  byContainer.set(s.name, id);
  if (previous !== undefined) void s.engine.remove(previous);
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
  // The image's STOPSIGNAL stands for SIGTERM, as containerd's StopContainer honours it.
  const image = s.prepared.containers.get(s.name)?.spec['image'];
  const deliver = (sig: 'SIGTERM' | 'SIGKILL'): void => {
    if (sig === 'SIGKILL' || typeof image !== 'string') void s.engine.signal(id, sig);
    else void s.engine.stopSignal(image).then((stop) => s.engine.signal(id, stop ?? sig));
  };
  const pidFile = instancePidFile(s.prepared, id);
  // The main pid, for execs straight into the container's namespaces, once it runs.
  let pid: number | null = null;
  const send = (sig: 'SIGTERM' | 'SIGKILL'): void => {
    if (state === 'running') deliver(sig);
    else if (state === 'starting' && pending !== 'SIGKILL') pending = sig;
  };
  const run = async (): Promise<void> => {
    // The kernel log's records from now on can be about this container.
    const since = uptimeSeconds();
    const started = await create(s, report);
    if (!started) {
      state = 'gone';
      return;
    }
    if (s.nsenter !== null)
      void s.engine.mainPid(id, pidFile).then(
        (p) => (pid = p),
        () => undefined,
      );
    state = 'running';
    resolveReady();
    report.observe({ type: 'ContainerStarted', container: s.name, instance: s.instance });
    if (pending !== null) deliver(pending);
    const exit = await follow(s, id, pidFile, restartCount, report, since);
    state = 'gone';
    resolveExit({ exitCode: exit, signal: exit > 128 && exit < 160 ? exit - 128 : null });
  };
  run().catch((e: unknown) => report.fatal(e));
  const proc: ContainerProcess = {
    pid: 0,
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    ready,
    exited,
    signal: (sig) => send(sig === 'SIGKILL' ? 'SIGKILL' : 'SIGTERM'),
    kill: () => send('SIGKILL'),
    execArgv: (command) =>
      s.nsenter !== null && pid !== null
        ? nsenterArgv(s.nsenter, pid, command)
        : s.engine.execArgv(id, command),
  };
  execEnvs.set(proc, () => (s.nsenter !== null && pid !== null ? environOf(pid) : null));
  return proc;
}

/** The environment a command exec'd into an engine container gets, by its process. */
const execEnvs = new WeakMap<ContainerProcess, () => Record<string, string> | null>();

/**
 * The environment of a command exec'd into the container (its main process's: the image's ENV
 * and the pod's), or null when the exec goes through the engine, which sets it itself.
 */
export function engineExecEnv(proc: ContainerProcess): Record<string, string> | null {
  return execEnvs.get(proc)?.() ?? null;
}

function environOf(pid: number): Record<string, string> | null {
  try {
    const out: Record<string, string> = {};
    for (const kv of readFileSync(`/proc/${String(pid)}/environ`, 'utf8').split('\0')) {
      const eq = kv.indexOf('=');
      if (eq > 0) out[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    return out;
  } catch {
    return null;
  }
}

/**
 * An exec (probes, hooks, kubectl exec) straight into the container's namespaces, root, working
 * directory and user: what the engine's exec does, without its CLI's start-up (most of a second
 * on a loaded machine, against the probes' 1 s timeout).
 */
function nsenterArgv(nsenter: string, pid: number, command: readonly string[]): string[] {
  const ids = (key: string): string | null => {
    try {
      const line = readFileSync(`/proc/${String(pid)}/status`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`${key}:`));
      return line?.split(/\s+/)[1] ?? null;
    } catch {
      return null;
    }
  };
  const uid = ids('Uid');
  const gid = ids('Gid');
  return [
    nsenter,
    '--target',
    String(pid),
    '--mount',
    '--uts',
    '--ipc',
    '--net',
    '--pid',
    '--root',
    '--wd',
    ...(gid !== null && gid !== '0' ? ['--setgid', gid] : []),
    ...(uid !== null && uid !== '0' ? ['--setuid', uid] : []),
    '--',
    ...command,
  ];
}

/** Pulls as the policy says and starts the container; false when it did not start (reported). */
async function create(s: EngineStart, report: ContainerReports): Promise<boolean> {
  const prep = s.prepared.containers.get(s.name)!;
  const restartCount = s.instance - 1;
  const spec = instanceSpec(s, restartCount);
  // The log's directory, for the engine that writes the log itself.
  if (spec.logPath !== null) startLogPath(s.prepared.podDir, s.name, restartCount);
  const t0 = Date.now();
  const pulled = await s.engine.ensureImage(spec.image, pullPolicyOf(prep.spec), () =>
    report.pull?.(spec.image, null),
  );
  if (pulled.ok && pulled.pulled) report.pull?.(spec.image, Date.now() - t0);
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
  pidFile: string,
  restartCount: number,
  report: ContainerReports,
  since: number | null,
): Promise<number> {
  const exit = s.engine.writesLogs
    ? await followLogFile(s, id, pidFile, restartCount, report)
    : await followLogStream(s, id, restartCount, report);
  const oom =
    exit.oomKilled || (exit.exitCode === 137 && (await oomInKernelLog(s, id, pidFile, since)));
  report.observe({
    type: 'ContainerExited',
    container: s.name,
    instance: s.instance,
    exitCode: exit.exitCode,
    ...(oom ? { reason: 'OOMKilled' } : {}),
  });
  collectDead(s, id);
  return exit.exitCode;
}

/**
 * The engine writes the log (podman): its lines are read from the file as they come, and the
 * exit is seen from the main process's end; the engine's state then says how it ended.
 */
async function followLogFile(
  s: EngineStart,
  id: string,
  pidFile: string,
  restartCount: number,
  report: ContainerReports,
): Promise<EngineExit> {
  const path = startLogPath(s.prepared.podDir, s.name, restartCount);
  const tail = new LogFileTail(path, (line, stream) => report.line(line, stream));
  const pid = await s.engine.mainPid(id, pidFile).catch(() => null);
  const watch = pid === null ? null : watchPidExit(pid);
  const exit = await s.engine.wait(id, watch?.gone).finally(() => watch?.stop());
  tail.finish();
  writeExitRecord(path, exit.exitCode);
  return exit;
}

/** The engine keeps the output (docker): `logs --follow` streams it into the log until the exit. */
async function followLogStream(
  s: EngineStart,
  id: string,
  restartCount: number,
  report: ContainerReports,
): Promise<EngineExit> {
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
  // The followed log ends at the exit: the engine's state then says how it ended.
  const exit = await s.engine.wait(id, out.done);
  await log.finish(exit.exitCode, LOG_DRAIN_MS);
  return exit;
}

/** A kill the engine did not record as OOM: the kernel log may say the OOM killer did it. */
async function oomInKernelLog(
  s: EngineStart,
  id: string,
  pidFile: string,
  since: number | null,
): Promise<boolean> {
  if (since === null) return false;
  const pid = await s.engine.mainPid(id, pidFile).catch(() => null);
  return pid !== null && oomKilledInKernelLog(pid, since);
}
