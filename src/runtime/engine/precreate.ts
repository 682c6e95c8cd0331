/**
 * Containers made ahead of their start, as the process runtime prestarts its chains
 * (../prestart.ts): once the pod sandbox exists, the first instance of every container that
 * starts after another (the init containers after the first, sidecars included, and the regular
 * containers behind them) is created in the engine, one after another, while the earlier ones
 * run; its start is then only the engine's `start`. Nothing of it is visible: what the kubelet
 * decides (CreateContainer then StartContainer, kuberuntime_container.go startContainer) is
 * unchanged, the spec is the one the start would build, and an image that must be pulled
 * (`Always`, or absent) is left to the start, which pulls it and reports it.
 */
import type { PreparedPod } from '../prepare.js';
import { pullPolicyOf } from './container-spec.js';
import { instanceSpec, type EngineContainerOf } from './instance-spec.js';
import type { ContainerEngine, EngineContainerSpec, EnginePod } from './types.js';

/** Per pod: instance name -> whether it was created (false: the start creates it). */
const made = new WeakMap<EnginePod, Map<string, Promise<boolean>>>();

function containerNames(list: unknown): string[] {
  return Array.isArray(list)
    ? list.flatMap((c: unknown) =>
        typeof c === 'object' && c !== null && typeof (c as { name?: unknown }).name === 'string'
          ? [(c as { name: string }).name]
          : [],
      )
    : [];
}

/**
 * The containers that start after another, in start order: every init container but the first,
 * then the regular ones. Without init containers, the regular ones start at once, together:
 * nothing is ahead of them.
 */
export function precreateOrder(prepared: PreparedPod): string[] {
  const inits = containerNames(prepared.ctx.spec['initContainers']);
  if (inits.length === 0) return [];
  return [...inits.slice(1), ...containerNames(prepared.ctx.spec['containers'])];
}

function specOrNull(c: EngineContainerOf): EngineContainerSpec | null {
  const prep = c.prepared.containers.get(c.name);
  if (prep === undefined || pullPolicyOf(prep.spec) === 'Always') return null;
  try {
    return instanceSpec(c, 0);
  } catch {
    return null; // the start reports why it cannot be made
  }
}

/** Creates the first instances ahead of their starts, one at a time, in start order. */
export function precreate(
  engine: ContainerEngine,
  pod: EnginePod,
  prepared: PreparedPod,
  allowPrivileged: boolean,
): void {
  const byId = new Map<string, Promise<boolean>>();
  made.set(pod, byId);
  let previous: Promise<unknown> = Promise.resolve();
  for (const name of precreateOrder(prepared)) {
    const spec = specOrNull({ engine, pod, prepared, name, allowPrivileged });
    if (spec === null) continue;
    const created = previous.then(async () =>
      (await engine.imagePresent(spec.image))
        ? engine.create(pod, spec).then(
            () => true,
            () => false,
          )
        : false,
    );
    byId.set(spec.name, created);
    previous = created;
  }
}

/**
 * Whether the instance was created ahead (waiting for a creation under way); it is then the
 * start's to start or remove. False when the start must create it.
 */
export async function takePrecreated(pod: EnginePod, id: string): Promise<boolean> {
  const byId = made.get(pod);
  const created = byId?.get(id);
  byId?.delete(id);
  return created === undefined ? false : created;
}
