/**
 * The local kubelet of `sidecarctl serve`: the node agent over the project's runtime. It watches
 * the pods in the store (as the kubelet's config source watches the API server for pods bound to
 * its node), runs each new one through its own pod worker (pod-worker.ts), and answers the
 * requests the API server proxies to a kubelet (logs, exec) as the PodBackend.
 */
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { PodToPlace } from '../../runtime/requirements.js';
import type { PodRunView } from '../../timeline/view.js';
import type { ExecTarget, PodBackend, PodLogOptions } from '../backend.js';
import type { KubeObject, WatchEvent } from '../store/types.js';
import { badRequest, podNotFound } from './api-errors.js';
import { EventRecorder } from './event-recorder.js';
import { execTargetOf } from './exec-target.js';
import { PodWorker, type NodeContext, type NodeSettings } from './pod-worker.js';
import { podLogs } from './pod-logs.js';

/** The kubelet's options: the node's settings. */
export type LocalKubeletOptions = NodeSettings;

const isOver = (obj: KubeObject): boolean => {
  const status = obj['status'];
  const phase =
    typeof status === 'object' && status !== null
      ? (status as Record<string, unknown>)['phase']
      : undefined;
  return phase === 'Succeeded' || phase === 'Failed';
};

/** The node: runs the store's pods and answers their logs and exec. */
export class LocalKubelet implements PodBackend {
  private readonly opts: LocalKubeletOptions;
  private readonly node: NodeContext;
  /** Pods taken, by `namespace/name`. */
  private readonly workers = new Map<string, PodWorker>();
  private stopWatch: (() => void) | null = null;
  private stopConfigWatch: (() => void) | null = null;
  /**
   * Workers just forgotten (removed from the store), for podView during the rest of that turn:
   * serve's /ui draws a pod's last state while the store tells it of the removal.
   */
  private readonly departed = new Map<string, PodWorker>();
  /** Per `namespace/name`: resolves when the last pod of that name has left the node. */
  private readonly leaving = new Map<string, Promise<void>>();

  constructor(opts: LocalKubeletOptions) {
    this.opts = opts;
    this.node = {
      store: opts.store,
      version: opts.version,
      images: opts.images,
      stateDir: opts.stateDir,
      isolation: opts.isolation,
      caps: opts.caps,
      engine: opts.engine,
      nodeName: opts.nodeName,
      kubelet: new EventRecorder(opts.store, { component: 'kubelet', host: opts.nodeName }),
      scheduler: new EventRecorder(opts.store, { component: 'default-scheduler' }),
      others: () => this.others(),
      onWarning: opts.onWarning,
    };
  }

  /** Starts watching the store's pods (those stored now included). */
  start(): void {
    if (this.stopWatch !== null) return;
    this.stopWatch = this.opts.store.watch('pods', {}, (e) => this.onWatch(e));
    const rv = this.opts.store.resourceVersion();
    const onConfig = (kind: 'configMap' | 'secret') => (e: WatchEvent) => {
      const ns = e.object.metadata.namespace ?? 'default';
      const name = e.object.metadata.name;
      this.later(() => {
        for (const w of this.workers.values())
          if (w.namespace === ns) w.configChanged({ kind, name });
      });
    };
    const cm = this.opts.store.watch('configmaps', { resourceVersion: rv }, onConfig('configMap'));
    const sec = this.opts.store.watch('secrets', { resourceVersion: rv }, onConfig('secret'));
    this.stopConfigWatch = () => {
      cm();
      sec();
    };
  }

  /** Deletes every pod gracefully (each with its grace period); resolves when all are removed. */
  async shutdown(): Promise<void> {
    this.stop();
    const all = [...this.workers.values()];
    for (const w of all) w.delete(undefined);
    await Promise.all(all.map((w) => w.whenGone()));
  }

  /** Kills every pod at once; resolves when all are removed. */
  async killAll(): Promise<void> {
    this.stop();
    const all = [...this.workers.values()];
    for (const w of all) w.killNow();
    await Promise.all(all.map((w) => w.whenGone()));
  }

  logs(namespace: string, pod: string, opts: PodLogOptions): Readable {
    return podLogs(this.opts.store, (ns, name) => this.worker(ns, name), namespace, pod, opts);
  }

