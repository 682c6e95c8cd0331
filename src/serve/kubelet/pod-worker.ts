/**
 * One pod on the local kubelet, from the moment it is taken to its removal: what the kubelet's
 * pod worker (pkg/kubelet/pod_workers.go) and status manager (status/status_manager.go) do for
 * it. It binds the pod to the node, prepares and runs it through the runtime's PodRunner, posts
 * its status (coalesced: at most once per engine step) and its events, deletes it gracefully
 * when asked, and removes it from the store once its containers are gone.
 */
import { rmSync } from 'node:fs';
import type { PodEvent } from '../../lifecycle/events.js';
import { fromText } from '../../manifest/load.js';
import { isRecord } from '../../manifest/objects.js';
import { podTemplateOf } from '../../manifest/pod-templates.js';
import type { VersionInfo } from '../../model/versions.js';
import type { ImageMap } from '../../runtime/command.js';
import type { ContainerEngine } from '../../runtime/engine/types.js';
import type { IsolationCapabilities } from '../../runtime/isolation/host.js';
import { PodRunner } from '../../runtime/pod-runner.js';
import { laneSpecsOf, type PodRunView } from '../../timeline/view.js';
import {
  chooseIsolation,
  type IsolationFlag,
  type PodToPlace,
} from '../../runtime/requirements.js';
import type { KubeObject, ObjectStore } from '../store/types.js';
import { refreshVolumes, type ChangedSource } from './config-sync.js';
import type { EventRecorder } from './event-recorder.js';
import {
  kubeletEventsOf,
  pullEvents,
  type KubeletEventSpec,
  type WordingContext,
} from '../../timeline/event-wording.js';
import { notStartedStatus, storedStatus } from './pod-status.js';
import { PortForwards } from './port-forward.js';
import { storeConfigSources } from './store-sources.js';

/** The node's settings: what serve gives its kubelet. */
export interface NodeSettings {
  readonly store: ObjectStore;
  readonly version: VersionInfo;
  /** `--image IMAGE=ENTRYPOINT`: what runs for a container without command. */
  readonly images: ImageMap;
  /** Where logs and volumes go (the runtime's state directory). */
  readonly stateDir: string;
  readonly isolation: IsolationFlag;
  readonly caps: IsolationCapabilities;
  /** A container engine as the container runtime (`--runtime podman|docker`); absent: processes. */
  readonly engine?: ContainerEngine | undefined;
  /** The node's name: `spec.nodeName`, events' `source.host`. */
  readonly nodeName: string;
  readonly onWarning?: ((message: string) => void) | undefined;
}

/** What every pod worker shares: the node's settings, its event recorders and its other pods. */
export interface NodeContext extends NodeSettings {
  readonly kubelet: EventRecorder;
  readonly scheduler: EventRecorder;
  /** The other pods this node runs (for isolation: ports they use). */
  others(): PodToPlace[];
}

function specOf(obj: KubeObject): Record<string, unknown> {
  return isRecord(obj['spec']) ? obj['spec'] : {};
}

/** `spec.containers{x}` or `spec.initContainers{x}` (pkg/kubelet/container/ref.go fieldPath). */
export function fieldPathOf(spec: Readonly<Record<string, unknown>>, container: string): string {
  const init = spec['initContainers'];
  const isInit =
    Array.isArray(init) && init.some((c: unknown) => isRecord(c) && c['name'] === container);
  return `spec.${isInit ? 'initContainers' : 'containers'}{${container}}`;
}

/** The pod run of one stored pod (one uid). */
export class PodWorker {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly spec: Record<string, unknown>;
  /** Null until prepared, and for a pod that could not be. */
  runner: PodRunner | null = null;
  /** The pod's containers have all stopped (or never started). */
  ended = false;
  private deleting = false;
  private removed = false;
  private flushQueued = false;
  private readonly node: NodeContext;
  private readonly wording: WordingContext;
  private readonly gone: Promise<void>;
  /** Port-forward listeners (created on the first connect). */
  readonly forwards = new PortForwards(() => this.runner!.currentNetwork());
  private resolveGone: () => void = () => undefined;
  /** The engine's events so far, and when the run started and ended (performance.now): /ui's lanes. */
  private readonly engineEvents: PodEvent[] = [];
  private startedAt = 0;
  private endedAt: number | null = null;

