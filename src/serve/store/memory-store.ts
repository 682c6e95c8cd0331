/**
 * The ObjectStore in memory: what the registry (staging/src/k8s.io/apiserver/pkg/registry/generic/
 * registry/store.go) and etcd are to kube-apiserver. One global resourceVersion counter; uid,
 * creationTimestamp and names from generateName filled on create; generation bumped on spec
 * changes; the NamespaceLifecycle admission rules (plugin/pkg/admission/namespace/lifecycle:
 * a namespaced create needs its namespace, and not a terminating one; default, kube-system and
 * kube-public may not be deleted); graceful pod deletion (see graceful.ts); a namespace DELETE
 * marks it Terminating, deletes what it holds and removes it once it is empty (the namespace
 * controller's work, done in process). Objects go in and out as copies.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from './api-error.js';
import { podGracePeriod, redelete } from './graceful.js';
import { generateName, rfc3339 } from './names.js';
import { RESOURCE_NAMES, resourceInfo } from './resources.js';
import type {
  KubeObject,
  ListOptions,
  ListResult,
  ObjectStore,
  ResourceName,
  StoredMeta,
  WatchEvent,
  WatchOptions,
} from './types.js';
import { WatchHub, matches } from './watch-hub.js';

/** Injectable sources of time and randomness, and the watch history size. */
export interface MemoryStoreOptions {
  readonly now?: () => Date;
  /** [0, 1), for generateName suffixes. */
  readonly random?: () => number;
  readonly uid?: () => string;
  /** How many events the watch history keeps (default 1000). */
  readonly historySize?: number;
}

/** The namespaces a new cluster has. */
export const INITIAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** NamespaceLifecycle's immortal namespaces. */
const IMMORTAL = new Set(['default', 'kube-system', 'kube-public']);

/** Metadata the server owns: what a client sends for them on create is dropped. */
const SYSTEM_META = [
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'generation',
  'selfLink',
];

/** An in-memory ObjectStore. */
export class MemoryStore implements ObjectStore {
  private rv = 0;
  private readonly objects = new Map<ResourceName, Map<string, KubeObject>>();
  private readonly hub: WatchHub;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly uid: () => string;

