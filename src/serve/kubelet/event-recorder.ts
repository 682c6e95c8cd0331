/**
 * core/v1 Events into the store, as client-go's event recorder (tools/record/event.go) writes
 * them for the kubelet and the scheduler: named `<pod>.<hex nanos>`, with `involvedObject`,
 * `source`, `reportingComponent`, first/last timestamps and a count. A repeat of the same event
 * (same source, object, field path, type, reason and message: events_cache.go getEventKey) is
 * not a new object but the old one with `count` + 1 and a new `lastTimestamp`, as the
 * correlator's EventLogger does. (Its aggregation of 10+ similar events with different messages
 * is not modelled.)
 */
import type { KubeObject, ObjectStore } from '../store/types.js';

/** The pod an event is about. */
export interface EventPod {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
}

/** Who records: `kubelet` on a host, or `default-scheduler`. */
export interface EventSource {
  readonly component: string;
  readonly host?: string;
}

export interface RecordedEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  /** `spec.containers{x}`, `spec.initContainers{x}`; absent for the pod itself. */
  readonly fieldPath?: string;
}

/** Records events in the store; one recorder per source. */
export class EventRecorder {
  private readonly store: ObjectStore;
  private readonly source: EventSource;
  /** Event key to the stored event's name, for the count of repeats. */
  private readonly seen = new Map<string, string>();
  private lastNanos = 0n;

  constructor(store: ObjectStore, source: EventSource) {
    this.store = store;
    this.source = source;
  }

  /** Records one event (or counts a repeat). Never throws: events are best effort. */
  record(pod: EventPod, e: RecordedEvent, at = new Date()): void {
    const key = JSON.stringify([
      pod.namespace,
      pod.name,
      pod.uid,
      e.fieldPath ?? '',
      e.type,
      e.reason,
      e.message,
    ]);
    const time = at.toISOString().replace(/\.\d+Z$/, 'Z');
    try {
      const name = this.seen.get(key);
      const old = name === undefined ? undefined : this.store.get('events', pod.namespace, name);
      if (old !== undefined) {
        const count = typeof old['count'] === 'number' ? old['count'] : 1;
        this.store.update('events', { ...old, count: count + 1, lastTimestamp: time });
        return;
      }
      const created = this.store.create('events', this.eventObject(pod, e, time, at));
      this.seen.set(key, created.metadata.name);
    } catch {
      // An event that cannot be written is dropped, as the recorder drops them.
    }
  }

  /** Forgets the repeats of a pod's events (the pod is gone). */
  forget(pod: EventPod): void {
    const prefix = JSON.stringify([pod.namespace, pod.name, pod.uid]).slice(0, -1);
    for (const k of [...this.seen.keys()]) if (k.startsWith(prefix)) this.seen.delete(k);
  }

  private eventObject(pod: EventPod, e: RecordedEvent, time: string, at: Date): KubeObject {
    // record/event.go makeEvent: `<name>.<%x of UnixNano>`; unique even within one ms.
    let nanos = BigInt(at.getTime()) * 1_000_000n;
    if (nanos <= this.lastNanos) nanos = this.lastNanos + 1n;
    this.lastNanos = nanos;
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${pod.name}.${nanos.toString(16)}`,
        namespace: pod.namespace,
      } as KubeObject['metadata'],
      involvedObject: {
        kind: 'Pod',
        namespace: pod.namespace,
        name: pod.name,
        uid: pod.uid,
        apiVersion: 'v1',
        ...(e.fieldPath !== undefined ? { fieldPath: e.fieldPath } : {}),
      },
      reason: e.reason,
      message: e.message,
      source: {
        component: this.source.component,
        ...(this.source.host !== undefined ? { host: this.source.host } : {}),
      },
      firstTimestamp: time,
      lastTimestamp: time,
      count: 1,
      type: e.type,
      eventTime: null,
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? '',
    };
  }
}
