/**
 * Runs a per-object rewrite (inject, migrate) over everything the user gave, and turns each
 * object's RFC 6902 patch into new file text. Documents without a change keep their bytes; a
 * changed YAML document is edited line by line (yaml-text-patch.ts); JSON files are re-printed
 * with their own indentation.
 */
import { isDeepStrictEqual } from 'node:util';
import { SidecarError } from '../errors.js';
import { requireWhole, type LoadedInput } from '../manifest/load.js';
import type { ManifestObject } from '../manifest/objects.js';
import type { ManifestDocument } from '../manifest/parse.js';
import type { SourceFile } from '../manifest/source.js';
import { applyPatchTo, type Patch } from './patch.js';
import { toPointer } from './json-pointer.js';
import { parseForRewrite } from './rewrite-parses.js';
import { patchYamlText } from './yaml-text-patch.js';
import { withLoadedParse } from './reuse-parse.js';
import { renderBlock } from './yaml-style.js';
import { TextChunks } from './text-chunks.js';

/** The outcome of one object's rewrite. */
export interface ObjectRewrite<R> {
  readonly object: ManifestObject;
  /** The patch, relative to the object's root (what a webhook would return). */
  readonly patch: Patch;
  /** The object after the patch. */
  readonly after: Readonly<Record<string, unknown>>;
  readonly result: R;
}

/**
 * What the output needs of an object's rewrite (output.ts): an ObjectRewrite is one, and so is
 * its plain copy without the parse, which crosses threads (rewrite-parallel.ts).
 */
export interface RewrittenObject<R> {
  readonly object: Pick<ManifestObject, 'item' | 'kind' | 'name' | 'namespace'> & {
    readonly document: Pick<ManifestDocument, 'file' | 'index'>;
  };
  readonly patch: Patch;
  readonly after: Readonly<Record<string, unknown>>;
  readonly result: R;
}

/** The files rewritten and the objects the output reports. */
export interface RewriteOutcome<R> {
  readonly files: readonly FileRewrite[];
  readonly objects: readonly RewrittenObject<R>[];
}

export interface FileRewrite {
  readonly path: string;
  readonly before: string;
  readonly after: string;
  readonly changed: boolean;
}

export interface InputRewrite<R> {
  readonly files: FileRewrite[];
  readonly objects: ObjectRewrite<R>[];
}

/** What a transform returns for an object: its patch and its own report, or null to skip it. */
export type RewriteTransform<R> = (object: ManifestObject) => { patch: Patch; result: R } | null;

/** A document of a file with the objects to rewrite in it. */
export interface DocumentObjects {
  readonly document: ManifestDocument;
  readonly objects: readonly ManifestObject[];
}

/**
 * Applies `transform` to every object (it returns the patch and its own report, or null to
 * leave the object alone) and builds the new files.
 * @throws SidecarError SIDECAR_E_PARSE when a document is not valid YAML (a rewrite needs it whole)
 */
export function rewriteInput<R>(
  input: LoadedInput,
  transform: RewriteTransform<R>,
): InputRewrite<R> {
  requireWhole(input, 'SIDECAR_E_PARSE', (file) => `cannot rewrite ${file}`);
  const objects: ObjectRewrite<R>[] = [];
  // Grouped once, so that many files do not each scan every object and document.
  const objectsByDoc = groupBy(input.objects, (o) => o.document);
  const docsByText = groupBy(input.documents, (d) => d.text);
  const files = input.sources.map((source) => {
    const documents = (docsByText.get(source.text) ?? [])
      .filter((d) => d.file === source.path)
      .sort((x, y) => x.index - y.index)
      .map((document) => ({ document, objects: objectsByDoc.get(document) ?? [] }));
    return rewriteDocuments(source, documents, transform, (o) => objects.push(o));
  });
  return { files, objects };
}

function groupBy<T, K>(list: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const t of list) {
    const k = key(t);
    const l = out.get(k);
    if (l === undefined) out.set(k, [t]);
    else l.push(t);
  }
  return out;
}

/**
 * Rewrites one file from its documents, in order, as they come: each document is transformed
 * and edited before the next is read, so `documents` may be a lazy parse that lets each
 * document go once it is done (nothing here keeps a document after it is edited). Every
 * object's rewrite goes to `emit`, in order.
 *
 * A changed YAML document is cut out (from its first content line to the next document) and
 * edited alone, so the cost of an edit does not grow with the size of the file; the pieces are
 * joined once at the end (no copy of the whole text per document).
 */
