/**
 * The real-process driver of the lifecycle engine (src/lifecycle/engine.ts, "Driver contract"):
 * the same engine as `simulate`, with real processes and real timers instead of a virtual clock
 * and scripts. No lifecycle rule lives here: start order, probe timing and thresholds, restarts
 * and back-off, termination order and grace periods are all the engine's; this file only carries
 * out its actions (start a container, run a probe or hook, send a signal, create or remove the
 * sandbox) and reports what happened as observations, with `t` in wall-clock time since the pod
 * was created.
 */
import { accessSync, constants, rmSync, statSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { performance } from 'node:perf_hooks';
import { join, posix } from 'node:path';
import type { Action, Observation } from '../lifecycle/actions.js';
import {
  buildPodModel,
  createPodState,
  podStatus,
  step,
  type EngineState,
} from '../lifecycle/engine.js';
import type { PodEvent } from '../lifecycle/events.js';
import type { PodStatus } from '../lifecycle/status.js';
import { SidecarError } from '../errors.js';
import { isRecord } from '../manifest/objects.js';
import type { PodTemplate } from '../manifest/pod-templates.js';
import type { VersionInfo } from '../model/versions.js';
import { containerArgv, type ImageMap } from './command.js';
import type { ConfigSources } from './config-sources.js';
import { ContainerConfigError } from './container-config-error.js';
import { baseEnvironment, containerEnv, processEnvironment } from './env.js';
import type { IsolationCapabilities } from './isolation/host.js';
import {
  containerCgroup,
  detectCgroups,
  limitsOf,
  type ContainerCgroup,
} from './isolation/cgroups.js';
import {
  spawnContainer,
  type ContainerProcess,
  type IsolationMode,
} from './isolation/container-process.js';
import type { PlannedMount } from './isolation/mount-plan.js';
import { createSandbox, type PodSandbox } from './isolation/sandbox.js';
import { ContainerLog, writePodRecord, type LogStream } from './logs.js';
import { podContext, type PodContext } from './pod-context.js';
import { runHook, runProbe } from './handlers.js';
import { hostNetwork, podNetwork, type PodNetwork } from './network/netns-client.js';
import { ensureDir, podDirectory, runtimeDirectory } from './state-dir.js';
import { setUpVolumes, containerMounts, type PodVolumes } from './volumes.js';

export interface PublishedPort {
  readonly hostPort: number;
  readonly containerPort: number;
}

export interface RunPodOptions {
  readonly template: PodTemplate;
  readonly version: VersionInfo;
  readonly sources: ConfigSources;
  readonly images: ImageMap;
  readonly stateDir: string;
  readonly isolation: IsolationMode;
  readonly caps: IsolationCapabilities;
  readonly publish?: readonly PublishedPort[];
  /** Each event as it happens (in time order). */
  readonly onEvent?: (e: PodEvent) => void;
  /** Each line a container writes. */
  readonly onLine?: (container: string, line: string, stream: LogStream) => void;
  readonly onWarning?: (message: string) => void;
}

export interface RunPodResult {
  /** `namespace/name`. */
  readonly pod: string;
  readonly events: readonly PodEvent[];
  readonly status: PodStatus;
  /** The pod was deleted on request (Ctrl-C, --delete-after), and had not failed before. */
  readonly deletedAsAsked: boolean;
}

interface Prepared {
  readonly spec: Readonly<Record<string, unknown>>;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly mounts: readonly PlannedMount[];
  readonly workingDir?: string;
}

interface Instance {
  readonly instance: number;
  readonly proc: ContainerProcess | null;
}

/** The host path behind a container path: inside a mount, its source (the deepest mount wins). */
function hostPathOf(path: string, mounts: readonly PlannedMount[]): string {
  let best: PlannedMount | null = null;
  for (const m of mounts) {
    const t = posix.normalize(m.target);
    if (
      (path === t || path.startsWith(`${t}/`)) &&
      (best === null || t.length > best.target.length)
    )
      best = { ...m, target: t };
  }
  return best === null ? path : posix.join(best.source, path.slice(best.target.length));
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Whether argv[0] can be run in the container: an absolute path, or a name found on the
 * container's PATH, as the container sees them (a script from a configMap volume counts).
 * Otherwise the CRI fails the start (StartError).
 */
function runnable(
  argv0: string,
  env: Readonly<Record<string, string>>,
  mounts: readonly PlannedMount[],
): boolean {
  if (argv0.startsWith('/')) return executable(hostPathOf(posix.normalize(argv0), mounts));
  // Relative to the working directory: left to the container to find.
  if (argv0.includes('/')) return true;
  const dirs = (env['PATH'] ?? '').split(':').filter((d) => d.startsWith('/'));
  return dirs.some((d) => executable(hostPathOf(posix.join(d, argv0), mounts)));
}

/**
 * One pod run by the real-process driver. `prepare` does everything that can fail before a
 * process starts (volumes, environments, commands); `run` drives the engine until the pod ends.
 */
export class PodRunner {
  readonly pod: string;
  private readonly opts: RunPodOptions;
  private readonly ctx: PodContext;
  private readonly podDir: string;
  private readonly prepared: Map<string, Prepared>;
  private readonly volumes: PodVolumes;
  private state: EngineState;
  private readonly events: PodEvent[] = [];
  private readonly pending: Observation[] = [];
  private readonly instances = new Map<string, Instance>();
  private sandbox: PodSandbox | null = null;
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

  private constructor(
    opts: RunPodOptions,
    ctx: PodContext,
    podDir: string,
    prepared: Map<string, Prepared>,
    volumes: PodVolumes,
  ) {
    this.opts = opts;
    this.ctx = ctx;
    this.pod = `${ctx.namespace}/${ctx.name}`;
    this.podDir = podDir;
    this.prepared = prepared;
    this.volumes = volumes;
    this.state = createPodState(buildPodModel(ctx.spec, opts.version, this.pod), opts.version);
  }

  /**
   * Prepares a pod: volumes made, every container's command, environment and mounts computed.
   * @throws SidecarError SIDECAR_E_RUNTIME when the pod cannot run (nothing has started then)
   */
  static prepare(opts: RunPodOptions): PodRunner {
    const t = opts.template;
    const spec = isRecord(t.spec) ? t.spec : {};
    const ctx = podContext(t.podMetadata, spec, t.object.name, t.object.namespace);
    const podName = `${ctx.namespace}/${ctx.name}`;
    const podDir = podDirectory(opts.stateDir, ctx.namespace, ctx.name);
    ensureDir(podDir);
    const mem = runtimeDirectory();
    const volumes = setUpVolumes(ctx, opts.sources, {
      podVolumes: join(podDir, 'volumes'),
      memoryVolumes:
        mem === null ? null : join(mem, 'pods', `${ctx.namespace}_${ctx.name}`, 'volumes'),
      claims: join(opts.stateDir, 'volumes'),
    });
    for (const w of volumes.warnings) opts.onWarning?.(`pod ${podName}: ${w}`);
    const base = baseEnvironment(ctx);
    const prepared = new Map<string, Prepared>();
    const model = buildPodModel(spec, opts.version, podName);
    let limits = false;
    for (const m of model.containers) {
      try {
        const env = containerEnv(m.spec, ctx, opts.sources);
        if (env.skipped.length > 0) {
          opts.onWarning?.(
            `pod ${podName}: container ${m.name}: envFrom keys skipped as invalid variable names: ${env.skipped.join(', ')}`,
          );
        }
        const argv = containerArgv(m.spec, env, opts.images, podName);
        const mounts = containerMounts(m.spec, volumes, env);
        const wd = m.spec['workingDir'];
        prepared.set(m.name, {
          spec: m.spec,
          argv,
          env: processEnvironment(base, env),
          mounts,
          ...(typeof wd === 'string' && wd !== '' ? { workingDir: wd } : {}),
        });
        const res = m.spec['resources'];
        if (isRecord(res) && isRecord(res['limits']) && Object.keys(res['limits']).length > 0)
          limits = true;
      } catch (e) {
        if (e instanceof ContainerConfigError) {
          volumes.cleanup();
          throw new SidecarError(
            'SIDECAR_E_RUNTIME',
            `run: pod ${podName}: container ${m.name}: ${e.reason}: ${e.message}`,
          );
        }
        volumes.cleanup();
        throw e;
      }
    }
    if (spec['shareProcessNamespace'] === true && opts.isolation === 'pod' && !opts.caps.root) {
      // A nested user namespace cannot mount the /proc of a PID namespace its parent owns.
      opts.onWarning?.(
        `pod ${podName}: shareProcessNamespace is supported as root only: each container keeps its own PID namespace`,
      );
    }
    if (limits) {
      const cg = opts.isolation === 'pod' ? detectCgroups() : null;
      if (cg === null || cg.version === null) {
        const why = cg?.reason ?? 'process isolation has no container cgroups';
        opts.onWarning?.(`pod ${podName}: resources.limits not enforced: ${why}`);
      }
    }
    return new PodRunner(opts, ctx, podDir, prepared, volumes);
  }

  /** Runs the pod until it ends; resolves with its events and final status. */
  run(): Promise<RunPodResult> {
    const done = new Promise<RunPodResult>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    this.created = performance.now();
    this.createdAtMs = Date.now();
    writePodRecord(this.podDir, {
      name: this.ctx.name,
      namespace: this.ctx.namespace,
      uid: this.ctx.uid,
      containers: [
        ...this.state.model.containers
          .filter((c) => c.kind === 'regular')
          .map((c) => ({ name: c.name, init: false })),
        ...this.state.model.containers
          .filter((c) => c.kind !== 'regular')
          .map((c) => ({ name: c.name, init: true })),
      ],
      ...(this.ctx.annotations['kubectl.kubernetes.io/default-container'] !== undefined
        ? { defaultContainer: this.ctx.annotations['kubectl.kubernetes.io/default-container'] }
        : {}),
      runtimePid: process.pid,
      startedAt: new Date(this.createdAtMs).toISOString(),
    });
    this.schedule();
    return done;
  }

  /** Deletes the pod (the API's DELETE), with the pod's grace period or the one given. */
  delete(gracePeriodSeconds?: number): void {
    if (this.finished) return;
    if (!this.deleteAsked) {
      this.deleteAsked = true;
      this.failedBeforeDelete = this.state.terminalPhase === 'Failed';
    }
    this.observe(
      gracePeriodSeconds === undefined
        ? { type: 'DeletePod' }
        : { type: 'DeletePod', gracePeriodSeconds },
    );
  }

  /** Kills every container at once (a second Ctrl-C): deletion with no grace, and SIGKILL now. */
  killNow(): void {
    this.delete(0);
    for (const i of this.instances.values()) i.proc?.kill();
  }

  /** Gives up a prepared pod that will not run: removes its volumes. */
  discard(): void {
    this.volumes.cleanup();
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
        this.rejectDone(e);
      }
    });
  }

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
    const status = podStatus(this.state, this.createdAtMs);
    this.resolveDone({
      pod: this.pod,
      events: this.events,
      status,
      deletedAsAsked: this.deleteAsked && !this.failedBeforeDelete,
    });
  }

  private teardown(): void {
    for (const i of this.instances.values()) i.proc?.kill();
    for (const s of this.servers) s.close();
    this.network.close();
    this.sandbox?.close();
    this.sandbox = null;
    this.volumes.cleanup();
    // The mount points of the containers' own mounts: empty once their namespaces are gone.
    rmSync(join(this.podDir, 'stage'), { recursive: true, force: true });
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
      case 'RunProbe': {
        const h = this.handlerContext(a.container, a.instance);
        const probeSpec = this.probeSpec(a.container, a.probe);
        if (h === null || probeSpec === null) return;
        void runProbe(probeSpec, h, a.timeoutSeconds).then((result) =>
          this.observe({
            type: 'ProbeResult',
            container: a.container,
            instance: a.instance,
            probe: a.probe,
            result,
          }),
        );
        return;
      }
      case 'RunHook': {
        const h = this.handlerContext(a.container, a.instance);
        const m = this.state.model.containers.find((c) => c.name === a.container);
        const hook = a.hook === 'postStart' ? m?.postStart : m?.preStop;
        if (h === null || hook === undefined || hook === null) return;
        void runHook(hook.spec, h, a.timeoutSeconds).then((exitCode) =>
          this.observe({
            type: 'HookFinished',
            container: a.container,
            instance: a.instance,
            hook: a.hook,
            exitCode,
          }),
        );
        return;
      }
    }
  }

  private probeSpec(
    container: string,
    probe: 'startup' | 'readiness' | 'liveness',
  ): Readonly<Record<string, unknown>> | null {
    const m = this.state.model.containers.find((c) => c.name === container);
    const p =
      probe === 'startup'
        ? m?.startupProbe
        : probe === 'readiness'
          ? m?.readinessProbe
          : m?.livenessProbe;
    return p?.spec ?? null;
  }

  private handlerContext(container: string, instance: number) {
    const inst = this.instances.get(container);
    const prep = this.prepared.get(container);
    if (
      inst === undefined ||
      inst.instance !== instance ||
      inst.proc === null ||
      prep === undefined
    )
      return null;
    return { container: prep.spec, process: inst.proc, env: prep.env, network: this.network };
  }

  private async createSandbox(): Promise<void> {
    try {
      if (this.opts.isolation === 'pod' && this.ctx.spec['hostNetwork'] !== true) {
        this.sandbox = await createSandbox(this.opts.caps, this.pod, {
          sharePid: this.ctx.spec['shareProcessNamespace'] === true && this.opts.caps.root,
        });
        this.network = podNetwork(this.opts.caps, this.sandbox);
      }
      for (const p of this.publishedPorts()) await this.publish(p);
      this.observe({ type: 'SandboxReady' });
    } catch (e) {
      this.teardown();
      this.finished = true;
      this.rejectDone(e);
    }
  }

  /**
   * `--publish` plus every `hostPort` of the spec (as a node maps it, here on 127.0.0.1 only);
   * with `hostNetwork` the container's ports are the host's already.
   */
  private publishedPorts(): PublishedPort[] {
    const out = [...(this.opts.publish ?? [])];
    if (this.ctx.spec['hostNetwork'] === true) return out;
    for (const prep of this.prepared.values()) {
      const ports = Array.isArray(prep.spec['ports']) ? prep.spec['ports'] : [];
      for (const p of ports) {
        if (
          !isRecord(p) ||
          typeof p['hostPort'] !== 'number' ||
          typeof p['containerPort'] !== 'number'
        )
          continue;
        if (p['protocol'] !== undefined && p['protocol'] !== 'TCP') continue;
        if (out.some((o) => o.hostPort === p['hostPort'])) continue;
        out.push({ hostPort: p['hostPort'], containerPort: p['containerPort'] });
      }
    }
    return out;
  }

  private publish(p: PublishedPort): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', (e: NodeJS.ErrnoException) =>
        reject(
          new SidecarError(
            'SIDECAR_E_RUNTIME',
            `run: pod ${this.pod}: cannot publish 127.0.0.1:${String(p.hostPort)}: ${e.code === 'EADDRINUSE' ? 'the port is already in use' : e.message}`,
          ),
        ),
      );
      server.listen(p.hostPort, '127.0.0.1', () => {
        this.servers.push(server);
        if (this.sandbox === null) {
          // Host network: the container's port is the host's; forward in this process.
          server.on('connection', (c) => {
            const u = connect(p.containerPort, '127.0.0.1');
            c.pipe(u).pipe(c);
            u.on('error', () => c.destroy());
            c.on('error', () => u.destroy());
          });
          resolve();
        } else {
          this.network.forward(server, p.containerPort).then(resolve, reject);
        }
      });
    });
  }

  private startContainer(name: string, instance: number): void {
    const prep = this.prepared.get(name);
    if (prep === undefined) return;
    const restartCount = instance - 1;
    const log = new ContainerLog(this.podDir, name, restartCount, (line, stream) =>
      this.opts.onLine?.(name, line, stream),
    );
    if (!runnable(prep.argv[0] ?? '', prep.env, prep.mounts)) {
      // The CRI fails the start: StartError, exit 128 (containerd: executable file not found).
      log.abandon();
      void log.finish(128);
      this.instances.set(name, { instance, proc: null });
      this.opts.onLine?.(
        name,
        `exec: "${prep.argv[0] ?? ''}": executable file not found in $PATH`,
        'stderr',
      );
      this.observe({
        type: 'ContainerExited',
        container: name,
        instance,
        exitCode: 128,
        reason: 'StartError',
      });
      return;
    }
    const stageDir = ensureDir(join(this.podDir, 'stage', name, String(restartCount)));
    let cgroup: ContainerCgroup | null = null;
    if (this.opts.isolation === 'pod') {
      try {
        cgroup = containerCgroup(detectCgroups(), this.ctx.uid, name, limitsOf(prep.spec));
      } catch (e) {
        this.opts.onWarning?.(
          `pod ${this.pod}: container ${name}: limits not enforced: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
    const proc = spawnContainer(
      {
        name,
        argv: prep.argv,
        env: prep.env,
        ...(prep.workingDir !== undefined ? { workingDir: prep.workingDir } : {}),
        mounts: prep.mounts,
        hostname: this.ctx.hostname,
        stageDir,
        ...(cgroup !== null ? { cgroupJoin: cgroup.joinLine } : {}),
      },
      this.opts.isolation,
      this.opts.caps,
      this.sandbox,
    );
    this.instances.set(name, { instance, proc });
    log.attach(proc.stdout, 'stdout');
    log.attach(proc.stderr, 'stderr');
    let started = false;
    proc.ready.then(
      () => {
        started = true;
        this.observe({ type: 'ContainerStarted', container: name, instance });
      },
      (e: unknown) => {
        this.opts.onLine?.(name, e instanceof Error ? e.message : String(e), 'stderr');
      },
    );
    void proc.exited.then(async (info) => {
      await proc.ready.catch(() => undefined);
      await log.finish(info.exitCode);
      // The CRI reports a container the kernel's OOM killer ended as OOMKilled.
      const oom = cgroup !== null && info.exitCode === 137 && cgroup.oomKilled();
      cgroup?.remove();
      this.observe(
        started
          ? {
              type: 'ContainerExited',
              container: name,
              instance,
              exitCode: info.exitCode,
              ...(oom ? { reason: 'OOMKilled' } : {}),
            }
          : {
              type: 'ContainerExited',
              container: name,
              instance,
              exitCode: 128,
              reason: 'StartError',
            },
      );
    });
  }
}
