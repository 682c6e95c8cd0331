/**
 * The real-process driver of the lifecycle engine (src/lifecycle/engine.ts, "Driver contract"):
 * the same engine as `simulate`, with real processes and real timers instead of a virtual clock
 * and scripts. No lifecycle rule lives here: start order, probe timing and thresholds, restarts
 * and back-off, termination order and grace periods, and when the pod is over (`settled`) are
 * all the engine's; this file only carries out its actions (start a container, run a probe or
 * hook, send a signal, create or remove the sandbox) and reports what happened as observations,
 * with `t` in wall-clock time since the pod was created.
 *
 * Split as the kubelet splits kuberuntime: this is the manager's loop (kuberuntime_manager.go
 * SyncPod carrying out computePodActions); preparing the pod is prepare.ts, starting a container
 * container.ts (kuberuntime_container.go), the sandbox isolation/sandbox.ts
 * (kuberuntime_sandbox.go) and its host ports network/ports.ts. The simulator is its twin:
 * src/simulate/driver.ts.
 */
import type { Server } from 'node:net';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import type { Action, Observation } from '../lifecycle/actions.js';
import { createPodState, podStatus, step, type EngineState } from '../lifecycle/engine.js';
import type { PodEvent } from '../lifecycle/events.js';
import type { PodStatus } from '../lifecycle/status.js';
import { laneSpecsOf, type PodRunView } from '../timeline/view.js';
import { startContainer, type ContainerReports } from './container.js';
import { engineExecEnv, startEngineContainer } from './engine/engine-container.js';
import { createEngineSandbox, type EngineSandbox } from './engine/engine-pod.js';
import type { ContainerEngine } from './engine/types.js';
import { runHandlerAction, type HandlerContext } from './handlers.js';
import type { ContainerProcess } from './isolation/container-process.js';
import { createSandbox, type PodSandbox } from './isolation/sandbox.js';
import type { SpareSandbox } from './isolation/spare-sandbox.js';
import { podRecordOf, writePodRecord, type LogStream } from './logs.js';
import { hostNetwork, podNetwork, type PodNetwork } from './network/netns-client.js';
import { publish, publishedPorts, type PublishedPort } from './network/ports.js';
import { preparePod, type PrepareOptions, type PreparedPod } from './prepare.js';
import { Prestarted } from './prestart.js';
import { runtimeError } from './write-error.js';

export type { PublishedPort } from './network/ports.js';

export interface RunPodOptions extends PrepareOptions {
  readonly publish?: readonly PublishedPort[];
  /** Each event as it happens (in time order). */
  readonly onEvent?: (e: PodEvent) => void;
  /** Each line a container writes. */
  readonly onLine?: (container: string, line: string, stream: LogStream) => void;
  /** A sandbox made ahead (isolation/spare-sandbox.ts), taken by the first pod that fits. */
  readonly spare?: SpareSandbox;
  /** A container engine as the container runtime (`--runtime podman|docker`); absent: processes. */
  readonly engine?: ContainerEngine;
  /** An engine pulls a container's image (tookMs null: starting), then has pulled it. */
  readonly onPull?: (container: string, image: string, tookMs: number | null) => void;
  /** Privileged containers allowed on the engine (SIDECARCTL_ALLOW_PRIVILEGED=1). */
  readonly allowPrivileged?: boolean;
}

/** A run pod: the one result view, `until` being when the run ended. */
export interface RunPodResult extends PodRunView {
  /** The pod was deleted on request (Ctrl-C, --delete-after), and had not failed before. */
  readonly deletedAsAsked: boolean;
}

interface Instance {
  readonly instance: number;
  readonly proc: ContainerProcess | null;
}

/**
 * One pod run by the real-process driver. `prepare` does everything that can fail before a
 * process starts (volumes, environments, commands); `run` drives the engine until the pod ends.
 */
export class PodRunner {
  readonly pod: string;
  private readonly opts: RunPodOptions;
  private readonly prepared: PreparedPod;
  private state: EngineState;
  private readonly events: PodEvent[] = [];
  private readonly pending: Observation[] = [];
  private readonly instances = new Map<string, Instance>();
  private sandbox: PodSandbox | null = null;
  private prestarted = new Prestarted();
  private engineSandbox: EngineSandbox | null = null;
  /** The engine pod's removal, once asked (teardown). */
  private engineRemoval: Promise<void> = Promise.resolve();
  private network: PodNetwork = hostNetwork();
  private readonly servers: Server[] = [];
  private created = 0;
  private createdAtMs = 0;
  private timer: NodeJS.Timeout | null = null;
  private scheduled = false;
  private finished = false;
  private deleteAsked = false;
  private failedBeforeDelete = false;
  private resolveDone: (r: RunPodResult) => void = () => undefined;
  private rejectDone: (e: unknown) => void = () => undefined;

  private constructor(opts: RunPodOptions, prepared: PreparedPod) {
    this.opts = opts;
    this.prepared = prepared;
    this.pod = prepared.pod;
    this.state = createPodState(prepared.model, opts.version);
  }

