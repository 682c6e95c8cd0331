/**
 * Turns a catalog entry into the concrete containers and volumes for one pod: parameters from
 * their defaults, overridden per pod by annotations `sidecarctl.io/<entry>.<param>`, filled into
 * every `${param}` of the entry's strings, and the entry's default resources given to
 * containers that declare none.
 */
import type { CatalogEntry, Json, JsonObject } from '../catalog/types.js';
import { isRecord } from '../manifest/objects.js';

export const ANNOTATION_PREFIX = 'sidecarctl.io/';

/** An entry made concrete for one pod. */
export interface Expansion {
  readonly entry: CatalogEntry;
  readonly params: Readonly<Record<string, string>>;
  readonly helpers: JsonObject[];
  readonly sidecars: JsonObject[];
  readonly volumes: JsonObject[];
  readonly appVolumeMounts: JsonObject[];
  /** Annotations the injection sets on the pod (besides the status). */
  readonly annotations: Readonly<Record<string, string>>;
  /** Run the helpers before every other init container (vault agent-init-first). */
  readonly helpersFirst?: boolean;
}

/** The parameters of an entry for a pod with these annotations. */
export function resolveParams(
  entry: CatalogEntry,
  annotations: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, p] of Object.entries(entry.parameters ?? {})) {
    const override = annotations[`${ANNOTATION_PREFIX}${entry.name}.${name}`];
    out[name] = override ?? p.default;
  }
  return out;
}

/** Fills `${param}` placeholders of known parameters; other `${...}` (shell) stay as they are. */
export function fill<T extends Json>(value: T, params: Readonly<Record<string, string>>): T {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z][A-Za-z0-9_]*)\}/g, (whole, name: string) =>
      Object.hasOwn(params, name) ? params[name]! : whole,
    ) as T;
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, params)) as T;
  if (isRecord(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = fill(v as Json, params);
    return out as T;
  }
  return value;
}

function withResources(c: JsonObject, resources: JsonObject | undefined): JsonObject {
  if (resources === undefined || c['resources'] !== undefined) return c;
  return { ...c, resources: structuredClone(resources) };
}

/** Expands a generic entry. */
export function expandEntry(
  entry: CatalogEntry,
  annotations: Readonly<Record<string, string>>,
): Expansion {
  const params = resolveParams(entry, annotations);
  return {
    entry,
    params,
    helpers: (entry.initContainers ?? []).map((c) =>
      withResources(fill(c, params), entry.resources),
    ),
    sidecars: entry.containers.map((c) => withResources(fill(c, params), entry.resources)),
    volumes: (entry.volumes ?? []).map((v) => fill(v, params)),
    appVolumeMounts: (entry.appVolumeMounts ?? []).map((m) => fill(m, params)),
    annotations: {},
  };
}
