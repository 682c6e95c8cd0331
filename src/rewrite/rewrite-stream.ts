/**
 * The rewrite of the user's paths one document at a time (what `inject` and `migrate` run): each
 * file is parsed lazily and every document is transformed and edited as soon as it is parsed,
 * then let go, so that memory holds the texts and not every parsed document of a big file.
 *
 * It fails as loadInputs + rewriteInput would, in the same order: an unreadable path, no input,
 * the first document that is not valid YAML (even after objects before it were transformed),
 * then the first error a transform threw.
 */
import { SidecarError } from '../errors.js';
import { requireWhole } from '../manifest/load.js';
import { objectsOf } from '../manifest/objects.js';
import { parseSourceLazily, type ManifestDocument } from '../manifest/parse.js';
import { readSources, type SourceFile } from '../manifest/source.js';
import {
  rewriteDocuments,
  type DocumentObjects,
  type FileRewrite,
  type ObjectRewrite,
  type RewriteTransform,
} from './rewrite-files.js';

/** What the streaming has found so far across files. */
interface StreamState {
  /** The first document that is not valid YAML. */
  bad: ManifestDocument | undefined;
  /** Whether a transform threw, and what. */
  threw: { error: unknown } | undefined;
  /** Whether every document so far is empty (no value, no error). */
  empty: boolean;
}

/**
 * Reads `args` (paths or `-`), and rewrites every object with `transform`, giving each object's
 * rewrite to `emit` in order.
 * @returns the files, before and after
 * @throws SidecarError SIDECAR_E_READ, SIDECAR_E_NO_INPUT, SIDECAR_E_PARSE, or what `transform` threw
 */
export function rewritePaths<R>(
  args: readonly string[],
  transform: RewriteTransform<R>,
  emit: (o: ObjectRewrite<R>) => void,
  readStdin?: () => string,
): FileRewrite[] {
  const sources = readStdin === undefined ? readSources(args) : readSources(args, readStdin);
  // The messages of loadInputs (manifest/load.ts), which reads every document first.
  if (sources.length === 0) {
    throw new SidecarError(
      'SIDECAR_E_NO_INPUT',
      `no manifest files (*.yaml, *.yml, *.json) in ${args.join(', ')}`,
    );
  }
  const state: StreamState = { bad: undefined, threw: undefined, empty: true };
  const guarded: RewriteTransform<R> = (object) => {
    try {
      return transform(object);
    } catch (error) {
      state.threw = { error };
      return null;
    }
  };
  const files: FileRewrite[] = [];
  for (const source of sources) {
    files.push(rewriteDocuments(source, documentsOf(source, state), guarded, emit));
    if (state.bad !== undefined) break;
  }
  // Throws, naming the document's file, line and column.
  if (state.bad !== undefined)
    requireWhole({ documents: [state.bad] }, 'SIDECAR_E_PARSE', (f) => `cannot rewrite ${f}`);
  if (state.empty) {
    throw new SidecarError(
      'SIDECAR_E_NO_INPUT',
      `no manifest objects in ${args.join(', ')}: the input is empty`,
    );
  }
  if (state.threw !== undefined) throw state.threw.error;
  return files;
}

/**
 * The documents of a file with their objects, parsed one at a time. After a bad document (or a
 * transform that threw) the rest is still parsed, for the error that wins, but not rewritten.
 */
function* documentsOf(source: SourceFile, state: StreamState): Generator<DocumentObjects> {
  let fileBad: ManifestDocument | undefined;
  for (const document of parseSourceLazily(source)) {
    if (document.error !== undefined || document.value !== null) state.empty = false;
    if (document.error !== undefined) {
      // A parser that throws part way gives the whole-file error (doc null), as parseSource does.
      if (document.doc === null || fileBad === undefined) fileBad = document;
    }
    if (fileBad !== undefined || state.threw !== undefined) continue;
    yield { document, objects: objectsOf(document) };
  }
  state.bad = fileBad;
}