  constructor(node: NodeContext, obj: KubeObject) {
    this.node = node;
    this.namespace = obj.metadata.namespace ?? 'default';
    this.name = obj.metadata.name;
    this.uid = obj.metadata.uid;
    this.spec = specOf(obj);
    this.gone = new Promise((r) => (this.resolveGone = r));
    this.wording = {
      name: this.name,
      namespace: this.namespace,
      uid: this.uid,
      version: node.version,
      image: (c) => imageOf(this.spec, c),
      signalled: new Set(),
      pulled: new Set(),
    };
  }

  /** Resolves once the pod is removed from the store (or found gone). */
  whenGone(): Promise<void> {
    return this.gone;
  }

  /** Takes the pod: binds it, prepares it, runs it. */
  take(obj: KubeObject): void {
    if (this.deleting || this.removed) return;
    this.bind(obj);
    const runner = this.prepare();
    if (runner === null) return;
    this.runner = runner;
    this.startedAt = performance.now();
    runner.run().then(
      (r) => this.ended_(storedStatus(r.status, this.spec)),
      (e: unknown) => {
        const msg = e instanceof Error ? e.message : String(e);
        this.event({ type: 'Warning', reason: 'Failed', message: `Error: ${msg}` });
        this.ended_(null);
      },
    );
    this.flushSoon();
  }

  /** The pod got a deletionTimestamp: stop its containers with its grace period, then remove it. */
  delete(gracePeriodSeconds: number | undefined): void {
    if (this.deleting) return;
    this.deleting = true;
    if (this.ended || this.runner === null) {
      this.remove();
      return;
    }
    this.runner.delete(gracePeriodSeconds);
  }

  /** Kills every container at once; the pod is removed when they are gone. */
  killNow(): void {
    this.deleting = true;
    if (this.ended || this.runner === null) this.remove();
    else this.runner.killNow();
  }

  /** The pod was removed from the store by someone else (a delete with no grace): kill it. */
  forgotten(): void {
    this.removed = true;
    if (!this.ended && this.runner !== null) this.runner.killNow();
    else this.cleanUp();
  }

  /** A ConfigMap or Secret of the pod's namespace changed: its volumes that use it follow. */
  configChanged(changed: ChangedSource): void {
    if (this.ended || this.runner === null) return;
    refreshVolumes(this.runner.preparedPod(), storeConfigSources(this.node.store), changed);
  }

  /** Binding (the scheduler's job, done by the node itself): spec.nodeName and `Scheduled`. */
  private bind(obj: KubeObject): void {
    if (this.spec['nodeName'] !== this.node.nodeName) {
      try {
        const fresh = this.node.store.get('pods', this.namespace, this.name) ?? obj;
        this.node.store.update('pods', {
          ...fresh,
          spec: { ...specOf(fresh), nodeName: this.node.nodeName },
        });
      } catch {
        // A pod changed or deleted meanwhile: its next watch event says what to do.
      }
      this.spec['nodeName'] = this.node.nodeName;
    }
    // scheduler.go / schedule_one.go handleSchedulingFailure's twin on success (bind)
    this.node.scheduler.record(this, {
      type: 'Normal',
      reason: 'Scheduled',
      message: `Successfully assigned ${this.namespace}/${this.name} to ${this.node.nodeName}`,
    });
  }

