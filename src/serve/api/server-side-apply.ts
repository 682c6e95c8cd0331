/**
 * Server-side apply (`application/apply-patch+yaml`, `kubectl apply --server-side`), approximated:
 * the applied configuration is merged onto the live object as a strategic merge patch (so lists
 * merge by the same keys), and the manager's `managedFields` entry (operation Apply, FieldsV1 of
 * the fields it applied) replaces its previous one. Real SSA (staging/src/k8s.io/apiserver/pkg/
 * endpoints/handlers/fieldmanager, sigs.k8s.io/structured-merge-diff) also removes fields the
 * manager stopped applying and reports conflicts between managers; serve does neither.
 * Without a live object the configuration is the new object (patch.go applyPatcher.createNewObject).
 */
import { isObject } from './json-patches.js';
import { listStrategy } from './merge-keys.js';
import { strategicMerge } from './strategic-merge.js';

type Json = Record<string, unknown>;

/** Who applies and when. */
export interface ApplyOptions {
  /** The `fieldManager` query parameter (kubectl sends `kubectl`). */
  readonly manager: string;
  /** RFC 3339 time of the request. */
  readonly time: string;
}

/** The object after applying `applied` onto `live` (undefined: nothing exists yet). */
export function serverSideApply(live: Json | undefined, applied: Json, opts: ApplyOptions): Json {
  const kind = typeof applied['kind'] === 'string' ? applied['kind'] : '';
  const merged =
    live === undefined ? structuredClone(applied) : strategicMerge(kind, live, applied);
  const meta = isObject(merged['metadata']) ? merged['metadata'] : {};
  const previous = Array.isArray(meta['managedFields']) ? (meta['managedFields'] as unknown[]) : [];
  const kept = previous.filter(
    (e) => !(isObject(e) && e['manager'] === opts.manager && e['operation'] === 'Apply'),
  );
  const entry = {
    manager: opts.manager,
    operation: 'Apply',
    apiVersion: applied['apiVersion'],
    time: opts.time,
    fieldsType: 'FieldsV1',
    fieldsV1: fieldsV1(kind, [], withoutIdentity(applied)),
  };
  return { ...merged, metadata: { ...meta, managedFields: [...kept, entry] } };
}

/** apiVersion, kind, and metadata.name/namespace are identity, not owned fields. */
function withoutIdentity(applied: Json): Json {
  const rest = Object.fromEntries(
    Object.entries(applied).filter(([k]) => k !== 'apiVersion' && k !== 'kind'),
  );
  const meta = rest['metadata'];
  if (!isObject(meta)) return rest;
  const m = Object.fromEntries(
    Object.entries(meta).filter(([k]) => k !== 'name' && k !== 'namespace'),
  );
  if (Object.keys(m).length === 0)
    return Object.fromEntries(Object.entries(rest).filter(([k]) => k !== 'metadata'));
  return { ...rest, metadata: m };
}

/** A FieldsV1 set: `f:<field>` for map keys, `k:{"<key>":<value>}` for keyed list elements. */
export function fieldsV1(kind: string, path: readonly string[], v: Json): Json {
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) {
    const p = [...path, k];
    if (isObject(x)) out[`f:${k}`] = fieldsV1(kind, p, x);
    else if (Array.isArray(x)) out[`f:${k}`] = listFields(kind, p, x);
    else out[`f:${k}`] = {};
  }
  return out;
}

function listFields(kind: string, path: readonly string[], list: unknown[]): Json {
  const s = listStrategy(kind, path);
  if (s.kind === 'atomic') return {};
  const out: Json = {};
  for (const el of list) {
    if (s.kind === 'primitiveMerge') out[`v:${JSON.stringify(el)}`] = {};
    else if (isObject(el))
      out[`k:${JSON.stringify({ [s.key]: el[s.key] })}`] = { '.': {}, ...fieldsV1(kind, path, el) };
  }
  return out;
}
