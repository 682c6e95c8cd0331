/**
 * Container classification: regular init container, sidecar (native: an init container with
 * `restartPolicy: Always` on a version where the SidecarContainers gate is on), regular
 * container, ephemeral container.
 *
 * https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
 * kubernetes/kubernetes pkg/api/v1/pod/util.go IsRestartableInitContainer.
 */
import { isRecord } from './record.js';
import type { VersionInfo } from './versions.js';

export type ContainerKind = 'init' | 'sidecar' | 'regular' | 'ephemeral';

/** The list of the pod spec a container comes from. */
export type ContainerList = 'initContainers' | 'containers' | 'ephemeralContainers';

export interface ClassifiedContainer {
  readonly kind: ContainerKind;
  readonly list: ContainerList;
  /** Index in its list. */
  readonly index: number;
  /** `name`, or '' when missing or not a string. */
  readonly name: string;
  /** The container object as written (checked to be an object). */
  readonly spec: Readonly<Record<string, unknown>>;
  /** Field path relative to the pod spec, e.g. `initContainers[1]`. */
  readonly path: string;
}

/**
 * Whether an init container is restartable (a sidecar) for the given version: the field must
 * exist and the gate be on; with the gate off the API server drops the field
 * (pkg/api/pod/util.go dropDisabledFields), so the container is a plain init container.
 */
export function isSidecarSpec(container: unknown, version: Pick<VersionInfo, 'sidecars'>): boolean {
  return version.sidecars && isRecord(container) && container['restartPolicy'] === 'Always';
}

/**
 * Classifies every container of a pod spec, in spec order: init containers (regular and
 * sidecars interleaved), then regular containers, then ephemeral ones. Entries that are not
 * objects are skipped (validation reports them).
 */
export function classifyContainers(
  spec: unknown,
  version: Pick<VersionInfo, 'sidecars'>,
): ClassifiedContainer[] {
  if (!isRecord(spec)) return [];
  const out: ClassifiedContainer[] = [];
  const lists: [ContainerList, (c: Record<string, unknown>) => ContainerKind][] = [
    ['initContainers', (c) => (isSidecarSpec(c, version) ? 'sidecar' : 'init')],
    ['containers', () => 'regular'],
    ['ephemeralContainers', () => 'ephemeral'],
  ];
  for (const [list, kindOf] of lists) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((c: unknown, index: number) => {
      if (!isRecord(c)) return;
      out.push({
        kind: kindOf(c),
        list,
        index,
        name: typeof c['name'] === 'string' ? c['name'] : '',
        spec: c,
        path: `${list}[${String(index)}]`,
      });
    });
  }
  return out;
}
