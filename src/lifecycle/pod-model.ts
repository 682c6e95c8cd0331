/**
 * The pod as the lifecycle engine sees it: the spec normalised with the API server's defaults,
 * containers classified for the version (a `restartPolicy: Always` init container is a sidecar only
 * when the SidecarContainers gate is on, src/model/containers.ts), in the order the kubelet reports
 * statuses: init containers (sidecars included, spec order), then regular containers.
 *
 * Defaults are those of kubernetes/kubernetes pkg/apis/core/v1/defaults.go (SetDefaults_Probe:
 * timeout 1, period 10, success 1, failure 3; SetDefaults_PodSpec: restartPolicy Always,
 * terminationGracePeriodSeconds 30).
 */
import { classifyContainers } from '../model/containers.js';
import type { VersionInfo } from '../model/versions.js';
import type { HookKind, ProbeKind } from './events.js';
import { isRecord } from '../model/record.js';

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';
export type LifecycleKind = 'init' | 'sidecar' | 'regular';

export interface ProbeModel {
  readonly kind: ProbeKind;
  readonly handler: 'exec' | 'httpGet' | 'tcpSocket' | 'grpc' | 'unknown';
  readonly initialDelaySeconds: number;
  readonly timeoutSeconds: number;
  readonly periodSeconds: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
  /** The probe's own grace period (liveness and startup only); null: the pod's is used. */
  readonly terminationGracePeriodSeconds: number | null;
  /** The probe object as written, for a driver that really runs it. */
  readonly spec: Readonly<Record<string, unknown>>;
}

export interface HookModel {
  readonly kind: HookKind;
  readonly handler: 'exec' | 'httpGet' | 'tcpSocket' | 'sleep' | 'unknown';
  /** `sleep.seconds` for a sleep handler (KEP-3960), else null. */
  readonly sleepSeconds: number | null;
  /** The handler object as written. */
  readonly spec: Readonly<Record<string, unknown>>;
}

export interface ContainerModel {
  readonly name: string;
  readonly kind: LifecycleKind;
  /** Position in PodModel.containers. */
  readonly index: number;
  /** Index in its spec list (initContainers or containers). */
  readonly listIndex: number;
  readonly image: string;
  readonly startupProbe: ProbeModel | null;
  readonly readinessProbe: ProbeModel | null;
  readonly livenessProbe: ProbeModel | null;
  readonly postStart: HookModel | null;
  readonly preStop: HookModel | null;
  /** The container object as written. */
  readonly spec: Readonly<Record<string, unknown>>;
}

export interface PodModel {
  /** `namespace/name`, as events carry it. */
  readonly name: string;
  readonly restartPolicy: RestartPolicy;
  readonly terminationGracePeriodSeconds: number;
  readonly activeDeadlineSeconds: number | null;
  /** `spec.readinessGates[*].conditionType`: conditions the kubelet does not own. */
  readonly readinessGates: readonly string[];
  /** Init containers (spec order), then regular containers. Ephemeral containers are left out. */
  readonly containers: readonly ContainerModel[];
  /** How many of `containers` are init containers (regular or sidecar). */
  readonly initCount: number;
  readonly hasSidecars: boolean;
}

export const PROBE_DEFAULTS = {
  initialDelaySeconds: 0,
  timeoutSeconds: 1,
  periodSeconds: 10,
  successThreshold: 1,
  failureThreshold: 3,
} as const;

export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;

/** The probe of a kind a container has, or null: the one lookup the engine and both drivers use. */
export function probeOf(m: ContainerModel, kind: ProbeKind): ProbeModel | null {
  return kind === 'startup'
    ? m.startupProbe
    : kind === 'readiness'
      ? m.readinessProbe
      : m.livenessProbe;
}

/** The lifecycle hook of a kind a container has, or null. */
export function hookOf(m: ContainerModel, kind: HookKind): HookModel | null {
  return kind === 'postStart' ? m.postStart : m.preStop;
}

/** A non-negative integer field, or the default when absent, zero or malformed (v1 defaulting). */
function intField(
  o: Record<string, unknown>,
  key: string,
  dflt: number,
  zeroIsDefault: boolean,
): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return dflt;
  if (v === 0 && zeroIsDefault) return dflt;
  return Math.floor(v);
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const HOOK_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'] as const;

