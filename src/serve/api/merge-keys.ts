/**
 * The patch strategies of the list fields kubectl patches, as the Go types declare them in their
 * `patchStrategy` / `patchMergeKey` tags (staging/src/k8s.io/api/core/v1/types.go: PodSpec,
 * Container, EphemeralContainerCommon, ObjectMeta in apimachinery meta/v1/types.go, PodStatus).
 * A Job's pod template (spec.template.spec) has the PodSpec's. Lists not named here are atomic:
 * a patch replaces them (Tolerations, ReadinessGates, Args, Command and EnvFrom among them).
 */

/** How a list field merges. */
export type ListStrategy =
  | { readonly kind: 'atomic' }
  | { readonly kind: 'mergeKey'; readonly key: string; readonly retainKeys: boolean }
  | { readonly kind: 'primitiveMerge' };

const ATOMIC: ListStrategy = { kind: 'atomic' };

const byKey = (key: string, retainKeys = false): ListStrategy => ({
  kind: 'mergeKey',
  key,
  retainKeys,
});

const POD_SPEC: Readonly<Record<string, ListStrategy>> = {
  containers: byKey('name'),
  initContainers: byKey('name'),
  ephemeralContainers: byKey('name'),
  volumes: byKey('name', true),
  imagePullSecrets: byKey('name'),
  hostAliases: byKey('ip'),
  topologySpreadConstraints: byKey('topologyKey'),
  schedulingGates: byKey('name'),
  resourceClaims: byKey('name', true),
};

const CONTAINER: Readonly<Record<string, ListStrategy>> = {
  env: byKey('name'),
  ports: byKey('containerPort'),
  volumeMounts: byKey('mountPath'),
  volumeDevices: byKey('devicePath'),
  resizePolicy: byKey('resourceName'),
};

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** ObjectMeta's: finalizers are a set, ownerReferences merge by uid. */
const META: Readonly<Record<string, ListStrategy>> = {
  finalizers: { kind: 'primitiveMerge' },
  ownerReferences: byKey('uid'),
};

/**
 * The strategy of the list at `path` (map keys from the object's root, list positions left out)
 * in an object of `kind`.
 */
export function listStrategy(kind: string, path: readonly string[]): ListStrategy {
  const last = path[path.length - 1] ?? '';
  if (path.length === 2 && path[0] === 'metadata') return META[last] ?? ATOMIC;
  if (kind === 'Pod' && path.length === 2 && path[0] === 'status' && last === 'conditions')
    return byKey('type');
  const spec = podSpecDepth(kind, path);
  if (spec < 0) return ATOMIC;
  const rest = path.slice(spec);
  if (rest.length === 1) return POD_SPEC[last] ?? ATOMIC;
  if (rest.length === 2 && CONTAINER_LISTS.has(rest[0] ?? '')) return CONTAINER[last] ?? ATOMIC;
  return ATOMIC;
}

/** Where the PodSpec starts in the path, or -1. */
function podSpecDepth(kind: string, path: readonly string[]): number {
  if (kind === 'Pod' && path[0] === 'spec') return 1;
  if (kind === 'Job' && path[0] === 'spec' && path[1] === 'template' && path[2] === 'spec')
    return 3;
  return -1;
}
