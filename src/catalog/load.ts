/**
 * The catalog: built-in entries plus entries from user files (`--catalog FILE|DIR`). A file
 * holds one or more YAML documents of `kind: CatalogEntry`, checked against the JSON Schema; a
 * bad entry is an error naming the file, line and field. A user entry with the name of a
 * built-in one replaces it.
 */
import { SidecarError } from '../errors.js';
import { requireWhole } from '../manifest/load.js';
import { parseSource } from '../manifest/parse.js';
import { checkAgainstSchema } from '../manifest/schema-check.js';
import { readSources, type SourceFile } from '../manifest/source.js';
import { builtinCatalog } from './builtin.js';
import { CATALOG_ENTRY_SCHEMA } from './schema.js';
import type { Catalog, CatalogEntry, JobPolicy, JsonObject } from './types.js';

export { builtinCatalog };

/**
 * The built-in catalog plus the entries of the given files or folders.
 * @throws SidecarError SIDECAR_E_CATALOG for an invalid entry (file:line:col, field)
 */
export function loadCatalog(paths: readonly string[] = []): Catalog {
  const builtin = builtinCatalog();
  const entries = new Map(builtin.entries);
  const catalog = { ...builtin, entries };
  if (paths.length === 0) return catalog;
  const sources = readSources(paths);
  if (sources.length === 0) {
    throw new SidecarError(
      'SIDECAR_E_CATALOG',
      `no catalog entry files (*.yaml, *.yml, *.json) in ${paths.join(', ')}`,
    );
  }
  for (const e of entriesFromSources(sources)) entries.set(e.name, e);
  return catalog;
}

/** Parses and checks catalog entries from texts (for tests and library users). */
export function entriesFromSources(sources: readonly SourceFile[]): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  for (const source of sources) {
    const documents = parseSource(source);
    requireWhole({ documents }, 'SIDECAR_E_CATALOG', () => 'invalid catalog entry');
    for (const doc of documents) {
      if (doc.value === null) continue;
      checkAgainstSchema(doc.value, CATALOG_ENTRY_SCHEMA, {
        code: 'SIDECAR_E_CATALOG',
        what: 'invalid catalog entry',
        document: doc,
      });
      out.push(toEntry(doc.value as JsonObject, doc.file));
    }
  }
  return out;
}

function toEntry(value: JsonObject, file: string): CatalogEntry {
  const md = value['metadata'] as JsonObject;
  const spec = value['spec'] as JsonObject & Record<string, unknown>;
  const pick = <T>(key: string): T | undefined => spec[key] as T | undefined;
  const name = md['name'] as string;
  const entry: Record<string, unknown> = {
    name,
    description: pick<string>('description') ?? '',
    product: pick<string>('product') ?? name,
    containers: pick<JsonObject[]>('containers') ?? [],
    source: file,
  };
  for (const key of [
    'role',
    'match',
    'expand',
    'parameters',
    'initContainers',
    'volumes',
    'appVolumeMounts',
    'resources',
    'ordering',
    'classicFirst',
    'classicPostStart',
  ]) {
    if (spec[key] !== undefined) entry[key] = spec[key];
  }
  const jobPolicy = pick<JobPolicy>('jobPolicy');
  if (jobPolicy !== undefined) entry['jobPolicy'] = jobPolicy;
  return entry as unknown as CatalogEntry;
}
