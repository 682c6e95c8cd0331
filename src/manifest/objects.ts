import { parsePath, type PathSegment } from './field-path.js';
import { locate, type Position } from './locate.js';
import type { ManifestDocument } from './parse.js';

/** One Kubernetes object of the input: a document, or an item of a `kind: List`. */
export interface ManifestObject {
  readonly document: ManifestDocument;
  /** Path of the object inside its document: `[]`, or `['items', i]` for a List item. */
  readonly path: readonly PathSegment[];
  /** Index in the List's items, for List items. */
  readonly item?: number;
  readonly value: Readonly<Record<string, unknown>>;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

/** Plain-object test that also rejects arrays and null. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/**
 * The objects of a parsed document: the document itself, or the items of a `kind: List`
 * (`v1/List` and any `*List` kind with `items`, as kubectl accepts). Documents that are not
 * objects (empty, scalars, errors) give none.
 */
export function objectsOf(doc: ManifestDocument): ManifestObject[] {
  const v = doc.value;
  if (doc.error !== undefined || !isRecord(v)) return [];
  const kind = str(v['kind']);
  if (kind.endsWith('List') && Array.isArray(v['items'])) {
    const out: ManifestObject[] = [];
    v['items'].forEach((item: unknown, i: number) => {
      if (isRecord(item)) out.push(makeObject(doc, ['items', i], item, i));
    });
    return out;
  }
  return [makeObject(doc, [], v)];
}

function makeObject(
  document: ManifestDocument,
  path: PathSegment[],
  value: Record<string, unknown>,
  item?: number,
): ManifestObject {
  const md = isRecord(value['metadata']) ? value['metadata'] : {};
  return {
    document,
    path,
    ...(item !== undefined ? { item } : {}),
    value,
    apiVersion: str(value['apiVersion']),
    kind: str(value['kind']),
    name: str(md['name']) || str(md['generateName']),
    namespace: str(md['namespace']),
  };
}

/** The position of a field of an object, given as a Kubernetes field path from its root. */
export function locateField(obj: ManifestObject, field: string | readonly PathSegment[]): Position {
  const rel = typeof field === 'string' ? parsePath(field) : field;
  return locate(obj.document, [...obj.path, ...rel]);
}

/** `namespace/name`, with `default` for a missing namespace, as kubectl shows pods. */
export function qualifiedName(obj: ManifestObject): string {
  return `${obj.namespace || 'default'}/${obj.name}`;
}
