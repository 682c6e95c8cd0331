/**
 * Step 2 of inject: where the expansions go in the pod spec.
 *
 * Native mode (SidecarContainers on: 1.29+, or 1.28 with the gate) puts each entry's containers
 * in `initContainers` with `restartPolicy: Always` (kubernetes/kubernetes pkg/api/v1/pod/util.go
 * IsRestartableInitContainer), ordered by the catalog's constraints (catalog/order.ts). Classic
 * mode puts them in `containers`: a proxy the app needs first, with its postStart hold (Istio's
 * holdApplicationUntilProxyStarts), the others after the app. Run-once helpers are init
 * containers in both modes. Then the entries' volumes and the app's mounts of them.
 */
import { orderInitContainers, type OrderNode } from '../catalog/order.js';
import type { JsonObject } from '../catalog/types.js';
import { isRecord } from '../manifest/objects.js';
import type { Expansion } from './expand.js';

type Obj = Record<string, unknown>;

/** The names of a list's items ('' for an item without one). */
export function namesOf(list: unknown): string[] {
  return Array.isArray(list)
    ? list.map((c) => (isRecord(c) && typeof c['name'] === 'string' ? c['name'] : ''))
    : [];
}

/** What placing added, for the status annotation and kubectl's default container. */
export interface Placed {
  readonly initContainers: string[];
  readonly containers: string[];
  readonly volumes: string[];
  /** A classic proxy now comes before the app. */
  readonly proxyFirst: boolean;
  /** The contradiction in the catalog's ordering constraints, if any. */
  readonly cycle: boolean;
}

function withRestartAlways(c: JsonObject): JsonObject {
  const out: JsonObject = {};
  let placed = false;
  for (const [k, v] of Object.entries(c)) {
    if (k === 'restartPolicy') continue;
    out[k] = v;
    if (k === 'image') {
      out['restartPolicy'] = 'Always';
      placed = true;
    }
  }
  if (!placed) out['restartPolicy'] = 'Always';
  return out;
}

function withHold(s: JsonObject, exp: Expansion): JsonObject {
  const post = exp.entry.classicPostStart;
  const lifecycle = isRecord(s['lifecycle']) ? s['lifecycle'] : {};
  return post !== undefined && lifecycle['postStart'] === undefined
    ? { ...s, lifecycle: { ...lifecycle, postStart: post } }
    : s;
}

/** Places the containers of the expansions into `spec` (changed in place: it is inject's copy). */
export function placeContainers(
  spec: Obj,
  expansions: readonly Expansion[],
  mode: 'native' | 'classic',
): Pick<Placed, 'initContainers' | 'containers' | 'proxyFirst' | 'cycle'> {
  const init = (
    Array.isArray(spec['initContainers']) ? spec['initContainers'] : []
  ) as JsonObject[];
  const byName = new Map<string, JsonObject>(init.map((c) => [String(c['name']), c]));
  const nodes: OrderNode[] = init.map((c, i) => ({ name: String(c['name']), priority: i }));
  const addedInit: string[] = [];
  const addedContainers: string[] = [];
  const front: JsonObject[] = [];
  const back: JsonObject[] = [];
  let next = init.length;
  const addInit = (c: JsonObject, node: Omit<OrderNode, 'name'>): void => {
    const n = String(c['name']);
    byName.set(n, c);
    addedInit.push(n);
    nodes.push({ name: n, ...node });
  };
  for (const exp of expansions) {
    for (const h of exp.helpers)
      addInit(h, {
        priority: exp.helpersFirst === true ? -1 - nodes.length : next++,
        entry: exp.entry,
        helper: true,
      });
    for (const s of exp.sidecars) {
      if (mode === 'native') {
        addInit(withRestartAlways(s), { priority: next++, entry: exp.entry });
        continue;
      }
      addedContainers.push(String(s['name']));
      if (exp.entry.classicFirst === true) front.push(withHold(s, exp));
      else back.push(s);
    }
  }
  const ordered = addedInit.length > 0 ? orderInitContainers(nodes) : undefined;
  if (ordered !== undefined) spec['initContainers'] = ordered.order.map((n) => byName.get(n)!);
  const containers = (Array.isArray(spec['containers']) ? spec['containers'] : []) as JsonObject[];
  spec['containers'] = [...front, ...containers, ...back];
  return {
    initContainers: addedInit,
    containers: addedContainers,
    proxyFirst: front.length > 0,
    cycle: ordered?.cycle === true,
  };
}

/** Adds the volumes the pod lacks (by name) and the app containers' mounts of them. */
export function placeVolumes(
  spec: Obj,
  expansions: readonly Expansion[],
  appNames: readonly string[],
): string[] {
  const volumes = (Array.isArray(spec['volumes']) ? [...spec['volumes']] : []) as JsonObject[];
  const added: string[] = [];
  const volumeNames = new Set(namesOf(volumes));
  for (const v of expansions.flatMap((e) => e.volumes)) {
    const n = String(v['name']);
    if (volumeNames.has(n)) continue;
    volumeNames.add(n);
    volumes.push(v);
    added.push(n);
  }
  if (volumes.length > 0) spec['volumes'] = volumes;
  const mounts = expansions.flatMap((e) => e.appVolumeMounts);
  spec['containers'] = (spec['containers'] as JsonObject[]).map((c) =>
    appNames.includes(String(c['name'])) ? withMounts(c, mounts) : c,
  );
  return added;
}

/** An app container with the mounts it lacks (same volume name or same path counts as had). */
function withMounts(c: JsonObject, wanted: readonly JsonObject[]): JsonObject {
  const mounts = Array.isArray(c['volumeMounts']) ? [...(c['volumeMounts'] as JsonObject[])] : [];
  let changed = false;
  for (const m of wanted) {
    const had = mounts.some(
      (x) => isRecord(x) && (x['name'] === m['name'] || x['mountPath'] === m['mountPath']),
    );
    if (had) continue;
    mounts.push(m);
    changed = true;
  }
  return changed ? { ...c, volumeMounts: mounts } : c;
}