  constructor(opts: MemoryStoreOptions = {}) {
    this.now = opts.now ?? (() => new Date());
    this.random = opts.random ?? Math.random;
    this.uid = opts.uid ?? randomUUID;
    this.hub = new WatchHub(opts.historySize ?? 1000);
    for (const r of RESOURCE_NAMES) this.objects.set(r, new Map());
    for (const name of INITIAL_NAMESPACES) {
      this.create('namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name } as StoredMeta,
      });
    }
  }

  resourceVersion(): string {
    return String(this.rv);
  }

  get(resource: ResourceName, namespace: string | undefined, name: string): KubeObject | undefined {
    const obj = this.table(resource).get(keyOf(resource, namespace, name));
    return obj === undefined ? undefined : structuredClone(obj);
  }

  list(resource: ResourceName, opts: ListOptions = {}): ListResult {
    const items = this.sorted(resource).filter((o) => matches(o, opts));
    return { items: items.map((o) => structuredClone(o)), resourceVersion: this.resourceVersion() };
  }

  create(resource: ResourceName, input: KubeObject): KubeObject {
    const info = resourceInfo(resource);
    const obj = structuredClone(input);
    const meta = withoutKeys(obj.metadata ?? {}, SYSTEM_META) as StoredMeta;
    if (info.namespaced)
      meta.namespace = this.admitNamespace(resource, meta.namespace ?? 'default', meta.name ?? '');
    else delete meta.namespace;
    meta.name = this.nameFor(resource, meta);
    const stored: KubeObject = {
      ...obj,
      apiVersion: info.apiVersion,
      kind: info.kind,
      metadata: meta,
    };
    if (resource === 'namespaces') initNamespace(stored);
    meta.uid = this.uid();
    meta.creationTimestamp = rfc3339(this.now());
    if (hasGeneration(resource)) meta.generation = 1;
    meta.resourceVersion = String(++this.rv);
    this.table(resource).set(keyOf(resource, meta.namespace, meta.name), stored);
    this.hub.publish({
      rv: this.rv,
      resource,
      type: 'ADDED',
      object: structuredClone(stored),
      previous: undefined,
    });
    return structuredClone(stored);
  }

  update(
    resource: ResourceName,
    input: KubeObject,
    opts: { readonly status?: boolean } = {},
  ): KubeObject {
    const obj = structuredClone(input);
    const ns = resourceInfo(resource).namespaced
      ? (obj.metadata.namespace ?? 'default')
      : undefined;
    const key = keyOf(resource, ns, obj.metadata.name);
    const old = this.table(resource).get(key);
    if (old === undefined) throw ApiError.notFound(resource, obj.metadata.name);
    const rv = obj.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion) {
      throw ApiError.conflict(resource, obj.metadata.name);
    }
    const next = opts.status === true ? withStatusOf(old, obj) : withSpecOf(resource, old, obj);
    if (sameContent(old, next)) return structuredClone(old);
    const written = this.write(resource, key, old, next);
    if (finalized(resource, written)) return this.removeNow(resource, key, written);
    return structuredClone(written);
  }

  delete(
    resource: ResourceName,
    namespace: string | undefined,
    name: string,
    opts: { readonly gracePeriodSeconds?: number | undefined } = {},
  ): KubeObject {
    const ns = resourceInfo(resource).namespaced ? (namespace ?? 'default') : undefined;
    const key = keyOf(resource, ns, name);
    const old = this.table(resource).get(key);
    if (old === undefined) throw ApiError.notFound(resource, name);
    if (resource === 'namespaces') return this.deleteNamespace(old);
    if (old.metadata.deletionTimestamp !== undefined)
      return this.deleteAgain(resource, key, old, opts.gracePeriodSeconds);
    const grace = resource === 'pods' ? podGracePeriod(old, opts.gracePeriodSeconds) : 0;
    if (grace > 0)
      return this.mark(resource, key, old, grace, new Date(this.now().getTime() + grace * 1000));
    if ((old.metadata.finalizers ?? []).length > 0)
      return this.mark(resource, key, old, 0, this.now());
    return this.removeNow(resource, key, old);
  }

  remove(resource: ResourceName, namespace: string | undefined, name: string): void {
    const ns = resourceInfo(resource).namespaced ? (namespace ?? 'default') : undefined;
    const key = keyOf(resource, ns, name);
    const old = this.table(resource).get(key);
    if (old !== undefined) this.removeNow(resource, key, old);
  }

  watch(resource: ResourceName, opts: WatchOptions, onEvent: (e: WatchEvent) => void): () => void {
    const initial = (): KubeObject[] => this.sorted(resource).map((o) => structuredClone(o));
    return this.hub.watch(resource, opts, this.rv, initial, onEvent);
  }

  private table(resource: ResourceName): Map<string, KubeObject> {
    const t = this.objects.get(resource);
    if (t === undefined) throw ApiError.notFoundPath();
    return t;
  }

  private sorted(resource: ResourceName): KubeObject[] {
    return [...this.table(resource).entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => o);
  }

  /** NamespaceLifecycle: the namespace must exist and not be terminating. */
  private admitNamespace(resource: ResourceName, namespace: string, name: string): string {
    const ns = this.table('namespaces').get(namespace);
    if (ns === undefined) throw ApiError.notFound('namespaces', namespace);
    if (ns.metadata.deletionTimestamp !== undefined) {
      const why = `unable to create new content in namespace ${namespace} because it is being terminated`;
      throw ApiError.forbidden(resource, name, why);
    }
    return namespace;
  }

  private nameFor(resource: ResourceName, meta: StoredMeta): string {
    if (typeof meta.name === 'string' && meta.name !== '') {
      if (this.table(resource).has(keyOf(resource, meta.namespace, meta.name))) {
        throw ApiError.alreadyExists(resource, meta.name);
      }
      return meta.name;
    }
    const base = meta.generateName;
    if (typeof base !== 'string' || base === '') {
      const body = 'Required value: name or generateName is required';
      throw ApiError.invalid(resource, '', [
        { field: 'metadata.name', type: 'FieldValueRequired', body },
      ]);
    }
    for (let i = 0; i < 8; i++) {
      const name = generateName(base, this.random);
      if (!this.table(resource).has(keyOf(resource, meta.namespace, name))) return name;
    }
    throw ApiError.alreadyExists(resource, generateName(base, this.random));
  }

  private write(
    resource: ResourceName,
    key: string,
    old: KubeObject,
    next: KubeObject,
  ): KubeObject {
    next.metadata.resourceVersion = String(++this.rv);
    this.table(resource).set(key, next);
    this.hub.publish({
      rv: this.rv,
      resource,
      type: 'MODIFIED',
      object: structuredClone(next),
      previous: structuredClone(old),
    });
    return next;
  }

  private mark(
    resource: ResourceName,
    key: string,
    old: KubeObject,
    grace: number,
    at: Date,
  ): KubeObject {
    const next = structuredClone(old);
    next.metadata.deletionTimestamp = rfc3339(at);
    next.metadata.deletionGracePeriodSeconds = grace;
    // BeforeDelete bumps the generation of a graceful delete.
    if (typeof next.metadata.generation === 'number') next.metadata.generation += 1;
    return structuredClone(this.write(resource, key, old, next));
  }

  private deleteAgain(
    resource: ResourceName,
    key: string,
    old: KubeObject,
    requested: number | undefined,
  ): KubeObject {
    const r = redelete(old, requested);
    if (r.kind === 'remove' && (old.metadata.finalizers ?? []).length === 0)
      return this.removeNow(resource, key, old);
    if (r.kind !== 'shorten') return structuredClone(old);
    const next = structuredClone(old);
    next.metadata.deletionTimestamp = rfc3339(r.deletionTimestamp);
    next.metadata.deletionGracePeriodSeconds = r.grace;
    return structuredClone(this.write(resource, key, old, next));
  }

  private removeNow(resource: ResourceName, key: string, old: KubeObject): KubeObject {
    this.table(resource).delete(key);
    const gone = structuredClone(old);
    gone.metadata.resourceVersion = String(++this.rv);
    this.hub.publish({
      rv: this.rv,
      resource,
      type: 'DELETED',
      object: structuredClone(gone),
      previous: structuredClone(old),
    });
    const ns = old.metadata.namespace;
    if (resource !== 'namespaces' && ns !== undefined) this.finishNamespace(ns);
    return gone;
  }

  private deleteNamespace(ns: KubeObject): KubeObject {
    const name = ns.metadata.name;
    if (IMMORTAL.has(name))
      throw ApiError.forbidden('namespaces', name, 'this namespace may not be deleted');
    if (ns.metadata.deletionTimestamp !== undefined) return structuredClone(ns);
    const next = structuredClone(ns);
    next.metadata.deletionTimestamp = rfc3339(this.now());
    next.metadata.deletionGracePeriodSeconds = 0;
    next['status'] = { phase: 'Terminating' };
    const marked = structuredClone(this.write('namespaces', name, ns, next));
    for (const r of RESOURCE_NAMES) {
      if (!resourceInfo(r).namespaced) continue;
      for (const o of this.list(r, { namespace: name }).items) this.deleteQuietly(r, o);
    }
    this.finishNamespace(name);
    return this.get('namespaces', undefined, name) ?? marked;
  }

  private deleteQuietly(resource: ResourceName, o: KubeObject): void {
    if (o.metadata.deletionTimestamp !== undefined) return;
    this.delete(resource, o.metadata.namespace, o.metadata.name);
  }

  /** Removes a terminating namespace once nothing is left in it. */
  private finishNamespace(name: string): void {
    const ns = this.table('namespaces').get(name);
    if (ns?.metadata.deletionTimestamp === undefined) return;
    for (const r of RESOURCE_NAMES) {
      if (resourceInfo(r).namespaced && this.list(r, { namespace: name }).items.length > 0) return;
    }
    this.removeNow('namespaces', name, ns);
  }
}

