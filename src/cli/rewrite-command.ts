/**
 * The tail that `inject` and `migrate` share once their rewrite is computed: the warnings and
 * per-object notes on stderr, then either the files rewritten in place (never stdin) or the
 * chosen format on stdout. Written once so the two commands cannot drift apart.
 */
import type { VersionInfo } from '../model/versions.js';
import { formatRewrite, objectLabel, writeInPlace, type RewriteFormat } from '../rewrite/output.js';
import type { InputRewrite, ObjectRewrite, RewriteTransform } from '../rewrite/rewrite-files.js';
import { rewritePaths } from '../rewrite/rewrite-stream.js';
import { TextChunks } from '../rewrite/text-chunks.js';
import { usageError, writeOut } from './common.js';

/** A result that carries warnings (InjectResult, MigrateResult). */
interface WithWarnings {
  readonly warnings: readonly string[];
}

export interface RewriteOutput<R extends WithWarnings> {
  /** The paths the command was given (empty: stdin). */
  readonly paths: readonly string[];
  readonly format: RewriteFormat;
  /** `--in-place`. */
  readonly inPlace: boolean;
  readonly version: VersionInfo;
  /** Lines about one object for stderr, after its warnings (inject --explain, migrate's changes). */
  readonly notes: (o: ObjectRewrite<R>) => readonly string[];
  /** What a result adds to each object of `-o json`. */
  readonly report: (result: R) => Record<string, unknown>;
  /** How `--in-place` says what it did, before the count: `injected into`, `migrated`. */
  readonly wrote: string;
}

/**
 * Rewrites the objects of `args` with `transform` (one document at a time: see
 * rewrite-stream.ts), prints the warnings and notes, then writes the files in place or prints
 * the chosen format.
 * @returns the exit status, 0
 * @throws SidecarError SIDECAR_E_USAGE for --in-place on stdin, SIDECAR_E_WRITE, and the
 *   errors of rewritePaths
 */
export async function runRewrite<R extends WithWarnings>(
  args: readonly string[],
  transform: RewriteTransform<R>,
  out: RewriteOutput<R>,
): Promise<number> {
  // Kept joined as they come (text-chunks.ts): migrate notes several lines an object.
  const err = new TextChunks('\n');
  const objects: ObjectRewrite<R>[] = [];
  // Only -o json and -o patch print the objects; the others keep none of them.
  const keep = out.format === 'json' || out.format === 'patch';
  const files = rewritePaths(args, transform, (o) => {
    for (const w of o.result.warnings) err.push(`Warning: ${o.object.document.file}: ${w}`);
    err.push(...out.notes(o));
    if (keep) objects.push(withoutParse(o));
  });
  return finishRewrite({ files, objects }, err, out);
}

/** An object's rewrite without the parsed document it came from (the heavy part). */
function withoutParse<R>(o: ObjectRewrite<R>): ObjectRewrite<R> {
  const document = { ...o.object.document, doc: null, value: null };
  return { ...o, object: { ...o.object, document } };
}

async function finishRewrite<R extends WithWarnings>(
  rewrite: InputRewrite<R>,
  err: TextChunks,
  out: RewriteOutput<R>,
): Promise<number> {
  if (!err.empty) process.stderr.write(err.join() + '\n');
  if (out.inPlace) {
    if (out.paths.length === 0 || out.paths.includes('-'))
      throw usageError('--in-place needs file paths, not stdin');
    const written = writeInPlace(rewrite);
    process.stderr.write(`${out.wrote} ${String(written.length)} file(s)\n`);
    return 0;
  }
  await writeOut(
    formatRewrite(rewrite, out.format, out.report, {
      k8sVersion: out.version.version,
      featureGates: out.version.featureGates,
    }),
  );
  return 0;
}

/** `file: Kind/ns/name: line` for each of an object's notes. */
export function objectNotes<R>(o: ObjectRewrite<R>, lines: readonly string[]): string[] {
  return lines.map((l) => `${objectLabel(o)}: ${l}`);
}