/** The first handler field a probe or hook sets (validation rejects more than one). */
function handlerOf<H extends string>(
  v: Record<string, unknown>,
  kinds: readonly H[],
): H | 'unknown' {
  return kinds.find((k) => k in v) ?? 'unknown';
}

function probeModel(kind: ProbeKind, v: unknown): ProbeModel | null {
  if (!isRecord(v)) return null;
  const handler = handlerOf(v, PROBE_HANDLERS);
  const tg = v['terminationGracePeriodSeconds'];
  return {
    kind,
    handler,
    initialDelaySeconds: intField(
      v,
      'initialDelaySeconds',
      PROBE_DEFAULTS.initialDelaySeconds,
      false,
    ),
    // SetDefaults_Probe replaces a zero with the default for these four.
    timeoutSeconds: intField(v, 'timeoutSeconds', PROBE_DEFAULTS.timeoutSeconds, true),
    periodSeconds: intField(v, 'periodSeconds', PROBE_DEFAULTS.periodSeconds, true),
    successThreshold: kind === 'readiness' ? intField(v, 'successThreshold', 1, true) : 1,
    failureThreshold: intField(v, 'failureThreshold', PROBE_DEFAULTS.failureThreshold, true),
    // Readiness probes may not set it (validateReadinessProbe); ignore it there.
    terminationGracePeriodSeconds:
      kind !== 'readiness' && typeof tg === 'number' && Number.isFinite(tg) && tg >= 0
        ? Math.floor(tg)
        : null,
    spec: v,
  };
}

function hookModel(kind: HookKind, lifecycle: unknown): HookModel | null {
  if (!isRecord(lifecycle)) return null;
  const v = lifecycle[kind];
  if (!isRecord(v)) return null;
  const handler = handlerOf(v, HOOK_HANDLERS);
  const sleep = v['sleep'];
  const secs =
    isRecord(sleep) && typeof sleep['seconds'] === 'number' ? Math.max(0, sleep['seconds']) : null;
  return { kind, handler, sleepSeconds: handler === 'sleep' ? secs : null, spec: v };
}

/**
 * Builds the engine's pod model from a pod spec as written.
 * @param spec the pod spec (any shape; malformed parts are ignored, validation reports them)
 * @param name `namespace/name` used in events
 */
export function buildPodModel(
  spec: unknown,
  version: Pick<VersionInfo, 'sidecars'>,
  name: string,
): PodModel {
  const s = isRecord(spec) ? spec : {};
  const classified = classifyContainers(s, version).filter((c) => c.kind !== 'ephemeral');
  const containers: ContainerModel[] = classified.map((c, index) => {
    const kind = c.kind as LifecycleKind;
    // Regular init containers may not carry probes or hooks (validateInitContainers); with the
    // gate off, a would-be sidecar is such a container, so whatever it carries is not run.
    const probes = kind !== 'init';
    return {
      name: c.name,
      kind,
      index,
      listIndex: c.index,
      image: typeof c.spec['image'] === 'string' ? c.spec['image'] : '',
      startupProbe: probes ? probeModel('startup', c.spec['startupProbe']) : null,
      readinessProbe: probes ? probeModel('readiness', c.spec['readinessProbe']) : null,
      livenessProbe: probes ? probeModel('liveness', c.spec['livenessProbe']) : null,
      postStart: probes ? hookModel('postStart', c.spec['lifecycle']) : null,
      preStop: probes ? hookModel('preStop', c.spec['lifecycle']) : null,
      spec: c.spec,
    };
  });
  const rp = s['restartPolicy'];
  const tgps = s['terminationGracePeriodSeconds'];
  const ads = s['activeDeadlineSeconds'];
  const gates = Array.isArray(s['readinessGates']) ? s['readinessGates'] : [];
  return {
    name,
    restartPolicy: rp === 'Never' || rp === 'OnFailure' ? rp : 'Always',
    terminationGracePeriodSeconds:
      typeof tgps === 'number' && Number.isFinite(tgps) && tgps >= 0
        ? Math.floor(tgps)
        : DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
    activeDeadlineSeconds:
      typeof ads === 'number' && Number.isFinite(ads) && ads > 0 ? Math.floor(ads) : null,
    readinessGates: gates.flatMap((g: unknown) =>
      isRecord(g) && typeof g['conditionType'] === 'string' ? [g['conditionType']] : [],
    ),
    containers,
    initCount: containers.filter((c) => c.kind !== 'regular').length,
    hasSidecars: containers.some((c) => c.kind === 'sidecar'),
  };
}