function withoutKeys(o: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}

function keyOf(resource: ResourceName, namespace: string | undefined, name: string): string {
  return resourceInfo(resource).namespaced ? `${namespace ?? 'default'}/${name}` : name;
}

function hasGeneration(resource: ResourceName): boolean {
  return resource === 'pods' || resource === 'jobs';
}

/** What the namespace strategy fills: the kubernetes finalizer, phase Active, the name label. */
function initNamespace(ns: KubeObject): void {
  const labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name };
  ns.metadata.labels = labels;
  ns['spec'] = { finalizers: ['kubernetes'] };
  ns['status'] = { phase: 'Active' };
}

/** A `/status` update: only status is taken from the new object. */
function withStatusOf(old: KubeObject, obj: KubeObject): KubeObject {
  const next = structuredClone(old);
  if (obj['status'] === undefined) delete next['status'];
  else next['status'] = obj['status'];
  return next;
}

/** A main-endpoint update: spec and metadata from the new object, status and system fields kept. */
function withSpecOf(resource: ResourceName, old: KubeObject, obj: KubeObject): KubeObject {
  const info = resourceInfo(resource);
  const meta = withoutKeys(obj.metadata, SYSTEM_META) as StoredMeta;
  for (const k of SYSTEM_META) if (old.metadata[k] !== undefined) meta[k] = old.metadata[k];
  if (info.namespaced && old.metadata.namespace !== undefined)
    meta.namespace = old.metadata.namespace;
  const next: KubeObject = { ...obj, apiVersion: info.apiVersion, kind: info.kind, metadata: meta };
  if (info.hasStatus) {
    if (old['status'] === undefined) delete next['status'];
    else next['status'] = structuredClone(old['status']);
  }
  if (typeof meta.generation === 'number' && !sameJson(old['spec'], next['spec']))
    meta.generation += 1;
  return next;
}

/** A marked non-pod object whose finalizers are all gone is removed (registry finalization). */
function finalized(resource: ResourceName, obj: KubeObject): boolean {
  if (resource === 'pods' || resource === 'namespaces') return false;
  return (
    obj.metadata.deletionTimestamp !== undefined && (obj.metadata.finalizers ?? []).length === 0
  );
}

function sameContent(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject): KubeObject => ({
    ...o,
    metadata: { ...o.metadata, resourceVersion: '' },
  });
  return sameJson(strip(a), strip(b));
}

/** Deep equality of JSON values, key order ignored. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson(ra[k], rb[k]));
}
