/**
 * Step 1 of migrate: find the classic sidecars and move them (a JSON Patch `move`, so the file
 * keeps their lines) from `containers` to `initContainers`, then put `initContainers` in the
 * order the catalog asks: istio-proxy right after istio-init / istio-validation and before every
 * other init container, as Istio's native mode does; a proxy before the init containers that
 * need the network (catalog/order.ts).
 */
import { orderInitContainers, type OrderNode } from '../catalog/order.js';
import { recognise } from '../catalog/recognise.js';
import type { Catalog } from '../catalog/types.js';
import { isRecord } from '../manifest/objects.js';
import { detectClassicSidecars, type Detected } from './detect.js';
import type { Edit } from './edit.js';

type Obj = Record<string, unknown>;

function listAt(edit: Edit, key: 'containers' | 'initContainers'): unknown[] {
  const list = edit.spec(key);
  return Array.isArray(list) ? list : [];
}

/**
 * The classic sidecars to move, or null when none should move (nothing found, or every
 * container looks like one).
 */
export function sidecarsToMove(
  edit: Edit,
  catalog: Catalog,
  explicit: readonly string[],
): Detected[] | null {
  const containers = listAt(edit, 'containers');
  const initList = listAt(edit, 'initContainers');
  for (const name of explicit) {
    const native = initList.find(
      (c) => isRecord(c) && c['name'] === name && c['restartPolicy'] === 'Always',
    );
    if (native !== undefined) edit.change([], `${name} is already a native sidecar: nothing to do`);
  }
  const initNames = new Set(initList.map((c) => (isRecord(c) ? String(c['name']) : '')));
  const detected = detectClassicSidecars(containers, catalog, explicit);
  // Istio templates may carry a partial override container of the same name (sidecar-spire);
  // two containers of one name would be rejected (validation.go validateContainers: Duplicate).
  const found = detected.filter((f) => !initNames.has(f.name));
  if (found.length === 0) return null;
  for (const f of detected.filter((d) => initNames.has(d.name)))
    edit.warn(`${edit.podName}: ${f.name} is also an init container; left where it is`);
  if (found.length >= containers.length) {
    edit.warn(
      `${edit.podName}: every container looks like a sidecar (${found.map((f) => f.name).join(', ')}); nothing moved, name the sidecars with --sidecar`,
    );
    return null;
  }
  return found;
}

/** Moves the sidecars to the end of `initContainers`, in the order they were found. */
export function moveToInit(edit: Edit, found: readonly Detected[]): void {
  if (!Array.isArray(edit.spec('initContainers')))
    edit.apply({ op: 'add', path: edit.pointer('initContainers'), value: [] });
  const { specPath } = edit.template;
  for (const f of found) {
    const list = edit.spec('containers') as Obj[];
    const index = list.findIndex((c) => c['name'] === f.name);
    edit.apply({
      op: 'move',
      from: edit.pointer('containers', index),
      path: edit.pointer('initContainers', '-'),
    });
    edit.change(
      [...specPath, 'containers', f.index],
      `moved ${f.name} to initContainers as a native sidecar (${f.why})`,
    );
  }
}

/** Where each init container stands for the ordering: its catalog entry, if any. */
function orderNodes(init: readonly Obj[], moved: readonly string[], catalog: Catalog): OrderNode[] {
  return init.map((c, i) => {
    const name = String(c['name'] ?? '');
    const entry = recognise(c, catalog)?.entry;
    const placed = moved.includes(name) || c['restartPolicy'] === 'Always';
    if (placed && entry !== undefined) return { name, priority: i, entry };
    // A run-once helper of a catalog entry (vault-agent-init) keeps its entry's needs, so a
    // proxy that provides the network goes before it.
    const owner = [...catalog.entries.values()].find((e) =>
      (e.initContainers ?? []).some((h) => h['name'] === name),
    );
    return { name, priority: i, ...(owner !== undefined ? { entry: owner, helper: true } : {}) };
  });
}

/** Orders `initContainers` by the catalog's constraints; returns the names in their new order. */
export function orderInit(edit: Edit, moved: readonly string[], catalog: Catalog): string[] {
  const namesNow = (): string[] =>
    (edit.spec('initContainers') as Obj[]).map((c) => String(c['name'] ?? ''));
  const nodes = orderNodes(edit.spec('initContainers') as Obj[], moved, catalog);
  const ordered = orderInitContainers(nodes);
  if (ordered.cycle)
    edit.warn(
      `${edit.podName}: the catalog ordering constraints contradict each other; kept the existing order`,
    );
  const target = ordered.cycle ? nodes.map((n) => n.name) : ordered.order;
  let names = namesNow();
  target.forEach((name, i) => {
    const j = names.indexOf(name);
    if (j === i || j < 0) return;
    edit.apply({
      op: 'move',
      from: edit.pointer('initContainers', j),
      path: edit.pointer('initContainers', i),
    });
    names = namesNow();
  });
  return names;
}
