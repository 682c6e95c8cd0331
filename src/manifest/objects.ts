import { LineCounter } from 'yaml';
import { parsePath, type PathSegment } from './field-path.js';
import { locate, type Position } from './locate.js';
import type { ManifestDocument } from './parse.js';
import { isRecord } from '../model/record.js';

export { isRecord };

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

/**
 * kubectl's annotation naming the container `kubectl logs`/`exec` pick by default (kubectl
 * cmd/util/podcmd): inject and migrate set it when a sidecar would otherwise come first.
 */
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

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

/**
 * An object that comes from no file (a library call, a webhook's AdmissionReview), so the pod
 * template helpers can read it; positions in it are all unknown.
 */
export function objectFromValue(value: Readonly<Record<string, unknown>>): ManifestObject {
  const document = {
    file: '',
    index: 0,
    doc: null,
    lineCounter: new LineCounter(),
    value,
    text: '',
  };
  return makeObject(document, [], value);
}

/**
 * Whether the pod is meant to run to completion: a Job's (or CronJob's) pod, a pod a Job owns,
 * or a bare pod that never restarts. A classic sidecar keeps such a pod running
 * (istio/istio#11045); a native one does not.
 */
export function runsToCompletion(
  object: Readonly<Record<string, unknown>>,
  spec: Readonly<Record<string, unknown>>,
): boolean {
  const kind = object['kind'];
  if (kind === 'Job' || kind === 'CronJob') return true;
  const md = object['metadata'];
  const owners = isRecord(md) ? md['ownerReferences'] : undefined;
  if (Array.isArray(owners) && owners.some((o) => isRecord(o) && o['kind'] === 'Job')) return true;
  return (
    kind === 'Pod' && (spec['restartPolicy'] === 'Never' || spec['restartPolicy'] === 'OnFailure')
  );
}

/** The position of a field of an object, given as a Kubernetes field path from its root. */
export function locateField(obj: ManifestObject, field: string | readonly PathSegment[]): Position {
  const rel = typeof field === 'string' ? parsePath(field) : field;
  return locate(obj.document, [...obj.path, ...rel]);
}

/** `namespace/name`, with `default` for a missing namespace, as kubectl shows pods. */
export function qualifiedName(obj: Pick<ManifestObject, 'namespace' | 'name'>): string {
  return `${obj.namespace || 'default'}/${obj.name}`;
}
