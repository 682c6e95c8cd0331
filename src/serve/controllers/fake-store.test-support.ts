/**
 * A minimal ObjectStore for the controller tests until the real one (src/serve/store) lands:
 * synchronous events, generateName, pods marked on delete (the test plays the kubelet and calls
 * `remove`), everything else removed at once.
 */
import type {
  KubeObject,
  ListOptions,
  ListResult,
  ObjectStore,
  ResourceName,
  WatchEvent,
  WatchOptions,
} from '../store/types.js';

interface Watcher {
  readonly resource: ResourceName;
  readonly opts: ListOptions;
  readonly fn: (e: WatchEvent) => void;
}

export class FakeStore implements ObjectStore {
  private rv = 0;
  private uid = 0;
  private names = 0;
  private readonly objects = new Map<string, KubeObject>();
  private readonly watchers = new Set<Watcher>();

  resourceVersion(): string {
    return String(this.rv);
  }

  get(resource: ResourceName, ns: string | undefined, name: string): KubeObject | undefined {
    const o = this.objects.get(`${resource}/${ns ?? 'default'}/${name}`);
    return o === undefined ? undefined : structuredClone(o);
  }

  list(resource: ResourceName, opts: ListOptions = {}): ListResult {
    const items = [...this.objects.entries()]
      .filter(([k, o]) => k.startsWith(`${resource}/`) && matches(o, opts))
      .map(([, o]) => structuredClone(o));
    return { items, resourceVersion: this.resourceVersion() };
  }

  create(resource: ResourceName, input: KubeObject): KubeObject {
    const obj = structuredClone(input);
    const md = obj.metadata;
    md.namespace ??= 'default';
    if (md.name === undefined || md.name === '')
      md.name = `${md.generateName ?? ''}${String(++this.names).padStart(5, 'x')}`;
    md.uid = `uid-${String(++this.uid)}`;
    md.creationTimestamp = new Date(0).toISOString();
    return this.put(resource, obj, 'ADDED');
  }

  update(resource: ResourceName, input: KubeObject, opts: { status?: boolean } = {}): KubeObject {
    const old = this.get(resource, input.metadata.namespace, input.metadata.name);
    if (old === undefined) throw Object.assign(new Error('not found'), { code: 404 });
    const next = opts.status === true ? { ...old, status: input['status'] } : { ...input };
    if (opts.status !== true && 'status' in old) next['status'] = old['status'];
    if (
      JSON.stringify({ ...next, metadata: { ...next.metadata, resourceVersion: '' } }) ===
      JSON.stringify({ ...old, metadata: { ...old.metadata, resourceVersion: '' } })
    )
      return old;
    return this.put(resource, structuredClone(next), 'MODIFIED');
  }

  delete(resource: ResourceName, ns: string | undefined, name: string): KubeObject {
    const old = this.get(resource, ns, name);
    if (old === undefined) throw Object.assign(new Error('not found'), { code: 404 });
    if (resource === 'pods' && old.metadata.deletionTimestamp === undefined) {
      old.metadata.deletionTimestamp = new Date(0).toISOString();
      return this.put(resource, old, 'MODIFIED');
    }
    this.remove(resource, ns, name);
    return old;
  }

  remove(resource: ResourceName, ns: string | undefined, name: string): void {
    const key = `${resource}/${ns ?? 'default'}/${name}`;
    const old = this.objects.get(key);
    if (old === undefined) return;
    this.objects.delete(key);
    old.metadata.resourceVersion = String(++this.rv);
    this.emit(resource, { type: 'DELETED', object: old });
  }

  watch(resource: ResourceName, opts: WatchOptions, fn: (e: WatchEvent) => void): () => void {
    for (const object of this.list(resource, opts).items) fn({ type: 'ADDED', object });
    const w: Watcher = { resource, opts, fn };
    this.watchers.add(w);
    return () => this.watchers.delete(w);
  }

  private put(resource: ResourceName, obj: KubeObject, type: WatchEvent['type']): KubeObject {
    obj.metadata.resourceVersion = String(++this.rv);
    this.objects.set(
      `${resource}/${obj.metadata.namespace ?? 'default'}/${obj.metadata.name}`,
      obj,
    );
    this.emit(resource, { type, object: structuredClone(obj) });
    return structuredClone(obj);
  }

  private emit(resource: ResourceName, e: WatchEvent): void {
    for (const w of this.watchers)
      if (w.resource === resource && matches(e.object, w.opts)) w.fn(structuredClone(e));
  }
}

function matches(o: KubeObject, opts: ListOptions): boolean {
  if (opts.namespace !== undefined && o.metadata.namespace !== opts.namespace) return false;
  return (opts.labelSelector?.(o) ?? true) && (opts.fieldSelector?.(o) ?? true);
}
