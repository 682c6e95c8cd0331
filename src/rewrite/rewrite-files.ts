/**
 * Runs a per-object rewrite (inject, migrate) over everything the user gave, and turns each
 * object's RFC 6902 patch into new file text. Documents without a change keep their bytes; a
 * changed YAML document is edited line by line (yaml-text-patch.ts); JSON files are re-printed
 * with their own indentation.
 */
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { SidecarError } from '../errors.js';
import { requireWhole, type LoadedInput } from '../manifest/load.js';
import type { ManifestObject } from '../manifest/objects.js';
import type { SourceFile } from '../manifest/source.js';
import { applyPatchTo, type Patch } from './patch.js';
import { toPointer } from './json-pointer.js';
import { patchYamlText } from './yaml-text-patch.js';
import { renderBlock } from './yaml-style.js';

/** The outcome of one object's rewrite. */
export interface ObjectRewrite<R> {
  readonly object: ManifestObject;
  /** The patch, relative to the object's root (what a webhook would return). */
  readonly patch: Patch;
  /** The object after the patch. */
  readonly after: Readonly<Record<string, unknown>>;
  readonly result: R;
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

/**
 * Applies `transform` to every object (it returns the patch and its own report, or null to
 * leave the object alone) and builds the new files.
 * @throws SidecarError SIDECAR_E_PARSE when a document is not valid YAML (a rewrite needs it whole)
 */
export function rewriteInput<R>(
  input: LoadedInput,
  transform: (object: ManifestObject) => { patch: Patch; result: R } | null,
): InputRewrite<R> {
  requireWhole(input, 'SIDECAR_E_PARSE', (file) => `cannot rewrite ${file}`);
  const objects: ObjectRewrite<R>[] = [];
  for (const object of input.objects) {
    const out = transform(object);
    if (out === null) continue;
    const after = out.patch.length === 0 ? object.value : applyPatchTo(object.value, out.patch);
    objects.push({ object, patch: out.patch, after, result: out.result });
  }
  const files = input.sources.map((source) => rewriteSource(source, objects));
  return { files, objects };
}

function rewriteSource<R>(source: SourceFile, objects: readonly ObjectRewrite<R>[]): FileRewrite {
  const mine = objects.filter(
    (o) =>
      o.object.document.file === source.path &&
      o.object.document.text === source.text &&
      o.patch.length > 0,
  );
  if (mine.length === 0)
    return { path: source.path, before: source.text, after: source.text, changed: false };
  const after = /^\s*[[{]/.test(source.text)
    ? rewriteJson(source.text, mine)
    : rewriteYaml(source.text, mine);
  return { path: source.path, before: source.text, after, changed: after !== source.text };
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

function rewriteYaml<R>(text: string, mine: readonly ObjectRewrite<R>[]): string {
  const byDoc = new Map<number, ObjectRewrite<R>[]>();
  for (const o of mine) {
    const list = byDoc.get(o.object.document.index) ?? [];
    list.push(o);
    byDoc.set(o.object.document.index, list);
  }
  // Each edited document is cut out (from its first content line to the next document) and
  // edited alone, so the cost of an edit does not grow with the size of the file.
  const parsed = parseAllDocuments(text, { version: '1.1' });
  const docs = Array.isArray(parsed) ? parsed : [];
  let out = '';
  let pos = 0;
  docs.forEach((doc, index) => {
    const list = byDoc.get(index);
    const from = doc.contents?.range[0];
    if (list === undefined || from === undefined) return;
    const to = index + 1 < docs.length ? docs[index + 1]!.range[0] : text.length;
    const slice = text.slice(from, to);
    let edited: string | null;
    try {
      edited = slice;
      for (const o of list) edited = patchYamlText(edited, 0, o.object.path, o.patch);
    } catch {
      edited = null;
    }
    out += text.slice(pos, from) + checkDocument(slice, edited, 0, list);
    pos = to;
  });
  return out + text.slice(pos);
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
  let expected: unknown = list[0]!.object.document.value;
  for (const o of list) {
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
    const docs = parseAllDocuments(edited, { version: '1.1' });
    const doc = Array.isArray(docs) ? docs[index] : undefined;
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
  const docs = parseAllDocuments(text, { version: '1.1' });
  const contents = (Array.isArray(docs) ? docs[index] : undefined)?.contents;
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
