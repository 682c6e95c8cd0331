/**
 * The one interface between sidecarctl's kubelet (src/lifecycle decides, pod-runner.ts carries
 * out) and a container engine (podman, docker) used as its container runtime, the way the CRI
 * sits between the real kubelet and containerd (kubernetes/kubernetes
 * staging/src/k8s.io/cri-api/pkg/apis/runtime/v1/api.proto: RunPodSandbox, PullImage,
 * CreateContainer + StartContainer, StopContainer, ExecSync, RemovePodSandbox). The real-process
 * runtime (src/runtime/isolation) needs none of it; oci-cli.ts implements it by driving the
 * podman or docker CLI.
 */
import type { Readable } from 'node:stream';

export type EngineName = 'podman' | 'docker';
/** `--runtime`: the real-process runtime (today's) or a container engine. */
export type RuntimeName = 'process' | EngineName;
export const RUNTIME_NAMES: readonly RuntimeName[] = ['process', 'podman', 'docker'];

/** The labels every engine object of sidecarctl carries. */
export const LABEL_RUN = 'io.sidecarctl.run';
export const LABEL_POD = 'io.sidecarctl.pod';
export const LABEL_CONTAINER = 'io.sidecarctl.container';
/** `<pid>/<start time>` of the sidecarctl process that owns the object (stale-run cleanup). */
export const LABEL_OWNER = 'io.sidecarctl.owner';

/** The pod's shared namespaces (an engine pod, or an infra container for docker). */
export interface EnginePodSpec {
  readonly name: string;
  readonly hostname: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface EnginePod {
  /** What a container gives the engine to join the pod (`--pod x`, `--network container:x`). */
  readonly joinArgs: readonly string[];
  readonly name: string;
}

export interface EngineMount {
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

/** One container start, in engine terms (container-spec.ts builds it from the Kubernetes spec). */
export interface EngineContainerSpec {
  readonly name: string;
  readonly image: string;
  /** Kubernetes `command`: replaces the image's ENTRYPOINT (and drops its CMD); null: the image's. */
  readonly entrypoint: readonly string[] | null;
  /** The arguments: Kubernetes `args`; with neither command nor args, null: the image's CMD. */
  readonly args: readonly string[] | null;
  readonly env: ReadonlyMap<string, string>;
  readonly workingDir: string | null;
  readonly mounts: readonly EngineMount[];
  /** `--user` (`uid[:gid]`), null: the image's user. */
  readonly user: string | null;
  readonly readOnlyRoot: boolean;
  readonly capAdd: readonly string[];
  readonly capDrop: readonly string[];
  readonly privileged: boolean;
  /** Memory limit in bytes; null: none. */
  readonly memoryBytes: number | null;
  /** CPU limit in CPUs (`--cpus`), null: none. */
  readonly cpus: string | null;
  readonly stdin: boolean;
  readonly tty: boolean;
  readonly labels: Readonly<Record<string, string>>;
  /** Where the engine writes the main process's pid, if it can (`--pidfile`). */
  readonly pidFile: string | null;
  /** Where the engine writes the CRI log of this start, if it can (`writesLogs`). */
  readonly logPath: string | null;
}

/** How a container ended, from the engine's own state. */
export interface EngineExit {
  readonly exitCode: number;
  readonly oomKilled: boolean;
}

/** The outcome of making sure an image is there (image_manager.go EnsureImageExists). */
export type PullResult =
  | { readonly ok: true; readonly pulled: boolean }
  | { readonly ok: false; readonly message: string };

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** A running command of the engine CLI that streams (logs -f). */
export interface EngineStream {
  readonly stdout: Readable;
  readonly stderr: Readable;
  readonly done: Promise<void>;
}

export interface ContainerEngine {
  readonly name: EngineName;
  /** The argv prefix that runs the engine CLI (its absolute path, with its environment). */
  readonly cli: readonly string[];
  /**
   * Whether the engine writes each container's output to the spec's `logPath` in the CRI log
   * format itself (then `logs` is not used).
   */
  readonly writesLogs: boolean;
  createPod(spec: EnginePodSpec): Promise<EnginePod>;
  /**
   * The pid of the process holding the pod's network namespace (for the netns helper), its
   * holder started if it is not yet.
   */
  netnsPid(pod: EnginePod): Promise<number>;
  /**
   * Makes sure the image is present as the policy says: pulls (`pulling` called first), or
   * checks it is there.
   */
  ensureImage(image: string, policy: PullPolicy, pulling?: () => void): Promise<PullResult>;
  /**
   * Whether the image is present (nothing pulled, nothing reported); looked up once, so that
   * `ensureImage` finds the answer ready when a container starts.
   */
  imagePresent(image: string): Promise<boolean>;
  /**
   * Creates and starts a container in the pod; resolves with its id once it runs.
   * @throws Error with the engine's message when it cannot start (the CRI's StartError)
   */
  start(pod: EnginePod, spec: EngineContainerSpec): Promise<string>;
  /** Its stdout and stderr, from its start, until it exits. */
  logs(id: string): EngineStream;
  /**
   * Resolves when the container has exited, with its exit code and whether the OOM killer ended
   * it. `ended`: its followed log ended, which it does at the exit (then no `wait` runs).
   */
  wait(id: string, ended?: Promise<void>): Promise<EngineExit>;
  /**
   * Sends a signal (a name such as SIGTERM, or a number) to the container's main process (never
   * a stop with its own timer).
   */
  signal(id: string, signal: string): Promise<void>;
  /**
   * A running container's main process: from its pid file when the engine writes one (podman),
   * else from `inspect`; null when not known.
   */
  mainPid(id: string, pidFile: string): Promise<number | null>;
  /** The image's STOPSIGNAL (null: SIGTERM), looked up once per image. */
  stopSignal(image: string): Promise<string | null>;
  /** The argv that runs a command inside the container (exec). */
  execArgv(id: string, command: readonly string[]): string[];
  /** Removes one container (after its exit has been read). */
  remove(id: string): Promise<void>;
  /** Removes the pod and every container in it. */
  removePod(pod: EnginePod): Promise<void>;
  /** Removes every object carrying the label `key=value` (cleanup, the reaper). */
  removeLabelled(key: string, value: string): Promise<void>;
  /** The `LABEL_OWNER` values of every sidecarctl object (stale-run cleanup). */
  owners(): Promise<string[]>;
}
