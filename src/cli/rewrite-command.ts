/**
 * The tail that `inject` and `migrate` share once their rewrite is computed: the warnings and
 * per-object notes on stderr, then either the files rewritten in place (never stdin) or the
 * chosen format on stdout. Written once so the two commands cannot drift apart.
 */
import { formatRewrite, writeInPlace } from '../rewrite/output.js';
import type { RewriteOutcome, RewrittenObject } from '../rewrite/rewrite-files.js';
import { rewritePathsParallel } from '../rewrite/rewrite-parallel.js';
import { rewriteJob, type Report, type RewriteRecipe } from './rewrite-jobs.js';
import { TextChunks } from '../rewrite/text-chunks.js';
import { usageError, writeOut } from './common.js';

export interface RewriteOutput {
  /** The paths the command was given (empty: stdin). */
  readonly paths: readonly string[];
  /** `--in-place`. */
  readonly inPlace: boolean;
  /** How `--in-place` says what it did, before the count: `injected into`, `migrated`. */
  readonly wrote: string;
}

/**
 * Rewrites the objects of `args` with the job of `recipe` (a big input on worker threads that
 * make the same job from it: see rewrite-parallel.ts), prints the warnings and notes, then
 * writes the files in place or prints the recipe's format.
 * @returns the exit status, 0
 * @throws SidecarError SIDECAR_E_USAGE for --in-place on stdin, SIDECAR_E_WRITE, and the
 *   errors of rewritePaths
 */
export async function runRewrite(
  args: readonly string[],
  recipe: RewriteRecipe,
  out: RewriteOutput,
): Promise<number> {
  // Kept joined as they come (text-chunks.ts): migrate notes several lines an object.
  const err = new TextChunks('\n');
  const objects: RewrittenObject<Report>[] = [];
  const files = await rewritePathsParallel(
    args,
    rewriteJob(recipe),
    (digest, index) => {
      if (digest.lines !== '') err.push(digest.lines);
      if (digest.kept !== null) objects.push(atDocument(digest.kept, index));
    },
    { worker: workerModule(), data: recipe },
  );
  return finishRewrite({ files, objects }, err, recipe, out);
}

/** A kept object with the index of its document in its file (a worker knew it in its piece only). */
function atDocument(o: RewrittenObject<Report>, index: number): RewrittenObject<Report> {
  if (o.object.document.index === index) return o;
  return { ...o, object: { ...o.object, document: { ...o.object.document, index } } };
}

/**
 * rewrite-worker's module beside this one: .ts under tsx, .js once built; the ES module build
 * (dist/cli/main.js) may run this from its chunks/ folder, one level down.
 */
function workerModule(): URL {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const here = new URL(`./rewrite-worker.${ext}`, import.meta.url);
  const up = new URL(`../rewrite-worker.${ext}`, import.meta.url);
  return /\/chunks\/[^/]*$/.test(import.meta.url) ? up : here;
}

async function finishRewrite(
  rewrite: RewriteOutcome<Report>,
  err: TextChunks,
  recipe: RewriteRecipe,
  out: RewriteOutput,
): Promise<number> {
  // Written a part at a time (each followed by its newline): migrate's notes on 100,000 pods are
  // ~100 MB, which one joined string (and its copy with the last newline) would hold twice more.
  for (const part of err.parts()) process.stderr.write(part + '\n');
  if (out.inPlace) {
    if (out.paths.length === 0 || out.paths.includes('-'))
      throw usageError('--in-place needs file paths, not stdin');
    const written = writeInPlace(rewrite);
    process.stderr.write(`${out.wrote} ${String(written.length)} file(s)\n`);
    return 0;
  }
  await writeOut(
    formatRewrite(rewrite, recipe.format, (r) => r, {
      k8sVersion: recipe.version.version,
      featureGates: recipe.version.featureGates,
    }),
  );
  return 0;
}
