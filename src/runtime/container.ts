/**
 * Starting one container instance, as kuberuntime_container.go startContainer does through the
 * CRI: check that its command can run, put it in its cgroups, spawn it in the pod's namespaces,
 * attach its log, and turn what happens to the process into the engine's observations
 * (ContainerStarted, then ContainerExited with the reason the CRI would give: StartError,
 * OOMKilled). It knows nothing of the engine's loop: it reports through a callback.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Observation } from '../lifecycle/actions.js';
import {
  containerCgroup,
  detectCgroups,
  limitsOf,
  type ContainerCgroup,
} from './isolation/cgroups.js';
import {
  spawnContainer,
  type ContainerProcess,
  type ContainerSpawnSpec,
  type IsolationMode,
  type PrestartedContainer,
} from './isolation/container-process.js';
import type { IsolationCapabilities } from './isolation/host.js';
import type { PlannedMount } from './isolation/mount-plan.js';
import type { PodSandbox } from './isolation/sandbox.js';
import { ContainerLog, type LogStream } from './logs.js';
import type { PreparedPod } from './prepare.js';
import { ensureDir } from './state-dir.js';

/** One start of a container of a prepared pod, and where it runs. */
export interface ContainerStart {
  readonly pod: PreparedPod;
  readonly name: string;
  /** The engine's instance: 1 for the first start, one more per restart. */
  readonly instance: number;
  readonly isolation: IsolationMode;
  readonly caps: IsolationCapabilities;
  /** The pod's namespaces; null with process isolation or the host's network. */
  readonly sandbox: PodSandbox | null;
  /** Its process chain, spawned ahead and waiting (prestart.ts), if any. */
  readonly prestarted?: PrestartedContainer | undefined;
}

/** Where a container start reports to. */
export interface ContainerReports {
  /** An observation for the engine (the start, the exit). */
  observe(o: Observation): void;
  /** A line the container (or the runtime on its behalf) wrote. */
  line(line: string, stream: LogStream): void;
  warning(message: string): void;
  /** A container engine pulls the image (tookMs null: starting), then has pulled it. */
  pull?(image: string, tookMs: number | null): void;
  /** The runtime cannot go on with the pod (its log cannot be written: a full disk). */
  fatal(e: unknown): void;
}

