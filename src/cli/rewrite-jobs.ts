/**
 * What `inject` and `migrate` do to each object, made from plain data (a recipe: the command's
 * options, catalog and version), so that the rewrite's worker threads (rewrite-worker.ts) make
 * the same job as the command: the transform, and what is kept of each object (its stderr
 * lines, and for `-o json` and `-o patch` its report).
 */
import type { Catalog } from '../catalog/types.js';
import { injectObject, type InjectMode, type InjectResult } from '../inject/inject.js';
import { migrateObject, type MigrateResult } from '../migrate/migrate.js';
import type { VersionInfo } from '../model/versions.js';
import { objectLabel, type RewriteFormat } from '../rewrite/output.js';
import type { ObjectRewrite, RewrittenObject } from '../rewrite/rewrite-files.js';
import type { RewriteJob } from '../rewrite/rewrite-parallel.js';

interface RecipeBase {
  /** The catalog as the command read it (`--catalog` files and stdin are not read again). */
  readonly catalog: Catalog;
  readonly version: VersionInfo;
  readonly format: RewriteFormat;
}

export interface InjectRecipe extends RecipeBase {
  readonly command: 'inject';
  readonly mode: InjectMode;
  readonly with: readonly string[];
  readonly explain: boolean;
}

export interface MigrateRecipe extends RecipeBase {
  readonly command: 'migrate';
  readonly sidecars: readonly string[];
}

export type RewriteRecipe = InjectRecipe | MigrateRecipe;

/** A report: what `-o json` adds to each object. */
export type Report = Record<string, unknown>;

/** What the command keeps of an object: its lines for stderr and, for -o json/patch, itself. */
export interface RewriteDigest {
  /**
   * Its warnings and notes for stderr, joined with newlines ('' for none): one string an object
   * to copy between threads, not several.
   */
  readonly lines: string;
  /** The object without its parse, its result being its report; null unless printed. */
  readonly kept: RewrittenObject<Report> | null;
}

/** The job of a recipe (what a worker makes of the recipe it is sent). */
export function rewriteJob(recipe: RewriteRecipe): RewriteJob<unknown, RewriteDigest> {
  return recipe.command === 'inject'
    ? (injectJob(recipe) as RewriteJob<unknown, RewriteDigest>)
    : (migrateJob(recipe) as RewriteJob<unknown, RewriteDigest>);
}

export function injectJob(recipe: InjectRecipe): RewriteJob<InjectResult, RewriteDigest> {
  const { catalog, version } = recipe;
  const options = { version, mode: recipe.mode, with: [...recipe.with] };
  return {
    transform: (o) => {
      const r = injectObject(o.value, catalog, options);
      return { patch: r.patch, result: r };
    },
    digest: digestWith(
      recipe.format,
      (o) => (recipe.explain ? explain(o) : []),
      (r) => ({ mode: r.mode, decisions: r.decisions, warnings: r.warnings }),
    ),
  };
}

export function migrateJob(recipe: MigrateRecipe): RewriteJob<MigrateResult, RewriteDigest> {
  const { catalog, version } = recipe;
  const options = { version, sidecars: [...recipe.sidecars] };
  return {
    transform: (o) => {
      const r = migrateObject(o.value, catalog, options);
      return { patch: r.patch, result: r };
    },
    digest: digestWith(
      recipe.format,
      // -o json holds the changes already.
      (o) =>
        recipe.format === 'json'
          ? []
          : objectNotes(
              o,
              o.result.changes.map((c) => `${c.message}${c.field !== '' ? ` (${c.field})` : ''}`),
            ),
      (r) => ({ changes: r.changes, warnings: r.warnings }),
    ),
  };
}

/**
 * An object's warnings and notes, and, for the formats that print objects, the object without
 * its parse (the heavy part) with its report.
 */
function digestWith<R extends { readonly warnings: readonly string[] }>(
  format: RewriteFormat,
  notes: (o: ObjectRewrite<R>) => readonly string[],
  report: (r: R) => Report,
): (o: ObjectRewrite<R>) => RewriteDigest {
  const keep = format === 'json' || format === 'patch';
  return (o) => ({
    lines: [
      ...o.result.warnings.map((w) => `Warning: ${o.object.document.file}: ${w}`),
      ...notes(o),
    ].join('\n'),
    kept: keep ? plainObject(o, report(o.result)) : null,
  });
}

function plainObject<R>(o: ObjectRewrite<R>, report: Report): RewrittenObject<Report> {
  const { document, item, kind, name, namespace } = o.object;
  return {
    object: {
      document: { file: document.file, index: document.index },
      ...(item !== undefined ? { item } : {}),
      kind,
      name,
      namespace,
    },
    patch: o.patch,
    after: o.after,
    result: report,
  };
}

/** `file: Kind/ns/name: line` for each of an object's notes. */
function objectNotes<R>(o: ObjectRewrite<R>, lines: readonly string[]): string[] {
  return lines.map((l) => `${objectLabel(o)}: ${l}`);
}

/** inject --explain: why each entry was or was not injected into an object. */
function explain(o: ObjectRewrite<InjectResult>): string[] {
  const { decisions, mode } = o.result;
  if (decisions.length === 0 && mode === null)
    return objectNotes(o, [
      'nothing asked (no sidecarctl.io/inject, vault.hashicorp.com/agent-inject or --with)',
    ]);
  return objectNotes(
    o,
    decisions.map((d) => `${d.entry}: ${d.injected ? 'injected' : 'not injected'}: ${d.reason}`),
  );
}
