/**
 * One container as host processes: what the CRI's CreateContainer + StartContainer do, for a
 * command that runs on the host.
 *
 * `pod` isolation (reference/local-runtime.md §3, with util-linux instead of bubblewrap):
 *
 *     setpriv --pdeathsig KILL -- nsenter <pod user+net ns> -- unshare [--user] --mount --pid
 *       --uts --fork --mount-proc --kill-child=SIGKILL -- bash -c <init script> <argv...>
 *
 * - the container joins the pod's network namespace (shared `localhost`) and gets its own mount,
 *   PID and UTS namespaces (its own `/proc`, its volumes, the pod's hostname);
 * - the init script (PID 1 of the container) makes the mounts, then starts the app as its child
 *   and waits for it, reaping orphans meanwhile; its exit status is the app's (128+n for a
 *   signal), which `unshare` passes through;
 * - a graceful stop signals the app itself, as the kubelet signals a container's main process;
 *   a forced one SIGKILLs the init, and the kernel then kills everything left in the PID
 *   namespace, setsid-escaped grandchildren included (§3.2);
 * - if the runtime dies, even by SIGKILL, `--pdeathsig` kills `unshare`, whose `--kill-child`
 *   kills the init, which takes the namespace down (§3.3): nothing is left behind.
 *
 * Unprivileged, `unshare --user` nests a user namespace (same uid) in the pod's, so the init has
 * the capabilities to mount; the app is started through `setpriv` with no inheritable or ambient
 * capabilities, so it runs with none, as the invoking user.
 *
 * `process` isolation: the app runs in its own process group under a holder (process-holder.ts)
 * that is a child subreaper with a parent-death signal, so nothing of the container outlives the
 * runtime or its main process, setsid-escaped grandchildren included. Without perl it is a plain
 * process group, which a grandchild that calls setsid escapes (§3.1).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { constants } from 'node:os';
import { shellQuote as q, userNsFlags, type IsolationCapabilities } from './host.js';
import { planMounts, type PlannedMount } from './mount-plan.js';
import { holderArgv } from './process-holder.js';
import type { PodSandbox } from './sandbox.js';

export type IsolationMode = 'pod' | 'process';

export interface ContainerSpawnSpec {
  readonly name: string;
  /** Resolved command + args (Kubernetes rules already applied). */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly workingDir?: string;
  readonly mounts: readonly PlannedMount[];
  /** The pod's hostname (its name), set in the container's UTS namespace. */
  readonly hostname: string;
  /** A directory of the state directory owned by this container start (pod mode mounts). */
  readonly stageDir: string;
  /** Shell line that puts the container's init into its cgroups (pod mode), if any. */
  readonly cgroupJoin?: string;
}

export interface ExitInfo {
  /** 0-255; 128+n when killed by signal n, as container runtimes report it. */
  readonly exitCode: number;
  /** The signal number when the app was killed by a signal. */
  readonly signal: number | null;
}

export interface ContainerProcess {
  readonly pid: number;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Resolves once the container is set up and its app is being started; rejects with the
   *  setup's own error output (a mount that failed, a missing working directory). */
  readonly ready: Promise<void>;
  readonly exited: Promise<ExitInfo>;
  /** Sends a signal to the app (the container's main process). */
  signal(sig: NodeJS.Signals): void;
  /** Kills everything of the container at once (SIGKILL). */
  kill(): void;
  /**
   * The argv that runs a command inside the container's namespaces, root and working dir; what
   * it starts ends when the runtime dies. SIGTERM ends it with everything it started.
   */
  execArgv(command: readonly string[]): string[];
}

function signalNumber(sig: NodeJS.Signals | null): number | null {
  if (sig === null) return null;
  return (constants.signals as Record<string, number | undefined>)[sig] ?? null;
}

function exitInfo(code: number | null, sig: NodeJS.Signals | null): ExitInfo {
  const n = signalNumber(sig);
  if (n !== null) return { exitCode: 128 + n, signal: n };
  const c = code ?? 0;
  // The init reports a signalled app as 128+n, like a shell and like runc.
  return { exitCode: c, signal: c > 128 && c < 160 ? c - 128 : null };
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${String(pid)}/task/${String(pid)}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((s) => s !== '')
      .map(Number);
  } catch {
    return [];
  }
}

