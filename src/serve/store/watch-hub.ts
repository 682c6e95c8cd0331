/**
 * The store's watch machinery: a bounded history of events for resourceVersion replay (the watch
 * cache's ring buffer, staging/src/k8s.io/apiserver/pkg/storage/cacher/watch_cache.go) and the
 * live watchers. Events are delivered one at a time in resourceVersion order, even when a watcher
 * writes to the store from its callback (the write's events are queued behind the current one).
 *
 * A watch with a selector sees what the watch cache sends (cacher.go `watchCacheEvent` filtering):
 * an object that starts matching arrives as ADDED, one that stops matching as DELETED.
 */
import { ApiError } from './api-error.js';
import type {
  KubeObject,
  ListOptions,
  ResourceName,
  WatchEvent,
  WatchEventType,
  WatchOptions,
} from './types.js';

/** One change as recorded: the object before (undefined for ADDED) and after. */
export interface Change {
  readonly rv: number;
  readonly resource: ResourceName;
  readonly type: WatchEventType;
  readonly object: KubeObject;
  readonly previous: KubeObject | undefined;
}

interface Watcher {
  readonly resource: ResourceName;
  readonly opts: ListOptions;
  readonly onEvent: (e: WatchEvent) => void;
}

/** True when an object passes a list's namespace and selectors. */
export function matches(obj: KubeObject, opts: ListOptions): boolean {
  if (opts.namespace !== undefined && obj.metadata.namespace !== undefined) {
    if (obj.metadata.namespace !== opts.namespace) return false;
  }
  if (opts.labelSelector !== undefined && !opts.labelSelector(obj)) return false;
  return opts.fieldSelector === undefined || opts.fieldSelector(obj);
}

/** The event a watcher with `opts` sees for a change, if any. */
export function eventFor(change: Change, opts: ListOptions): WatchEvent | undefined {
  const now = matches(change.object, opts);
  const before = change.previous !== undefined && matches(change.previous, opts);
  if (change.type === 'ADDED') return now ? { type: 'ADDED', object: change.object } : undefined;
  if (change.type === 'DELETED')
    return now ? { type: 'DELETED', object: change.object } : undefined;
  if (now && before) return { type: 'MODIFIED', object: change.object };
  if (now) return { type: 'ADDED', object: change.object };
  if (before) return { type: 'DELETED', object: change.object };
  return undefined;
}

/** History plus watchers. */
export class WatchHub {
  private readonly history: Change[] = [];
  private readonly watchers = new Set<Watcher>();
  private readonly queue: Change[] = [];
  private delivering = false;

  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** Records a change and delivers it to every live watcher. */
  publish(change: Change): void {
    this.history.push(change);
    if (this.history.length > this.capacity) this.history.shift();
    this.queue.push(change);
    this.drain();
  }

  /**
   * Starts a watch after `current` (the store's resourceVersion). `initial` gives the objects
   * to announce as ADDED when no resourceVersion is asked for.
   * @throws ApiError Expired when the version is older than the history
   */
  watch(
    resource: ResourceName,
    opts: WatchOptions,
    current: number,
    initial: () => readonly KubeObject[],
    onEvent: (e: WatchEvent) => void,
  ): () => void {
    const replay = this.replayFor(resource, opts, current, initial);
    const watcher: Watcher = { resource, opts, onEvent };
    // Writes made from the callbacks during the replay queue up behind it.
    const outer = this.delivering;
    this.delivering = true;
    try {
      for (const e of replay) safeCall(onEvent, e);
      this.watchers.add(watcher);
    } finally {
      this.delivering = outer;
    }
    if (!outer) this.drain();
    return () => {
      this.watchers.delete(watcher);
    };
  }

  private replayFor(
    resource: ResourceName,
    opts: WatchOptions,
    current: number,
    initial: () => readonly KubeObject[],
  ): WatchEvent[] {
    const rv = opts.resourceVersion;
    if (rv === undefined || rv === '' || rv === '0') {
      return initial()
        .filter((o) => matches(o, opts))
        .map((object) => ({ type: 'ADDED', object }));
    }
    const from = parseResourceVersion(rv);
    if (from >= current) return [];
    const oldest = this.history[0]?.rv ?? current + 1;
    if (from < oldest - 1) throw ApiError.expired(String(from), String(oldest - 1));
    const out: WatchEvent[] = [];
    for (const c of this.history) {
      if (c.rv <= from || c.resource !== resource) continue;
      const e = eventFor(c, opts);
      if (e !== undefined) out.push(e);
    }
    return out;
  }

  private drain(): void {
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let c = this.queue.shift(); c !== undefined; c = this.queue.shift()) this.deliver(c);
    } finally {
      this.delivering = false;
    }
  }

  private deliver(change: Change): void {
    for (const w of [...this.watchers]) {
      if (w.resource !== change.resource || !this.watchers.has(w)) continue;
      const e = eventFor(change, w.opts);
      if (e !== undefined) safeCall(w.onEvent, e);
    }
  }
}

/**
 * A resourceVersion parameter as a number
 * (apiserver/pkg/storage/etcd3 APIObjectVersioner.ParseResourceVersion's words).
 * @throws ApiError BadRequest when it is not a number
 */
export function parseResourceVersion(rv: string): number {
  if (!/^\d+$/.test(rv)) throw ApiError.badRequest(`invalid resource version "${rv}"`);
  return Number(rv);
}

function safeCall(fn: (e: WatchEvent) => void, e: WatchEvent): void {
  try {
    fn(e);
  } catch {
    // A watcher's failure must not stop the store's write nor the other watchers.
  }
}
