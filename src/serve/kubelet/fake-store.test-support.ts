/**
 * A minimal in-memory ObjectStore for the kubelet's tests until the real one (store/memory-store.ts)
 * is merged: one resourceVersion counter, synchronous watches, graceful pod deletion marks.
 */
import { randomUUID } from 'node:crypto';
import type {
  KubeObject,
  ListOptions,
  ListResult,
  ObjectStore,
  ResourceName,
  WatchEvent,
  WatchOptions,
} from '../store/types.js';

type Watcher = { resource: ResourceName; opts: WatchOptions; cb: (e: WatchEvent) => void };

export class FakeStore implements ObjectStore {
  private rv = 1;
  private readonly objects = new Map<string, KubeObject>();
  private readonly watchers = new Set<Watcher>();

  private key(r: ResourceName, ns: string | undefined, name: string): string {
    return `${r}/${ns ?? ''}/${name}`;
  }

  private emit(resource: ResourceName, e: WatchEvent): void {
    for (const w of [...this.watchers]) {
      if (w.resource !== resource) continue;
      if (w.opts.namespace !== undefined && e.object.metadata.namespace !== w.opts.namespace)
        continue;
      if (w.opts.fieldSelector !== undefined && !w.opts.fieldSelector(e.object)) continue;
      w.cb(e);
    }
  }

  get(r: ResourceName, ns: string | undefined, name: string): KubeObject | undefined {
    const o = this.objects.get(this.key(r, ns, name));
    return o === undefined ? undefined : structuredClone(o);
  }

  list(r: ResourceName, opts: ListOptions = {}): ListResult {
    const items = [...this.objects.entries()]
      .filter(([k]) => k.startsWith(`${r}/`))
      .map(([, o]) => structuredClone(o))
      .filter((o) => opts.namespace === undefined || o.metadata.namespace === opts.namespace)
      .filter((o) => opts.fieldSelector === undefined || opts.fieldSelector(o));
    return { items, resourceVersion: String(this.rv) };
  }

  create(r: ResourceName, obj: KubeObject): KubeObject {
    const k = this.key(r, obj.metadata.namespace ?? 'default', obj.metadata.name);
    if (this.objects.has(k)) throw new Error(`${r} "${obj.metadata.name}" already exists`);
    const stored: KubeObject = structuredClone({
      ...obj,
      metadata: {
        ...obj.metadata,
        namespace: obj.metadata.namespace ?? 'default',
        uid: randomUUID(),
        resourceVersion: String(++this.rv),
        creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    });
    this.objects.set(k, stored);
    this.emit(r, { type: 'ADDED', object: structuredClone(stored) });
    return structuredClone(stored);
  }

  update(r: ResourceName, obj: KubeObject, opts: { readonly status?: boolean } = {}): KubeObject {
    const k = this.key(r, obj.metadata.namespace, obj.metadata.name);
    const old = this.objects.get(k);
    if (old === undefined) throw new Error(`${r} "${obj.metadata.name}" not found`);
    const next: KubeObject =
      opts.status === true
        ? { ...old, status: obj['status'] }
        : {
            ...obj,
            ...(r === 'pods' ? { status: old['status'] } : {}),
            metadata: { ...obj.metadata },
          };
    // Deletion marks are the server's: an update neither sets nor clears them.
    delete next.metadata.deletionTimestamp;
    delete next.metadata.deletionGracePeriodSeconds;
    if (old.metadata.deletionTimestamp !== undefined)
      next.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
    if (old.metadata.deletionGracePeriodSeconds !== undefined)
      next.metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    next.metadata = { ...next.metadata, resourceVersion: String(++this.rv) };
    const stored = structuredClone(next);
    this.objects.set(k, stored);
    this.emit(r, { type: 'MODIFIED', object: structuredClone(stored) });
    return structuredClone(stored);
  }

  delete(
    r: ResourceName,
    ns: string | undefined,
    name: string,
    opts: { readonly gracePeriodSeconds?: number | undefined } = {},
  ): KubeObject {
    const k = this.key(r, ns, name);
    const old = this.objects.get(k);
    if (old === undefined) throw new Error(`${r} "${name}" not found`);
    const spec = old['spec'] as Record<string, unknown> | undefined;
    const grace =
      opts.gracePeriodSeconds ??
      (spec?.['terminationGracePeriodSeconds'] as number | undefined) ??
      30;
    if (r === 'pods' && grace > 0) {
      if (old.metadata.deletionTimestamp !== undefined) return structuredClone(old);
      const marked = structuredClone(old);
      marked.metadata.deletionTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      marked.metadata.deletionGracePeriodSeconds = grace;
      marked.metadata.resourceVersion = String(++this.rv);
      this.objects.set(k, marked);
      this.emit(r, { type: 'MODIFIED', object: structuredClone(marked) });
      return structuredClone(marked);
    }
    this.remove(r, ns, name);
    return old;
  }

  remove(r: ResourceName, ns: string | undefined, name: string): void {
    const k = this.key(r, ns, name);
    const old = this.objects.get(k);
    if (old === undefined) throw new Error(`${r} "${name}" not found`);
    this.objects.delete(k);
    const gone = structuredClone({
      ...old,
      metadata: { ...old.metadata, resourceVersion: String(++this.rv) },
    });
    this.emit(r, { type: 'DELETED', object: gone });
  }

  watch(resource: ResourceName, opts: WatchOptions, cb: (e: WatchEvent) => void): () => void {
    const w: Watcher = { resource, opts, cb };
    for (const o of this.list(resource, opts).items) cb({ type: 'ADDED', object: o });
    this.watchers.add(w);
    return () => this.watchers.delete(w);
  }

  resourceVersion(): string {
    return String(this.rv);
  }
}

/** Resolves with the first watch event that passes `test` (the watch is stopped then). */
export function waitForEvent(
  store: ObjectStore,
  resource: ResourceName,
  opts: WatchOptions,
  test: (e: WatchEvent) => boolean,
): Promise<WatchEvent> {
  return new Promise((resolve) => {
    let stop: (() => void) | null = null;
    let done = false;
    stop = store.watch(resource, opts, (e) => {
      if (done || !test(e)) return;
      done = true;
      stop?.();
      resolve(e);
    });
    if (done) stop();
  });
}
