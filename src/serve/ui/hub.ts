/**
 * The live UI's hub: it follows the store (a watch on pods and one on events, as any API client
 * would) and tells every open page what changed, as the messages of src/ui/model.ts:
 * `reset` (every panel) when a page subscribes, `panel` when a pod or an Event about it changes,
 * `gone` when the pod is removed from the store. Changes are coalesced: the pods that changed
 * are gathered for `coalesceMs` and their panels sent together, at most one per pod per window,
 * so fifty pods changing at once cost fifty panels, not one per status write. A window is never
 * shorter than BUSY_FACTOR times the last one's work, so that drawing panels takes at most about
 * a fifth of serve's time however slow the machine. Nothing is built while no page is open.
 */
import type { VersionInfo } from '../../model/versions.js';
import type { PodRunView } from '../../timeline/view.js';
import type { UiPodPanel, UiStreamMessage } from '../../ui/model.js';
import { panelOfView } from '../../ui/panel.js';
import type { KubeObject, ObjectStore, WatchEvent } from '../store/types.js';
import { livePanel, type PanelOfView } from './panel-live.js';

/** How long a pod's changes are gathered before its panel is sent (ms). */
export const COALESCE_MS = 100;

/** A window lasts at least this many times the work of the last one. */
export const BUSY_FACTOR = 4;

export interface UiHubOptions {
  readonly store: ObjectStore;
  readonly version: VersionInfo;
  /** Default: src/ui/panel.ts panelOfView. */
  readonly panelOf?: PanelOfView;
  /** The kubelet's run of a pod so far (LocalKubelet.podView); null when it has none. */
  readonly viewOf?: (namespace: string, name: string, uid: string) => PodRunView | null;
  readonly coalesceMs?: number;
  /** The time ages are computed against. */
  readonly now?: () => Date;
  /** A monotonic clock in ms (how long a window's work took); default performance.now. */
  readonly clock?: () => number;
}

/** Someone listening: one open page. */
export type UiListener = (m: UiStreamMessage) => void;

const keyOf = (o: KubeObject): string => `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;

/** The pod an Event is about (`ns/name`), or null when it is not about a pod. */
function podKeyOfEvent(e: KubeObject): string | null {
  const inv = e['involvedObject'];
  if (typeof inv !== 'object' || inv === null) return null;
  const o = inv as Record<string, unknown>;
  if (o['kind'] !== 'Pod' || typeof o['name'] !== 'string') return null;
  const ns =
    typeof o['namespace'] === 'string' ? o['namespace'] : (e.metadata.namespace ?? 'default');
  return `${ns}/${o['name']}`;
}

export class UiHub {
  private readonly opts: UiHubOptions;
  private readonly pods = new Map<string, KubeObject>();
  /** Stored Events by the pod they are about, then by name. */
  private readonly events = new Map<string, Map<string, KubeObject>>();
  private readonly listeners = new Set<UiListener>();
  /** Pods changed since the last window, and the window's timer. */
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private lastWorkMs = 0;
  private stops: (() => void)[] = [];

  constructor(opts: UiHubOptions) {
    this.opts = opts;
  }

  /** Starts following the store (what is stored now included). */
  start(): void {
    if (this.stops.length > 0) return;
    this.stops = [
      this.opts.store.watch('events', {}, (e) => this.onEvent(e)),
      this.opts.store.watch('pods', {}, (e) => this.onPod(e)),
    ];
  }

  /** Stops following the store; pending panels are dropped. */
  stop(): void {
    for (const s of this.stops) s();
    this.stops = [];
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.dirty.clear();
  }

  /** Every pod's panel now, by namespace then name (as kubectl get pods -A). */
  panels(): UiPodPanel[] {
    return [...this.pods.keys()].sort().map((k) => this.panel(k, this.pods.get(k)!));
  }

  /** Sends `reset` to the listener now, then every change; returns the unsubscribe. */
  subscribe(listener: UiListener): () => void {
    listener({ event: 'reset', data: this.panels() });
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private onPod(e: WatchEvent): void {
    const key = keyOf(e.object);
    if (e.type !== 'DELETED') {
      this.pods.set(key, e.object);
      this.changed(key);
      return;
    }
    this.pods.delete(key);
    if (this.dirty.delete(key)) {
      // The last state first: the page sees how the pod ended before it goes.
      this.broadcast({ event: 'panel', data: this.panel(key, e.object) });
    }
    this.broadcast({ event: 'gone', data: { key } });
  }

  private onEvent(e: WatchEvent): void {
    const key = podKeyOfEvent(e.object);
    if (key === null) return;
    let byName = this.events.get(key);
    if (byName === undefined) this.events.set(key, (byName = new Map()));
    if (e.type === 'DELETED') byName.delete(e.object.metadata.name);
    else byName.set(e.object.metadata.name, e.object);
    if (byName.size === 0) this.events.delete(key);
    if (this.pods.has(key)) this.changed(key);
  }

  /** A pod changed: its panel goes out when the coalescing window closes. */
  private changed(key: string): void {
    if (this.listeners.size === 0) return;
    this.dirty.add(key);
    if (this.timer !== null) return;
    const window = Math.max(this.opts.coalesceMs ?? COALESCE_MS, BUSY_FACTOR * this.lastWorkMs);
    this.timer = setTimeout(() => this.flush(), window);
  }

  /** The window closed: every changed pod's panel, once. */
  private flush(): void {
    this.timer = null;
    const clock = this.opts.clock ?? (() => performance.now());
    const t0 = clock();
    const keys = [...this.dirty];
    this.dirty.clear();
    for (const key of keys) {
      const pod = this.pods.get(key);
      if (pod !== undefined) this.broadcast({ event: 'panel', data: this.panel(key, pod) });
    }
    this.lastWorkMs = clock() - t0;
  }

  private panel(key: string, pod: KubeObject): UiPodPanel {
    const { namespace, name, uid } = pod.metadata;
    const view = this.opts.viewOf?.(namespace ?? 'default', name, uid) ?? null;
    const events = [...(this.events.get(key)?.values() ?? [])];
    const now = this.opts.now?.() ?? new Date();
    const panelOf = this.opts.panelOf ?? panelOfView;
    return livePanel({ pod, events, view }, this.opts.version, panelOf, now);
  }

  private broadcast(m: UiStreamMessage): void {
    if (this.listeners.size === 0) return;
    for (const l of [...this.listeners]) l(m);
  }
}
