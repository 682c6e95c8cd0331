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
  /** How many documents were parsed. */
  documents: number;
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
  return rewriteSources(readRewriteSources(args, readStdin), args, transform, emit);
}

/**
 * The texts of `args` (paths or `-`) to rewrite.
 * @throws SidecarError SIDECAR_E_READ, SIDECAR_E_NO_INPUT when there is no manifest file
 */
export function readRewriteSources(
  args: readonly string[],
  readStdin?: () => string,
): SourceFile[] {
  const sources = readStdin === undefined ? readSources(args) : readSources(args, readStdin);
  // The messages of loadInputs (manifest/load.ts), which reads every document first.
  if (sources.length === 0) {
    throw new SidecarError(
      'SIDECAR_E_NO_INPUT',
      `no manifest files (*.yaml, *.yml, *.json) in ${args.join(', ')}`,
    );
  }
  return sources;
}

/**
 * rewritePaths on texts already read (readRewriteSources); `args` name the input in errors.
 * @throws SidecarError SIDECAR_E_NO_INPUT, SIDECAR_E_PARSE, or what `transform` threw
 */
export function rewriteSources<R>(
  sources: readonly SourceFile[],
  args: readonly string[],
  transform: RewriteTransform<R>,
  emit: (o: ObjectRewrite<R>) => void,
): FileRewrite[] {
  const state = newState();
  const guarded = guard(transform, state);
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

/** A piece of a file (whole documents) rewritten alone: see rewrite-parallel.ts. */
export interface PieceRewrite {
  /** The piece's new text. */
  readonly after: string;
  /** How many documents the piece has. */
  readonly documents: number;
  /** Whether every document of it is empty. */
  readonly empty: boolean;
  /** Whether a document is not valid YAML or a transform threw: the rewrite must be redone whole, for its error. */
  readonly failed: boolean;
}

/** Rewrites the documents of `piece` (a file, or whole documents of one), as rewriteSources does. */
export function rewritePiece<R>(
  piece: SourceFile,
  transform: RewriteTransform<R>,
  emit: (o: ObjectRewrite<R>) => void,
): PieceRewrite {
  const state = newState();
  const file = rewriteDocuments(piece, documentsOf(piece, state), guard(transform, state), emit);
  return {
    after: file.after,
    documents: state.documents,
    empty: state.empty,
    failed: state.bad !== undefined || state.threw !== undefined,
  };
}

function newState(): StreamState {
  return { bad: undefined, threw: undefined, empty: true, documents: 0 };
}

/** `transform`, keeping what it throws in `state` (the rest is then parsed but not rewritten). */
function guard<R>(transform: RewriteTransform<R>, state: StreamState): RewriteTransform<R> {
  return (object) => {
    try {
      return transform(object);
    } catch (error) {
      state.threw = { error };
      return null;
    }
  };
}

/**
 * The documents of a file with their objects, parsed one at a time. After a bad document (or a
 * transform that threw) the rest is still parsed, for the error that wins, but not rewritten.
 */
function* documentsOf(source: SourceFile, state: StreamState): Generator<DocumentObjects> {
  let fileBad: ManifestDocument | undefined;
  for (const document of parseSourceLazily(source)) {
    state.documents++;
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