export function rewriteDocuments<R>(
  source: SourceFile,
  documents: Iterable<DocumentObjects>,
  transform: RewriteTransform<R>,
  emit: (o: ObjectRewrite<R>) => void,
): FileRewrite {
  const text = source.text;
  const json = /^\s*[[{]/.test(text);
  const jsonEdits: ObjectRewrite<R>[] = [];
  const parts = new TextChunks();
  let pos = 0;
  let pending: { from: number; list: ObjectRewrite<R>[] } | null = null;
  for (const { document, objects } of documents) {
    if (pending !== null) {
      // The edited document runs up to this one.
      const to = document.doc?.range[0] ?? text.length;
      parts.push(text.slice(pos, pending.from), editDocument(text, pending.from, to, pending.list));
      pos = to;
      pending = null;
    }
    const list: ObjectRewrite<R>[] = [];
    for (const object of objects) {
      const out = transform(object);
      if (out === null) continue;
      const after = out.patch.length === 0 ? object.value : applyPatchTo(object.value, out.patch);
      const o = { object, patch: out.patch, after, result: out.result };
      emit(o);
      if (o.patch.length > 0) list.push(o);
    }
    if (list.length === 0) continue;
    if (json) jsonEdits.push(...list);
    else {
      const from = document.doc?.contents?.range[0];
      if (from !== undefined) pending = { from, list };
    }
  }
  if (pending !== null) {
    parts.push(
      text.slice(pos, pending.from),
      editDocument(text, pending.from, text.length, pending.list),
    );
    pos = text.length;
  }
  let after = text;
  if (jsonEdits.length > 0) after = rewriteJson(text, jsonEdits);
  else if (!parts.empty) after = parts.join() + text.slice(pos);
  return { path: source.path, before: text, after, changed: after !== text };
}

/**
 * The text [from, to) of a YAML document of `text`, with its objects' patches applied (and
 * checked); the first edit is located with the load's parse (reuse-parse.ts).
 */
function editDocument<R>(
  text: string,
  from: number,
  to: number,
  list: readonly ObjectRewrite<R>[],
): string {
  const slice = text.slice(from, to);
  const edited = withLoadedParse(slice, list[0]!.object.document.doc, from, () => {
    try {
      let out = slice;
      for (const o of list) out = patchYamlText(out, 0, o.object.path, o.patch);
      return out;
    } catch {
      return null;
    }
  });
  return checkDocument(slice, edited, 0, list);
}

function rewriteJson<R>(text: string, mine: readonly ObjectRewrite<R>[]): string {
  let value: unknown = mine[0]!.object.document.value;
  for (const o of mine) {
    const prefix = toPointer(o.object.path);
    value = applyPatchTo(
      value,
      o.patch.map((op) => ({
        ...op,
        path: prefix + op.path,
        ...('from' in op ? { from: prefix + op.from } : {}),
      })),
    );
  }
  const indent = /\n( +|\t)\S/.exec(text)?.[1] ?? '  ';
  return JSON.stringify(value, null, indent) + (text.endsWith('\n') ? '\n' : '');
}

/**
 * The safety net: the edited document must read back as exactly the patched objects. If the
 * line editing ever disagrees, the document is re-rendered from the patched value instead
 * (comments in it are then lost, but the content is right).
 */
function checkDocument<R>(
  before: string,
  edited: string | null,
  index: number,
  list: readonly ObjectRewrite<R>[],
): string {
  // A whole document's object already has its patched value; List items are patched in turn.
  const whole = list.length === 1 && list[0]!.object.path.length === 0;
  let expected: unknown = whole ? list[0]!.after : list[0]!.object.document.value;
  for (const o of whole ? [] : list) {
    const prefix = toPointer(o.object.path);
    expected = applyPatchTo(
      expected,
      o.patch.map((op) => ({
        ...op,
        path: prefix + op.path,
        ...('from' in op ? { from: prefix + op.from } : {}),
      })),
    );
  }
  if (edited !== null) {
    const doc = parseForRewrite(edited)[index];
    let actual: unknown;
    try {
      // An edit can put an alias before its anchor (a moved container): toJS throws then.
      actual =
        doc !== undefined && doc.errors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;
    } catch {
      actual = undefined;
    }
    if (isDeepStrictEqual(actual, expected)) return edited;
  }
  const text = before;
  const contents = parseForRewrite(text)[index]?.contents;
  const range = contents?.range;
  if (range === undefined || range === null)
    throw new SidecarError(
      'SIDECAR_E_INTERNAL',
      `internal error: cannot rewrite document ${String(index)}`,
    );
  let end = range[1];
  while (end > range[0] && /\s/.test(text[end - 1]!)) end--;
  return (
    text.slice(0, range[0]) +
    renderBlock(expected, 0, { indent: 2, indentSeq: true }).replace(/\n$/, '') +
    text.slice(end)
  );
}