  private prepare(): PodRunner | null {
    const key = `${this.namespace}/${this.name}`;
    const stored = this.node.store.get('pods', this.namespace, this.name);
    const obj = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { ...stored?.metadata, name: this.name, namespace: this.namespace, uid: this.uid },
      spec: this.spec,
    };
    try {
      const template = podTemplateOf(fromText(JSON.stringify(obj), `${key}.json`).objects[0]!)!;
      const modes = chooseIsolation(this.node.isolation, this.node.caps, [
        { name: key, spec: this.spec },
        ...this.node.others(),
      ]);
      return PodRunner.prepare({
        template,
        version: this.node.version,
        sources: storeConfigSources(this.node.store),
        images: this.node.images,
        stateDir: this.node.stateDir,
        isolation: modes.get(key) ?? 'process',
        caps: this.node.caps,
        uid: this.uid,
        ...(this.node.engine !== undefined ? { engine: this.node.engine } : {}),
        onEvent: (e) => this.onEngineEvent(e),
        onPull: (container, image, tookMs) => this.onPull(container, image, tookMs),
        ...(this.node.onWarning !== undefined ? { onWarning: this.node.onWarning } : {}),
      });
    } catch (e) {
      this.notStarted(e instanceof Error ? e.message : String(e));
      return null;
    }
  }

  /**
   * A pod that cannot start (its configuration, or this machine): its containers wait with the
   * kubelet's reason and a Warning `Failed` event says why; the pod stays until it is deleted.
   */
  private notStarted(message: string): void {
    // prepare.ts words a container's configuration error `run: pod P: container C: REASON: MSG`.
    const m = /^run: pod \S+: container ([^:]+): (CreateContainerConfigError): ([\s\S]*)$/.exec(
      message,
    );
    const container = m?.[1] ?? null;
    const reason = m?.[2] ?? 'RunContainerError';
    const detail = m?.[3] ?? message.replace(/^run: pod \S+: /, '');
    this.ended = true;
    this.postStatus(notStartedStatus(this.spec, container, reason, detail, stampNow()));
    this.event({
      type: 'Warning',
      reason: 'Failed',
      message: `Error: ${detail}`,
      ...(container !== null ? { fieldPath: fieldPathOf(this.spec, container) } : {}),
    });
  }

  /** The pod's run so far as the one result view (serve's /ui draws it); null before it runs. */
  view(): PodRunView | null {
    if (this.runner === null) return null;
    const end = this.endedAt ?? performance.now();
    return {
      pod: `${this.namespace}/${this.name}`,
      k8sVersion: this.node.version.version,
      containers: laneSpecsOf(this.spec, this.node.version),
      events: [...this.engineEvents],
      status: this.runner.status(),
      until: Math.max(0, Math.round(end - this.startedAt)) / 1000,
      clock: 'real',
    };
  }

  private onEngineEvent(e: PodEvent): void {
    this.engineEvents.push(e);
    this.record(kubeletEventsOf(e, this.wording));
  }

  /** A container engine's pull (--runtime podman|docker): Pulling, then Pulled. */
  private onPull(container: string, image: string, tookMs: number | null): void {
    this.record(pullEvents(container, image, tookMs, this.wording));
  }

  private record(events: readonly KubeletEventSpec[]): void {
    for (const k of events) {
      this.event({
        type: k.type,
        reason: k.reason,
        message: k.message,
        ...(k.container !== undefined ? { fieldPath: fieldPathOf(this.spec, k.container) } : {}),
      });
    }
    this.flushSoon();
  }

  private event(e: Parameters<EventRecorder['record']>[1]): void {
    if (!this.removed) this.node.kubelet.record(this, e);
  }

  /** One status write after the engine step that is running now (coalesced). */
  private flushSoon(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      if (this.runner !== null && !this.ended)
        this.postStatus(storedStatus(this.runner.status(), this.spec));
    });
  }

  private postStatus(status: Record<string, unknown>): void {
    if (this.removed) return;
    const store = this.node.store;
    const cur = store.get('pods', this.namespace, this.name);
    if (cur === undefined || cur.metadata.uid !== this.uid) return;
    // status.qosClass is set by the API server on create and never changes (the status update
    // validation keeps it): the kubelet's own (qos.ts) only fills a pod stored without one.
    const prev = isRecord(cur['status']) ? cur['status']['qosClass'] : undefined;
    if (typeof prev === 'string' && prev !== '') status = { ...status, qosClass: prev };
    try {
      store.update('pods', { ...cur, status }, { status: true });
    } catch {
      // Changed meanwhile: the next step posts again.
    }
  }

  private ended_(final: Record<string, unknown> | null): void {
    this.ended = true;
    this.endedAt = performance.now();
    if (final !== null) this.postStatus(final);
    if (this.deleting || this.removed) this.remove();
  }

  /** The kubelet's final delete: logs and volumes go, then the object (DELETED). */
  private remove(): void {
    const wasRemoved = this.removed;
    this.removed = true;
    this.cleanUp();
    if (!wasRemoved) {
      try {
        const cur = this.node.store.get('pods', this.namespace, this.name);
        if (cur !== undefined && cur.metadata.uid === this.uid)
          this.node.store.remove('pods', this.namespace, this.name);
      } catch {
        // already gone
      }
    }
    this.resolveGone();
  }

  private cleanUp(): void {
    this.forwards.close();
    this.node.kubelet.forget(this);
    this.node.scheduler.forget(this);
    const dir = this.runner?.podDir;
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    this.resolveGone();
  }
}

function imageOf(spec: Readonly<Record<string, unknown>>, container: string): string {
  for (const list of ['initContainers', 'containers']) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    for (const c of items)
      if (isRecord(c) && c['name'] === container && typeof c['image'] === 'string')
        return c['image'];
  }
  return '';
}

function stampNow(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}