  /**
   * Prepares a pod (prepare.ts): volumes made, every container's command, environment and mounts
   * computed.
   * @throws SidecarError SIDECAR_E_RUNTIME when the pod cannot run (nothing has started then)
   */
  static prepare(opts: RunPodOptions): PodRunner {
    const engine = opts.engine !== undefined;
    return new PodRunner(opts, preparePod({ ...opts, imageEntrypoints: engine }));
  }

  /** Runs the pod until it ends; resolves with its events and final status. */
  run(): Promise<RunPodResult> {
    const done = new Promise<RunPodResult>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    this.created = performance.now();
    this.createdAtMs = Date.now();
    try {
      writePodRecord(
        this.prepared.podDir,
        podRecordOf(this.prepared.ctx, this.state.model.containers, this.createdAtMs),
      );
    } catch (e) {
      this.fail(e);
      return done;
    }
    this.schedule();
    return done;
  }

  /** Deletes the pod (the API's DELETE), with the pod's grace period or the one given. */
  delete(gracePeriodSeconds?: number, force = false): void {
    if (this.finished) return;
    if (!this.deleteAsked) {
      this.deleteAsked = true;
      this.failedBeforeDelete = this.state.terminalPhase === 'Failed';
    }
    this.observe({
      type: 'DeletePod',
      ...(gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds }),
      ...(force ? { force: true } : {}),
    });
  }

  /**
   * Kills every container at once (a second Ctrl-C; `kubectl delete --grace-period=0 --force`):
   * a forced deletion, whose step says ContainerKilling SIGKILL for each running container
   * before their exits, and SIGKILL now.
   */
  killNow(): void {
    this.delete(0, true);
    for (const i of this.instances.values()) i.proc?.kill();
  }

  /** Gives up a prepared pod that will not run: removes its volumes. */
  discard(): void {
    this.prepared.volumes.cleanup();
  }

  /**
   * Where a command runs in a container's current instance (exec): its process and environment;
   * null when it has no process (not started, or its start failed). The process may have ended.
   */
  execContext(
    container: string,
  ): { readonly process: ContainerProcess; readonly env: Readonly<Record<string, string>> } | null {
    const proc = this.instances.get(container)?.proc ?? null;
    const prep = this.prepared.containers.get(container);
    return proc === null || prep === undefined
      ? null
      : { process: proc, env: engineExecEnv(proc) ?? prep.env };
  }

  /** What was prepared for the pod (its context, volumes, containers): serve's volume updates. */
  preparedPod(): PreparedPod {
    return this.prepared;
  }

  /** The pod's network (its own namespace once the sandbox exists, else the host's): serve's port-forward. */
  currentNetwork(): PodNetwork {
    return this.network;
  }

  /** The pod's directory under the state directory (its record and logs). */
  get podDir(): string {
    return this.prepared.podDir;
  }

  /** The pod status now. */
  status(): PodStatus {
    return podStatus(this.state, this.createdAtMs);
  }

  private now(): number {
    return Math.round(performance.now() - this.created);
  }

  private observe(o: Observation): void {
    this.pending.push(o);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.finished) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      try {
        this.tick();
      } catch (e) {
        this.fail(e);
      }
    });
  }

  /** One engine step with what was observed since the last; one timer for its `wakeAt`. */
  private tick(): void {
    if (this.finished) return;
    const res = step(this.state, this.now(), this.pending.splice(0));
    this.state = res.state;
    for (const e of res.events) {
      this.events.push(e);
      this.opts.onEvent?.(e);
    }
    for (const a of res.actions) this.handle(a);
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (res.settled) {
      this.finish();
      return;
    }
    if (res.wakeAt !== null) {
      this.timer = setTimeout(() => this.schedule(), Math.max(0, res.wakeAt - this.now()));
    }
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.teardown();
    const result: RunPodResult = {
      pod: this.pod,
      k8sVersion: this.opts.version.version,
      containers: laneSpecsOf(this.prepared.ctx.spec, this.opts.version),
      events: this.events,
      status: podStatus(this.state, this.createdAtMs),
      until: this.state.now / 1000,
      clock: 'real',
      deletedAsAsked: this.deleteAsked && !this.failedBeforeDelete,
    };
    // An engine's pod is removed before the run says it is over.
    void this.engineRemoval.then(() => this.resolveDone(result));
  }

  /**
   * The pod cannot go on (its state directory cannot be written, a step of the runtime threw):
   * everything of it is killed at once and removed, as on a second Ctrl-C, and the run rejects
   * with a runtime error. Nothing of the pod is left running.
   */
  private fail(e: unknown): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.teardown();
    void this.engineRemoval.then(() => this.rejectDone(runtimeError(this.pod, e)));
  }

  /** Kills and removes everything of the pod; each step is tried, whatever the others do. */
  private teardown(): void {
    const attempt = (f: () => void): void => {
      try {
        f();
      } catch {
        // best effort: the rest must go too
      }
    };
    attempt(() => this.prestarted.discardAll());
    for (const i of this.instances.values()) attempt(() => i.proc?.kill());
    for (const s of this.servers) attempt(() => s.close());
    attempt(() => this.network.close());
    attempt(() => this.sandbox?.close());
    this.sandbox = null;
    const es = this.engineSandbox;
    if (es !== null && this.opts.engine !== undefined)
      this.engineRemoval = this.opts.engine.removePod(es.pod).catch(() => undefined);
    this.engineSandbox = null;
    attempt(() => this.prepared.volumes.cleanup());
    // The mount points of the containers' own mounts: empty once their namespaces are gone.
    attempt(() => rmSync(join(this.prepared.podDir, 'stage'), { recursive: true, force: true }));
    // An engine's pid files of the containers.
    attempt(() => rmSync(join(this.prepared.podDir, 'engine'), { recursive: true, force: true }));
  }

  private handle(a: Action): void {
    switch (a.type) {
      case 'CreateSandbox':
        void this.createSandbox();
        return;
      case 'RemoveSandbox':
        // Processes are gone; the namespaces go with the fds in teardown().
        return;
      case 'StartContainer':
        this.startContainer(a.container, a.instance);
        return;
      case 'Signal': {
        const inst = this.instances.get(a.container);
        if (inst === undefined || inst.instance !== a.instance || inst.proc === null) return;
        if (a.signal === 'SIGKILL') inst.proc.kill();
        else inst.proc.signal('SIGTERM');
        return;
      }
      case 'RunProbe':
      case 'RunHook': {
        const h = this.handlerContext(a.container, a.instance);
        const m = this.state.model.containers.find((c) => c.name === a.container);
        if (h === null || m === undefined) return;
        void runHandlerAction(a, m, h)?.then((o) => this.observe(o));
        return;
      }
    }
  }

  /** Where a probe or hook of the current instance runs; null for an instance that is gone. */
  private handlerContext(container: string, instance: number): HandlerContext | null {
    const inst = this.instances.get(container);
    const prep = this.prepared.containers.get(container);
    if (
      inst === undefined ||
      inst.instance !== instance ||
      inst.proc === null ||
      prep === undefined
    )
      return null;
    const env = engineExecEnv(inst.proc) ?? prep.env;
    return { container: prep.spec, process: inst.proc, env, network: this.network };
  }

  private async createSandbox(): Promise<void> {
    const spec = this.prepared.ctx.spec;
    try {
      if (this.opts.engine !== undefined) {
        const es = await createEngineSandbox(this.opts.engine, this.prepared, this.opts.caps);
        // A pod that ended while its sandbox was being made: the sandbox goes at once.
        if (this.finished) {
          es.network.close();
          await this.opts.engine.removePod(es.pod).catch(() => undefined);
          return;
        }
        this.engineSandbox = es;
        this.network = es.network;
      } else if (this.opts.isolation === 'pod' && spec['hostNetwork'] !== true) {
        const sharePid = spec['shareProcessNamespace'] === true && this.opts.caps.root;
        const own = (): Promise<PodSandbox> =>
          createSandbox(this.opts.caps, this.pod, { sharePid });
        // A spare that failed: the pod's own attempt says why, in the pod's name.
        this.sandbox = await ((sharePid ? undefined : this.opts.spare?.take())?.catch(own) ??
          own());
        this.network = podNetwork(this.opts.caps, this.sandbox);
        // The containers' chains start now, in parallel, rather than each after the last.
        if (!this.finished)
          this.prestarted = Prestarted.forPod(this.prepared, this.opts.caps, this.sandbox);
      }
      const specs = [...this.prepared.containers.values()].map((c) => c.spec);
      for (const p of publishedPorts(spec, specs, this.opts.publish)) {
        await publish(p, this.network, this.pod, (s) => this.servers.push(s));
      }
      this.observe({ type: 'SandboxReady' });
    } catch (e) {
      this.fail(e);
    }
  }

  private startContainer(name: string, instance: number): void {
    if (!this.prepared.containers.has(name)) return;
    if (this.opts.engine !== undefined && this.engineSandbox !== null) {
      const proc = startEngineContainer(
        {
          engine: this.opts.engine,
          pod: this.engineSandbox.pod,
          prepared: this.prepared,
          name,
          instance,
          allowPrivileged: this.opts.allowPrivileged === true,
          nsenter: this.opts.caps.root ? this.opts.caps.tools.nsenter : null,
        },
        this.reports(name),
      );
      this.instances.set(name, { instance, proc });
      return;
    }
    const proc = startContainer(
      {
        pod: this.prepared,
        name,
        instance,
        isolation: this.opts.isolation,
        caps: this.opts.caps,
        sandbox: this.sandbox,
        prestarted: this.prestarted.take(name, instance),
      },
      this.reports(name),
    );
    this.instances.set(name, { instance, proc });
  }

  private reports(name: string): ContainerReports {
    return {
      observe: (o) => this.observe(o),
      line: (line, stream) => this.opts.onLine?.(name, line, stream),
      warning: (message) => this.opts.onWarning?.(message),
      pull: (image, tookMs) => this.opts.onPull?.(name, image, tookMs),
      fatal: (e) => this.fail(e),
    };
  }
}
