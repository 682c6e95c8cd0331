/**
 * Everything about a pod that can fail before a process starts, done before the first one does
 * (the kubelet's volume manager and kuberuntime_container.go generateContainerConfig): the pod's
 * volumes, and for each container its command (argv), environment and mounts. A container whose
 * configuration cannot be built fails the whole pod here (the kubelet's
 * CreateContainerConfigError), so a pod never half-starts because of its own spec.
 * It also says what this machine will not do as a node would (limits, a shared PID namespace).
 */
import { join } from 'node:path';
import { buildPodModel, type ContainerModel, type PodModel } from '../lifecycle/engine.js';
import { SidecarError } from '../errors.js';
import { isRecord } from '../manifest/objects.js';
import { podName, type PodTemplate } from '../manifest/pod-templates.js';
import type { VersionInfo } from '../model/versions.js';
import { containerArgv, type ImageMap } from './command.js';
import type { ConfigSources } from './config-sources.js';
import { ContainerConfigError } from './container-config-error.js';
import { baseEnvironment, containerEnv, processEnvironment } from './env.js';
import { detectCgroups } from './isolation/cgroups.js';
import type { IsolationMode } from './isolation/container-process.js';
import type { IsolationCapabilities } from './isolation/host.js';
import type { PlannedMount } from './isolation/mount-plan.js';
import { podContext, type PodContext } from './pod-context.js';
import { ensureDir, podDirectory, runtimeDirectory } from './state-dir.js';
import { containerMounts, setUpVolumes, type PodVolumes } from './volumes.js';
import { runtimeError } from './write-error.js';

export interface PrepareOptions {
  readonly template: PodTemplate;
  readonly version: VersionInfo;
  readonly sources: ConfigSources;
  readonly images: ImageMap;
  readonly stateDir: string;
  readonly isolation: IsolationMode;
  readonly caps: IsolationCapabilities;
  readonly onWarning?: (message: string) => void;
  /** The pod's uid, when an API server gave it one (serve); otherwise each run gets a new one. */
  readonly uid?: string;
  /**
   * The images' own entrypoints run (a container engine, engine/container-spec.ts): no --image
   * is needed, and `argv` is left empty.
   */
  readonly imageEntrypoints?: boolean;
}

/** A container ready to start: what its process is given. */
export interface PreparedContainer {
  /** The container object as written. */
  readonly spec: Readonly<Record<string, unknown>>;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** The variables the kubelet computed (env, envFrom), in order: a container engine's `--env`. */
  readonly vars: ReadonlyMap<string, string>;
  readonly mounts: readonly PlannedMount[];
  readonly workingDir?: string;
}

export interface PreparedPod {
  /** `namespace/name`, as both drivers name the pod (manifest/pod-templates.ts podName). */
  readonly pod: string;
  readonly ctx: PodContext;
  /** The engine's model of the pod, for the driver to create its state from. */
  readonly model: PodModel;
  /** The pod's directory under the state directory (pod record, logs, volumes). */
  readonly podDir: string;
  readonly volumes: PodVolumes;
  /** Every container by name, init containers first, as the engine orders them. */
  readonly containers: ReadonlyMap<string, PreparedContainer>;
}

/**
 * Prepares a pod: volumes made, every container's command, environment and mounts computed.
 * Warnings go to `onWarning` as they are found, so those found before a failure are shown too.
 * @throws SidecarError SIDECAR_E_RUNTIME when the pod cannot run (nothing has started then, and
 *   the volumes made are removed again)
 */
export function preparePod(opts: PrepareOptions): PreparedPod {
  const t = opts.template;
  const spec = isRecord(t.spec) ? t.spec : {};
  const pod = podName(t);
  const slash = pod.indexOf('/');
  const ctx = podContext(t.podMetadata, spec, pod.slice(slash + 1), pod.slice(0, slash), opts.uid);
  const podDir = podDirectory(opts.stateDir, ctx.namespace, ctx.name);
  const mem = runtimeDirectory();
  let volumes: PodVolumes;
  try {
    ensureDir(podDir);
    volumes = setUpVolumes(ctx, opts.sources, {
      podVolumes: join(podDir, 'volumes'),
      memoryVolumes:
        mem === null ? null : join(mem, 'pods', `${ctx.namespace}_${ctx.name}`, 'volumes'),
      claims: join(opts.stateDir, 'volumes'),
    });
  } catch (e) {
    // A full disk or an unwritable state directory is the runtime's error, not a bug.
    throw runtimeError(pod, e);
  }
  for (const w of volumes.warnings) opts.onWarning?.(`pod ${pod}: ${w}`);
  const base = baseEnvironment(ctx);
  const containers = new Map<string, PreparedContainer>();
  const model = buildPodModel(spec, opts.version, pod);
  for (const m of model.containers) {
    try {
      containers.set(m.name, prepareContainer(m, ctx, base, volumes, opts, pod));
    } catch (e) {
      volumes.cleanup();
      if (e instanceof ContainerConfigError) {
        throw new SidecarError(
          'SIDECAR_E_RUNTIME',
          `run: pod ${pod}: container ${m.name}: ${e.reason}: ${e.message}`,
        );
      }
      throw runtimeError(pod, e);
    }
  }
  warnNotEnforced(spec, model.containers, opts, pod);
  return { pod, ctx, model, podDir, volumes, containers };
}

function prepareContainer(
  m: ContainerModel,
  ctx: PodContext,
  base: Readonly<Record<string, string>>,
  volumes: PodVolumes,
  opts: PrepareOptions,
  pod: string,
): PreparedContainer {
  const env = containerEnv(m.spec, ctx, opts.sources);
  if (env.skipped.length > 0) {
    opts.onWarning?.(
      `pod ${pod}: container ${m.name}: envFrom keys skipped as invalid variable names: ${env.skipped.join(', ')}`,
    );
  }
  const argv = opts.imageEntrypoints === true ? [] : containerArgv(m.spec, env, opts.images, pod);
  const mounts = containerMounts(m.spec, volumes, env);
  const wd = m.spec['workingDir'];
  return {
    spec: m.spec,
    argv,
    env: processEnvironment(base, env),
    vars: env.vars,
    mounts,
    ...(typeof wd === 'string' && wd !== '' ? { workingDir: wd } : {}),
  };
}

/** What the spec asks for that this machine cannot give: said once, before the pod starts. */
function warnNotEnforced(
  spec: Readonly<Record<string, unknown>>,
  containers: readonly ContainerModel[],
  opts: PrepareOptions,
  pod: string,
): void {
  // A container engine enforces limits itself.
  if (opts.imageEntrypoints === true) return;
  if (spec['shareProcessNamespace'] === true && opts.isolation === 'pod' && !opts.caps.root) {
    // A nested user namespace cannot mount the /proc of a PID namespace its parent owns.
    opts.onWarning?.(
      `pod ${pod}: shareProcessNamespace is supported as root only: each container keeps its own PID namespace`,
    );
  }
  const limits = containers.some((m) => {
    const res = m.spec['resources'];
    return isRecord(res) && isRecord(res['limits']) && Object.keys(res['limits']).length > 0;
  });
  if (limits) {
    const cg = opts.isolation === 'pod' ? detectCgroups() : null;
    if (cg === null || cg.version === null) {
      const why = cg?.reason ?? 'process isolation has no container cgroups';
      opts.onWarning?.(`pod ${pod}: resources.limits not enforced: ${why}`);
    }
  }
}
