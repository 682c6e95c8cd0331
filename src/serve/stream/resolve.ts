/**
 * What kube-apiserver and the kubelet check before a streaming request is upgraded: the pod
 * exists (404), the container is one of the pod's (400, apiserver `pkg/registry/core/pod/strategy.go`
 * validateContainer: `container nope is not valid for pod p`; an empty name defaults only when the
 * pod has one container), and it is running (the kubelet's `container not found`). kubectl checks
 * none of these for exec (kubectl-compat §11 gotcha 9).
 */
import type { ApiErrorShape, KubeObject } from '../store/types.js';
import type { StreamRequest } from './request.js';
import { badRequest } from './status.js';

interface ContainerLike {
  readonly name?: unknown;
}

interface ContainerStatusLike {
  readonly name?: unknown;
  readonly state?: { readonly running?: unknown };
}

function list<T>(v: unknown): readonly T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

/** Every container name of the pod: init (sidecars included), regular, ephemeral. */
function containerNames(pod: KubeObject): string[] {
  const spec = (pod['spec'] ?? {}) as Record<string, unknown>;
  const names: string[] = [];
  for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const c of list<ContainerLike>(spec[key]))
      if (typeof c.name === 'string') names.push(c.name);
  }
  return names;
}

function isRunning(pod: KubeObject, container: string): boolean {
  const status = (pod['status'] ?? {}) as Record<string, unknown>;
  for (const key of ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses']) {
    for (const s of list<ContainerStatusLike>(status[key])) {
      if (s.name === container) return s.state?.running !== undefined && s.state.running !== null;
    }
  }
  return false;
}

/** The pod's NotFound, as kube-apiserver words it. */
export function podNotFound(name: string): ApiErrorShape {
  return {
    code: 404,
    reason: 'NotFound',
    message: `pods "${name}" not found`,
    details: { name, kind: 'pods' },
  };
}

/**
 * The container an exec/attach runs in, or the error to answer before the upgrade.
 * `pod` is the stored pod (undefined: 404).
 */
export function resolveContainer(
  req: StreamRequest,
  pod: KubeObject | undefined,
): { container: string } | { error: ApiErrorShape } {
  if (pod === undefined) return { error: podNotFound(req.pod) };
  const names = containerNames(pod);
  let container = req.container ?? '';
  if (container === '') {
    const regular = list<ContainerLike>(
      ((pod['spec'] ?? {}) as Record<string, unknown>)['containers'],
    );
    if (regular.length !== 1 || typeof regular[0]!.name !== 'string') {
      const msg = `a container name must be specified for pod ${req.pod}, choose one of: [${names.join(' ')}]`;
      return { error: badRequest(msg) };
    }
    container = regular[0]!.name;
  }
  if (!names.includes(container)) {
    return { error: badRequest(`container ${container} is not valid for pod ${req.pod}`) };
  }
  // The kubelet finds no running container to exec in (`pkg/kubelet/kubelet_pods.go` findContainer:
  // `container not found (%q)`), and the API server prefixes `unable to upgrade connection`.
  if (!isRunning(pod, container)) {
    return {
      error: badRequest(`unable to upgrade connection: container not found ("${container}")`),
    };
  }
  return { container };
}