/** The host path behind a container path: inside a mount, its source (the deepest mount wins). */
function hostPathOf(path: string, mounts: readonly PlannedMount[]): string {
  let best: PlannedMount | null = null;
  for (const m of mounts) {
    const t = posix.normalize(m.target);
    if (
      (path === t || path.startsWith(`${t}/`)) &&
      (best === null || t.length > best.target.length)
    )
      best = { ...m, target: t };
  }
  return best === null ? path : posix.join(best.source, path.slice(best.target.length));
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Whether argv[0] can be run in the container: an absolute path, or a name found on the
 * container's PATH, as the container sees them (a script from a configMap volume counts).
 * Otherwise the CRI fails the start (StartError).
 */
function runnable(
  argv0: string,
  env: Readonly<Record<string, string>>,
  mounts: readonly PlannedMount[],
): boolean {
  if (argv0.startsWith('/')) return executable(hostPathOf(posix.normalize(argv0), mounts));
  // Relative to the working directory: left to the container to find.
  if (argv0.includes('/')) return true;
  const dirs = (env['PATH'] ?? '').split(':').filter((d) => d.startsWith('/'));
  return dirs.some((d) => executable(hostPathOf(posix.join(d, argv0), mounts)));
}

/**
 * Starts one instance of a container. Returns its process, or null when the start failed before
 * a process existed (then ContainerExited 128 StartError is already reported).
 */
export function startContainer(
  start: ContainerStart,
  report: ContainerReports,
): ContainerProcess | null {
  const { pod, name, instance } = start;
  const prep = pod.containers.get(name);
  if (prep === undefined) return null;
  const restartCount = instance - 1;
  const log = new ContainerLog(
    pod.podDir,
    name,
    restartCount,
    (line, stream) => report.line(line, stream),
    (e) => report.fatal(e),
  );
  if (!runnable(prep.argv[0] ?? '', prep.env, prep.mounts)) {
    start.prestarted?.discard();
    // The CRI fails the start: StartError, exit 128 (containerd: executable file not found).
    log.abandon();
    log.finish(128).catch((e: unknown) => report.fatal(e));
    report.line(`exec: "${prep.argv[0] ?? ''}": executable file not found in $PATH`, 'stderr');
    report.observe({
      type: 'ContainerExited',
      container: name,
      instance,
      exitCode: 128,
      reason: 'StartError',
    });
    return null;
  }
  const stageDir = ensureDir(join(pod.podDir, 'stage', name, String(restartCount)));
  const cgroup = start.isolation === 'pod' ? joinCgroup(start, report) : null;
  const spec: ContainerSpawnSpec = {
    name,
    argv: prep.argv,
    env: prep.env,
    ...(prep.workingDir !== undefined ? { workingDir: prep.workingDir } : {}),
    mounts: prep.mounts,
    hostname: pod.ctx.hostname,
    stageDir,
    ...(cgroup !== null ? { cgroupJoin: cgroup.joinLine } : {}),
  };
  const proc = start.prestarted?.start(spec) ?? spawnAnew(spec, start);
  log.attach(proc.stdout, 'stdout');
  log.attach(proc.stderr, 'stderr');
  watch(start, proc, log, cgroup, report);
  return proc;
}

/** Spawns the container's chain now (none was waiting, or it could not be used). */
function spawnAnew(spec: ContainerSpawnSpec, start: ContainerStart): ContainerProcess {
  start.prestarted?.discard();
  return spawnContainer(spec, start.isolation, start.caps, start.sandbox);
}

/**
 * The container's cgroups with its limits; a cgroup that cannot be made is a warning. A container
 * without limits gets none, and its start does not look at the host's cgroups (their detection
 * makes and removes a memory cgroup: milliseconds of kernel work on the way to the start).
 */
function joinCgroup(start: ContainerStart, report: ContainerReports): ContainerCgroup | null {
  const prep = start.pod.containers.get(start.name)!;
  try {
    const limits = limitsOf(prep.spec);
    if (limits.memoryBytes === null && limits.cpuMillis === null) return null;
    return containerCgroup(detectCgroups(), start.pod.ctx.uid, start.name, limits);
  } catch (e) {
    report.warning(
      `pod ${start.pod.pod}: container ${start.name}: limits not enforced: ${e instanceof Error ? e.message : String(e)}`,
    );
    return null;
  }
}

/** Reports the start, and the exit once the log has everything the process wrote. */
function watch(
  start: ContainerStart,
  proc: ContainerProcess,
  log: ContainerLog,
  cgroup: ContainerCgroup | null,
  report: ContainerReports,
): void {
  const { name: container, instance } = start;
  let started = false;
  proc.ready.then(
    () => {
      started = true;
      report.observe({ type: 'ContainerStarted', container, instance });
    },
    (e: unknown) => report.line(e instanceof Error ? e.message : String(e), 'stderr'),
  );
  void proc.exited.then(async (info) => {
    await proc.ready.catch(() => undefined);
    try {
      await log.finish(info.exitCode);
    } catch (e) {
      // The exit record could not be written (a full disk): the pod cannot go on.
      cgroup?.remove();
      report.fatal(e);
      return;
    }
    // The CRI reports a container the kernel's OOM killer ended as OOMKilled.
    const oom = cgroup !== null && info.exitCode === 137 && cgroup.oomKilled();
    cgroup?.remove();
    // A container whose setup failed never ran its app: the CRI's StartError, exit 128.
    report.observe(
      started
        ? {
            type: 'ContainerExited',
            container,
            instance,
            exitCode: info.exitCode,
            ...(oom ? { reason: 'OOMKilled' } : {}),
          }
        : { type: 'ContainerExited', container, instance, exitCode: 128, reason: 'StartError' },
    );
  });
}
