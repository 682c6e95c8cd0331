/**
 * The catalog: built-in entries plus entries from user files (`--catalog FILE|DIR`). A file
 * holds one or more YAML documents of `kind: CatalogEntry`, checked against the JSON Schema; a
 * bad entry is an error naming the file, line and field. A user entry with the name of a
 * built-in one replaces it.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { SidecarError } from '../errors.js';
import { formatPath, type PathSegment } from '../manifest/field-path.js';
import { locate } from '../manifest/locate.js';
import { parseSource } from '../manifest/parse.js';
import { readSources, type SourceFile } from '../manifest/source.js';
import { parsePointer } from '../rewrite/json-pointer.js';
import { builtinCatalog } from './builtin.js';
import { CATALOG_ENTRY_SCHEMA } from './schema.js';
import type { Catalog, CatalogEntry, JobPolicy, JsonObject } from './types.js';

let validator: ReturnType<Ajv['compile']> | undefined;

function validate(value: unknown): readonly ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(CATALOG_ENTRY_SCHEMA);
  return validator(value) ? [] : (validator.errors ?? []);
}

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
    for (const doc of parseSource(source)) {
      if (doc.error !== undefined) {
        throw new SidecarError('SIDECAR_E_CATALOG', `invalid catalog entry: ${doc.error.message}`, {
          file: doc.file,
          line: doc.error.line,
          column: doc.error.column,
        });
      }
      if (doc.value === null) continue;
      const errors = validate(doc.value);
      const first = errors[0];
      if (first !== undefined) {
        const segs = errorPath(first);
        const pos = locate(doc, segs);
        throw new SidecarError('SIDECAR_E_CATALOG', `invalid catalog entry: ${describe(first)}`, {
          file: doc.file,
          line: pos.line,
          column: pos.column,
          field: formatPath(segs) || '(root)',
        });
      }
      out.push(toEntry(doc.value as JsonObject, doc.file));
    }
  }
  return out;
}

function errorPath(e: ErrorObject): PathSegment[] {
  const segs: PathSegment[] = parsePointer(e.instancePath).map((s) =>
    /^\d+$/.test(s) ? Number(s) : s,
  );
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'required' && typeof params['missingProperty'] === 'string')
    segs.push(params['missingProperty']);
  if (e.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
    segs.push(params['additionalProperty']);
  }
  return segs;
}

function describe(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties')
    return `unknown field "${String(params['additionalProperty'])}"`;
  if (e.keyword === 'required')
    return `missing required field "${String(params['missingProperty'])}"`;
  if (e.keyword === 'enum')
    return `${e.message ?? 'invalid value'}: ${JSON.stringify(params['allowedValues'])}`;
  if (e.keyword === 'const') return `must be ${JSON.stringify(params['allowedValue'])}`;
  if (e.keyword === 'not') return 'must not be set';
  return e.message ?? 'invalid value';
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
