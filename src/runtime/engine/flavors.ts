/**
 * Where the podman and docker CLIs differ, and only that: the rest of oci-cli.ts is one code
 * path. A pod is a podman pod (its infra container, catatonit, needs no image) or, for docker, an
 * infra container whose network, IPC and UTS namespaces the containers join (as dockershim did
 * with the pause image).
 */
import type { EngineName } from './types.js';

export interface EngineFlavor {
  readonly name: EngineName;
  /** Creating the pod's namespaces: the argv (after the CLI) of each step, in order. */
  podCreate(name: string, hostname: string, labels: readonly string[]): string[][];
  /** Starting the pod's holder if it is not yet (podman starts it with the first container). */
  podStart(name: string): string[] | null;
  /** The container holding the pod's network namespace (for `inspect`). */
  infraName(pod: string): string;
  /** What a container is given to join the pod. */
  joinArgs(pod: string): string[];
  /** Removing the pod with everything in it, at once (no stop timer). */
  podRemove(pod: string): string[][];
  /** `rm` of containers, killing at once. */
  readonly rm: readonly string[];
  /** Extra `wait` flags. */
  readonly wait: readonly string[];
  /** `--format` template of one label's value in `ps`. */
  labelFormat(key: string): string;
  /** Whether the engine has pods (podman `pod ps` / `pod rm`). */
  readonly pods: boolean;
  /** Whether `run` writes the main pid to a file (`--pidfile`). */
  readonly pidFile: boolean;
  /**
   * Whether the engine writes a container's output to a file of ours in the CRI log format
   * itself (podman's `k8s-file` log driver: conmon writes it as the kubelet's runtimes do), so
   * no `logs --follow` runs per container.
   */
  readonly logFile: boolean;
}

/** docker's pod holder: `SIDECARCTL_INFRA_IMAGE` or the kubelet's pause image. */
export function infraImage(env: NodeJS.ProcessEnv = process.env): string {
  return env['SIDECARCTL_INFRA_IMAGE'] ?? 'registry.k8s.io/pause:3.10';
}

export const PODMAN: EngineFlavor = {
  name: 'podman',
  podCreate: (name, hostname, labels) => [
    [
      'pod',
      'create',
      '--name',
      name,
      '--infra-name',
      `${name}-infra`,
      '--hostname',
      hostname,
      '--share',
      'net,ipc,uts',
      ...labels.flatMap((l) => ['--label', l]),
    ],
  ],
  // The infra container alone: `pod start` would also start any container created, not started.
  podStart: (name) => ['start', `${name}-infra`],
  infraName: (pod) => `${pod}-infra`,
  joinArgs: (pod) => ['--pod', pod],
  podRemove: (pod) => [['pod', 'rm', '-f', '-t', '0', pod]],
  rm: ['rm', '-f', '-t', '0'],
  wait: ['--interval', '100ms'],
  labelFormat: (key) => `{{index .Labels "${key}"}}`,
  pods: true,
  pidFile: true,
  logFile: true,
};

export const DOCKER: EngineFlavor = {
  name: 'docker',
  podCreate: (name, hostname, labels) => [
    [
      'run',
      '-d',
      '--name',
      `${name}-infra`,
      '--hostname',
      hostname,
      '--ipc',
      'shareable',
      ...labels.flatMap((l) => ['--label', l]),
      infraImage(),
    ],
  ],
  podStart: () => null,
  infraName: (pod) => `${pod}-infra`,
  joinArgs: (pod) => ['--network', `container:${pod}-infra`, '--ipc', `container:${pod}-infra`],
  podRemove: () => [],
  rm: ['rm', '-f'],
  wait: [],
  labelFormat: (key) => `{{.Label "${key}"}}`,
  pods: false,
  pidFile: false,
  logFile: false,
};