function descendantsOf(pid: number): number[] {
  const out: number[] = [];
  const queue = childrenOf(pid);
  while (queue.length > 0) {
    const p = queue.shift()!;
    out.push(p);
    queue.push(...childrenOf(p));
  }
  return out;
}

/**
 * Signals a pid (a process group when negative). Never 0, 1 or -1 (this process's group, init,
 * every process: a spawn that failed leaves no pid, and -1 must never stand in for one).
 */
function safeKill(pid: number, sig: NodeJS.Signals | number): void {
  if (!Number.isInteger(pid) || Math.abs(pid) <= 1) return;
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

function exitedPromise(child: ChildProcess, after?: () => void): Promise<ExitInfo> {
  return new Promise((resolve) => {
    child.on('exit', (code, sig) => {
      after?.();
      resolve(exitInfo(code, sig));
    });
    child.on('error', () => resolve({ exitCode: 128, signal: null }));
  });
}

/** Starts a container in the pod's namespaces (`pod`) or as a process group (`process`). */
export function spawnContainer(
  spec: ContainerSpawnSpec,
  mode: IsolationMode,
  caps: IsolationCapabilities,
  sandbox: PodSandbox | null,
): ContainerProcess {
  return mode === 'pod' ? spawnInNamespaces(spec, caps, sandbox) : spawnProcessGroup(spec, caps);
}

function spawnProcessGroup(
  spec: ContainerSpawnSpec,
  caps: IsolationCapabilities,
): ContainerProcess {
  const held = holderArgv(caps.tools.perl, spec.argv);
  const [cmd, ...args] = held ?? spec.argv;
  const child = spawn(cmd!, args, {
    env: { ...spec.env },
    ...(spec.workingDir !== undefined ? { cwd: spec.workingDir } : {}),
    stdio: held === null ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = child.pid ?? -1;
  // Once reaped, the pids may belong to someone else (pid_max can be 32768): signal nothing.
  let gone = false;
  child.once('exit', () => (gone = true));
  // The app: the holder's child (its pid comes on fd 3), else the spawned process itself.
  let app = held === null ? pid : -1;
  // When the main process ends, so does everything it left in its group, as the kernel ends
  // a PID namespace with its init (the holder also ends what escaped the group).
  const exited = exitedPromise(child, () => {
    if (app > 0) safeKill(-app, 'SIGKILL');
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.once('error', (e) => reject(e));
    if (held === null) {
      child.once('spawn', resolve);
      return;
    }
    const marker = child.stdio[3] as Readable | null;
    marker?.once('data', (d: Buffer) => {
      app = Number.parseInt(d.toString('utf8'), 10);
      resolve();
    });
    // 'close' comes after every stdio stream ended, so after the pid if the holder wrote it.
    child.once('close', () => reject(new Error('container setup failed')));
  });
  ready.catch(() => undefined);
  return {
    pid,
    stdout: child.stdout!,
    stderr: child.stderr!,
    ready,
    exited,
    signal: (sig) => {
      if (!gone) safeKill(app > 0 ? app : pid, sig);
    },
    kill: () => {
      if (gone) return;
      if (app > 0) safeKill(-app, 'SIGKILL');
      // The holder ends what escaped the group on SIGTERM; without one, the group is all.
      safeKill(held === null ? -pid : pid, held === null ? 'SIGKILL' : 'SIGTERM');
    },
    // Exec probes and hooks run in the container's working directory, as in a container, and
    // under a holder of their own: a long preStop hook ends with the runtime (even killed by
    // SIGKILL), as one run inside a container's PID namespace ends with the container.
    execArgv: (command) => {
      const argv =
        spec.workingDir === undefined
          ? [...command]
          : ['/bin/sh', '-c', 'cd -- "$0" && exec "$@"', spec.workingDir, ...command];
      return holderArgv(caps.tools.perl, argv) ?? argv;
    },
  };
}

/** The init script: mounts, hostname, working dir, then the app as a reaped child. */
export function initScript(
  spec: ContainerSpawnSpec,
  caps: IsolationCapabilities,
): { shell: string; script: string } {
  const { tools } = caps;
  const plan = planMounts(spec.mounts, spec.stageDir, tools.mount ?? 'mount');
  const shell = tools.bash ?? tools.sh;
  // Same-uid user namespace: the init kept its capabilities to mount; the app gets none.
  const dropCaps =
    caps.userNs === 'same-uid'
      ? `${q(tools.setpriv!)} --inh-caps=-all --ambient-caps=-all -- `
      : '';
  // `set -m` (bash): the app gets its own process group and default SIGINT/SIGQUIT handling;
  // the shell's job notices go to /dev/null once the app has inherited the real stderr.
  // When the app ends, what it left in its process group goes too: without a PID namespace of
  // its own (shareProcessNamespace) the kernel would not end them, as runc ends a container's
  // leftover processes.
  const launch = `${tools.bash !== null ? 'set -m; ' : ''}${dropCaps}"$@" & exec 2>/dev/null; wait $!; rc=$?; kill -9 -$! 2>/dev/null; exit $rc`;
  const lines = [
    'set -e',
    ...(spec.cgroupJoin !== undefined && spec.cgroupJoin !== '' ? [spec.cgroupJoin] : []),
    // The UTS namespace's hostname: its /proc file (a shell builtin, no process: a real root
    // may write it), else sethostname(2) through `hostname` (user namespaces). A pod without
    // its hostname still runs.
    `{ echo ${q(spec.hostname)} > /proc/sys/kernel/hostname || hostname ${q(spec.hostname)}; } 2>/dev/null || true`,
    ...plan.lines,
  ];
  if (plan.newRoot !== null) {
    lines.push(
      'echo ready >&3; exec 3>&-',
      `exec ${q(tools.unshare!)} --root=${q(plan.newRoot)} --wd=${q(spec.workingDir ?? '/')} -- ${q(shell)} -c ${q(launch)} init "$@"`,
    );
  } else {
    if (spec.workingDir !== undefined) lines.push(`cd -- ${q(spec.workingDir)}`);
    lines.push('echo ready >&3; exec 3>&-', 'set +e', launch);
  }
  return { shell, script: lines.join('\n') };
}

function spawnInNamespaces(
  spec: ContainerSpawnSpec,
  caps: IsolationCapabilities,
  sandbox: PodSandbox | null,
): ContainerProcess {
  const { shell, script } = initScript(spec, caps);
  const child = spawnInit(spec, caps, sandbox, shell, script, false);
  return namespacedProcess(child, caps, sandbox);
}

/**
 * The init of a container started ahead of its turn: it waits for its script on fd 4, reads it
 * (up to a NUL byte) and runs it as the init of spawnInNamespaces would; an empty script or a
 * closed fd 4 ends it. The script is made only when the container starts, from the host as it
 * is then (mounts, cgroups). Needs bash (`read -d`).
 */
const GATE = `IFS= read -r -d '' s <&4; exec 4<&-; [ -n "$s" ] || exit 0; eval "$s"`;

/** A container whose namespaces and init exist, waiting for its start (prestartContainer). */
export interface PrestartedContainer {
  /**
   * Starts it with `spec` (argv and env as given to prestartContainer): its init runs the script
   * of `spec`. Null when it cannot be used (its process ended, or argv or env differ): the caller
   * spawns it as usual. Used at most once.
   */
  start(spec: ContainerSpawnSpec): ContainerProcess | null;
  /** Ends it, unused. */
  discard(): void;
}

/**
 * Spawns a container's chain (setpriv, nsenter, unshare, its init) ahead of its start, so that
 * starting it costs only running its init script: what the CRI's CreateContainer does before
 * StartContainer. Null without bash.
 */
export function prestartContainer(
  base: Pick<ContainerSpawnSpec, 'argv' | 'env'>,
  caps: IsolationCapabilities,
  sandbox: PodSandbox | null,
): PrestartedContainer | null {
  if (caps.tools.bash === null || caps.tools.setpriv === null) return null;
  const child = spawnInit(base, caps, sandbox, caps.tools.bash, GATE, true);
  const proc = namespacedProcess(child, caps, sandbox);
  let used = false;
  const same = (spec: ContainerSpawnSpec): boolean =>
    spec.argv.length === base.argv.length &&
    spec.argv.every((a, i) => a === base.argv[i]) &&
    JSON.stringify(spec.env) === JSON.stringify(base.env);
  return {
    start: (spec) => {
      const alive = child.exitCode === null && child.signalCode === null;
      if (used || !alive || !same(spec)) return null;
      used = true;
      const gate = child.stdio[4] as Writable;
      gate.on('error', () => undefined);
      gate.end(`${initScript(spec, caps).script}\0`);
      return proc;
    },
    discard: () => {
      if (used) return;
      used = true;
      proc.kill();
    },
  };
}

/** Spawns `setpriv ... -- [nsenter ...] unshare ... -- shell -c script sidecarctl-init argv`. */
function spawnInit(
  spec: Pick<ContainerSpawnSpec, 'argv' | 'env'>,
  caps: IsolationCapabilities,
  sandbox: PodSandbox | null,
  shell: string,
  script: string,
  gated: boolean,
): ChildProcess {
  const { tools } = caps;
  const join = sandbox === null ? [] : [tools.nsenter!, ...sandbox.joinArgs, '--'];
  const shared = sandbox?.sharedPid === true;
  const argv = [
    '--pdeathsig',
    'KILL',
    '--',
    ...join,
    tools.unshare!,
    ...userNsFlags(caps),
    // In a shared PID namespace (joined above) the container gets no PID namespace of its own,
    // only a /proc of the pod's.
    ...(shared
      ? ['--mount', '--uts', '--mount-proc']
      : ['--mount', '--pid', '--uts', '--fork', '--mount-proc', '--kill-child=SIGKILL']),
    '--',
    shell,
    '-c',
    script,
    'sidecarctl-init',
    ...spec.argv,
  ];
  return spawn(tools.setpriv!, argv, {
    env: { ...spec.env },
    stdio: gated ? ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe', 'pipe'],
  });
}

/** The ContainerProcess of a spawned init chain (spawnInit). */
function namespacedProcess(
  child: ChildProcess,
  caps: IsolationCapabilities,
  sandbox: PodSandbox | null,
): ContainerProcess {
  const { tools } = caps;
  const shared = sandbox?.sharedPid === true;
  const pid = child.pid ?? -1;
  // Once reaped, the pid (and its children's) may belong to someone else: signal nothing.
  let gone = false;
  child.once('exit', () => (gone = true));
  let setupErr = '';
  const ready = new Promise<void>((resolve, reject) => {
    const marker = child.stdio[3] as Readable | null;
    let done = false;
    marker?.once('data', () => {
      done = true;
      resolve();
    });
    child.stderr!.on('data', (d: Buffer) => {
      if (!done && setupErr.length < 4096) setupErr += d.toString('utf8');
    });
    child.once('error', (e) => reject(e));
    child.once('exit', () => {
      if (!done) reject(new Error(setupErr.trim() || 'container setup failed'));
    });
  });
  ready.catch(() => undefined);
  const init = (): number | undefined => childrenOf(pid)[0];
  return {
    pid,
    stdout: child.stdout!,
    stderr: child.stderr!,
    ready,
    exited: exitedPromise(child),
    signal: (sig) => {
      if (gone) return;
      const i = init();
      const app = i === undefined ? undefined : childrenOf(i)[0];
      // Before the app exists there is nothing to stop gracefully.
      // (`unshare` before its child: see kill()).
      if (app === undefined) {
        safeKill(pid, 'SIGKILL');
        if (i !== undefined) safeKill(i, 'SIGKILL');
      } else safeKill(app, sig);
    },
    kill: () => {
      if (gone) return;
      const i = init();
      // Without a PID namespace of its own (shared), the container's processes are found as
      // the init's descendants; otherwise the kernel ends them all with the init.
      if (i !== undefined && shared) for (const d of descendantsOf(i)) safeKill(d, 'SIGKILL');
      // `unshare` first: when its child is killed first, util-linux 2.38 fails to re-raise
      // SIGKILL and exits 1 ("sigprocmask unblock failed") instead of 137, depending on which
      // signal lands first. Killed itself, it takes the init with it (--kill-child).
      safeKill(pid, 'SIGKILL');
      if (i !== undefined) safeKill(i, 'SIGKILL');
    },
    execArgv: (command) => {
      const i = init();
      if (i === undefined) return [...command];
      const t = `--target=${String(i)}`;
      // Unprivileged, the container's mount and PID namespaces belong to its nested user
      // namespace; entering the pod's user namespace first gives the rights to join them and
      // the pod's network namespace in one step (reference/local-runtime.md §3.2).
      const ns =
        sandbox === null
          ? [t, ...(caps.root ? [] : ['--user', '--preserve-credentials'])]
          : [t, ...sandbox.joinArgs];
      return [
        tools.nsenter!,
        ...ns,
        '--mount',
        '--pid',
        '--uts',
        '--root',
        '--wd',
        '--',
        tools.setpriv!,
        '--pdeathsig',
        'KILL',
        '--',
        ...command,
      ];
    },
  };
}