  /**
   * The run of the pod of that uid so far (engine events, status), for serve's /ui; null when
   * none. A pod removed from the store is still answered for during the watch callbacks of its
   * removal.
   */
  podView(namespace: string, pod: string, uid: string): PodRunView | null {
    const key = `${namespace}/${pod}`;
    const w = [this.workers.get(key), this.departed.get(key)].find((x) => x?.uid === uid);
    return w === undefined ? null : w.view();
  }

  execTarget(namespace: string, pod: string, container: string): ExecTarget {
    return execTargetOf(
      this.opts.store,
      (ns, name) => this.worker(ns, name),
      namespace,
      pod,
      container,
    );
  }

  /**
   * A connection to a port in the pod's network.
   * @throws ApiError NotFound; BadRequest when the pod is not running (worded as kubectl's own
   *   check, cmd/portforward/portforward.go: `unable to forward port because pod is not running`)
   */
  connect(namespace: string, pod: string, port: number): Promise<Socket> {
    const obj = this.opts.store.get('pods', namespace, pod);
    if (obj === undefined) return Promise.reject(podNotFound(pod));
    const w = this.worker(namespace, pod);
    const status = obj['status'];
    const phase =
      typeof status === 'object' && status !== null
        ? (status as Record<string, unknown>)['phase']
        : undefined;
    if (w === undefined || w.runner === null || w.ended || phase !== 'Running') {
      return Promise.reject(
        badRequest(
          `unable to forward port because pod is not running. Current status=${String(phase ?? 'Pending')}`,
        ),
      );
    }
    return w.forwards.connect(port);
  }

  private worker(namespace: string, name: string): PodWorker | undefined {
    return this.workers.get(`${namespace}/${name}`);
  }

  private stop(): void {
    this.stopWatch?.();
    this.stopWatch = null;
    this.stopConfigWatch?.();
    this.stopConfigWatch = null;
  }

  private others(): PodToPlace[] {
    return [...this.workers.values()]
      .filter((w) => !w.ended)
      .map((w) => ({ name: `${w.namespace}/${w.name}`, spec: w.spec }));
  }

  /**
   * One watch event. Work is done outside the store's callback (a write from inside a watch
   * callback would be seen by other watchers before the event that caused it).
   */
  private onWatch(e: WatchEvent): void {
    const obj = e.object;
    const key = `${obj.metadata.namespace ?? 'default'}/${obj.metadata.name}`;
    const known = this.workers.get(key);
    if (known !== undefined && (e.type === 'DELETED' || known.uid !== obj.metadata.uid)) {
      // Gone from the store (or replaced by a new pod of that name): its containers go too.
      this.workers.delete(key);
      this.departed.set(key, known);
      setImmediate(() => {
        if (this.departed.get(key) === known) this.departed.delete(key);
      });
      this.later(() => known.forgotten());
      if (e.type === 'DELETED') return;
    }
    const w = this.workers.get(key);
    if (e.type === 'DELETED') return;
    const marked = obj.metadata.deletionTimestamp !== undefined;
    if (w !== undefined) {
      if (marked) this.later(() => w.delete(obj.metadata.deletionGracePeriodSeconds));
      return;
    }
    const node = (obj['spec'] as Record<string, unknown> | undefined)?.['nodeName'];
    if (typeof node === 'string' && node !== '' && node !== this.opts.nodeName) return;
    if (isOver(obj) && !marked) return;
    this.takeNew(key, obj, marked);
  }

  /**
   * A new pod: its worker starts once an older pod of the same name has left this node (they
   * would share the pod's directories: logs, volumes).
   */
  private takeNew(key: string, obj: KubeObject, marked: boolean): void {
    const worker = new PodWorker(this.node, obj);
    this.workers.set(key, worker);
    const before = this.leaving.get(key) ?? Promise.resolve();
    const gone = worker.whenGone().then(() => {
      if (this.workers.get(key) === worker) this.workers.delete(key);
      if (this.leaving.get(key) === gone) this.leaving.delete(key);
    });
    this.leaving.set(key, gone);
    void before.then(() =>
      this.later(() => {
        if (marked) worker.delete(0);
        else worker.take(obj);
      }),
    );
  }

  /** Runs a step of a pod worker on its own turn; a failure of one pod never stops the node. */
  private later(f: () => void): void {
    setImmediate(() => {
      try {
        f();
      } catch (e) {
        this.opts.onWarning?.(`kubelet: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  }
}
