/**
 * What the HTTP layer of `serve` (src/serve/http) asks of the local kubelet (src/serve/kubelet)
 * beyond the store: a container's log and a way into a running container (exec). Shared contract
 * of the serve parts: change it only by adding.
 */
import type { Readable } from 'node:stream';

/** `GET pods/NAME/log` query parameters, as kube-apiserver's PodLogOptions. */
export interface PodLogOptions {
  /** Already defaulted by the HTTP layer (kubectl checks the name client-side too). */
  readonly container: string;
  readonly follow?: boolean;
  readonly previous?: boolean;
  readonly timestamps?: boolean;
  readonly tailLines?: number;
  readonly sinceSeconds?: number;
  /** RFC 3339. */
  readonly sinceTime?: string;
  readonly limitBytes?: number;
}

/** Where a command runs inside a running container (the CRI's Exec). */
export interface ExecTarget {
  /** The argv that runs `command` in the container's namespaces, root and working dir. */
  argv(command: readonly string[]): string[];
  /** The container's environment. */
  readonly env: Readonly<Record<string, string>>;
}

export interface PodBackend {
  /**
   * The log of one container: raw bytes (with timestamps when asked); with `follow`, the stream
   * ends when the container exits (or the pod is deleted).
   * @throws ApiError BadRequest `container "app" in pod "p" is waiting to start: PodInitializing`,
   *   NotFound, as kube-apiserver and the kubelet word them
   */
  logs(namespace: string, pod: string, opts: PodLogOptions): Readable;
  /**
   * A way into a running container.
   * @throws ApiError BadRequest when the pod or container is not running (kubectl does not check)
   */
  execTarget(namespace: string, pod: string, container: string): ExecTarget;
  /**
   * A connection to `port` inside the pod's network (port-forward).
   * @throws ApiError BadRequest when the pod is not running
   */
  connect?(namespace: string, pod: string, port: number): Promise<import('node:net').Socket>;
}
