/**
 * The one version table. Everything that differs between Kubernetes 1.25 and 1.33 for sidecars
 * is looked up here; no other module compares version numbers.
 *
 * Sources: kubernetes/kubernetes pkg/features/kube_features.go (versioned feature specs) and
 * keps/sig-node/753-sidecar-containers/kep.yaml, as restated in
 * reference/k8s-sidecar-semantics.md section a.
 */
import { SidecarError } from '../errors.js';

/** A minor version we model, as "1.NN". */
export const SUPPORTED_VERSIONS = [
  '1.25',
  '1.26',
  '1.27',
  '1.28',
  '1.29',
  '1.30',
  '1.31',
  '1.32',
  '1.33',
] as const;
export type K8sVersion = (typeof SUPPORTED_VERSIONS)[number];
export const DEFAULT_VERSION: K8sVersion = '1.33';

/** Feature-gate maturity, as kube_features.go names it. */
export type GateStage = 'ALPHA' | 'BETA' | 'GA';

interface GateSpec {
  readonly stage: GateStage;
  readonly default: boolean;
  /** GA gates locked to their default cannot be changed (`LockToDefault: true`). */
  readonly locked?: boolean;
}

/** The gates we model, per minor version (absent: the gate does not exist in that version). */
const GATE_TABLE: Readonly<Record<string, Partial<Record<K8sVersion, GateSpec>>>> = {
  // KEP-753. Alpha 1.28 (off), beta 1.29 (on), GA 1.33 locked ("GA in 1.33 remove in 1.36").
  SidecarContainers: {
    '1.28': { stage: 'ALPHA', default: false },
    '1.29': { stage: 'BETA', default: true },
    '1.30': { stage: 'BETA', default: true },
    '1.31': { stage: 'BETA', default: true },
    '1.32': { stage: 'BETA', default: true },
    '1.33': { stage: 'GA', default: true, locked: true },
  },
  // KEP-3085. Named PodHasNetworkCondition until 1.27; renamed in 1.28 (alpha), beta from 1.29.
  PodHasNetworkCondition: {
    '1.25': { stage: 'ALPHA', default: false },
    '1.26': { stage: 'ALPHA', default: false },
    '1.27': { stage: 'ALPHA', default: false },
  },
  PodReadyToStartContainersCondition: {
    '1.28': { stage: 'ALPHA', default: false },
    '1.29': { stage: 'BETA', default: true },
    '1.30': { stage: 'BETA', default: true },
    '1.31': { stage: 'BETA', default: true },
    '1.32': { stage: 'BETA', default: true },
    '1.33': { stage: 'BETA', default: true },
  },
  // KEP-3960: lifecycle.sleep handler. Alpha 1.29, beta 1.30.
  PodLifecycleSleepAction: {
    '1.29': { stage: 'ALPHA', default: false },
    '1.30': { stage: 'BETA', default: true },
    '1.31': { stage: 'BETA', default: true },
    '1.32': { stage: 'BETA', default: true },
    '1.33': { stage: 'BETA', default: true },
  },
  // KEP-4818: sleep.seconds may be 0. Alpha 1.32, beta 1.33.
  PodLifecycleSleepActionAllowZero: {
    '1.32': { stage: 'ALPHA', default: false },
    '1.33': { stage: 'BETA', default: true },
  },
  // KEP-1287: resizePolicy and in-place resize. Alpha 1.27, beta 1.33.
  InPlacePodVerticalScaling: {
    '1.27': { stage: 'ALPHA', default: false },
    '1.28': { stage: 'ALPHA', default: false },
    '1.29': { stage: 'ALPHA', default: false },
    '1.30': { stage: 'ALPHA', default: false },
    '1.31': { stage: 'ALPHA', default: false },
    '1.32': { stage: 'ALPHA', default: false },
    '1.33': { stage: 'BETA', default: true },
  },
};

/** The names of all gates we know in any version. */
export const KNOWN_GATES = Object.keys(GATE_TABLE);

/** Behaviour switches of one version + gates, the only facts other modules ask about. */
export interface VersionInfo {
  readonly version: K8sVersion;
  /** Effective value of every gate that exists in this version. */
  readonly featureGates: Readonly<Record<string, boolean>>;
  /** The `restartPolicy` field exists on Container (1.28+); before, it is an unknown field. */
  readonly containerRestartPolicyField: boolean;
  /** `restartPolicy: Always` init containers are sidecars (the SidecarContainers gate is on). */
  readonly sidecars: boolean;
  /** Sidecars stop after the regular containers, in reverse order (1.29+ with sidecars). */
  readonly terminationOrdering: boolean;
  /** getPhase counts pending regular init containers and sidecars apart (#126653, 1.32+). */
  readonly getPhaseSplitPending: boolean;
  /** A sidecar whose image changes is restarted (#126525, 1.32+). */
  readonly sidecarRestartOnSpecChange: boolean;
  /** Name of the sandbox-ready pod condition, or null when it is not reported. */
  readonly sandboxCondition: 'PodReadyToStartContainers' | 'PodHasNetwork' | null;
  /** `lifecycle.*.sleep` handlers are accepted. */
  readonly sleepAction: boolean;
  /** `sleep.seconds: 0` is accepted. */
  readonly sleepActionAllowZero: boolean;
  /** The `resizePolicy` field is kept (gate on); otherwise it is dropped. */
  readonly resizePolicy: boolean;
  /**
   * Optional API fields that exist in this version's `k8s.io/api core/v1` (others are unknown
   * fields, which kubectl's strict field validation rejects). See API_FIELDS_SINCE.
   */
  readonly apiFields: ReadonlySet<ApiField>;
  /**
   * `resizePolicy` is allowed on init containers (validation option AllowSidecarResizePolicy =
   * InPlacePodVerticalScaling on, kubernetes/kubernetes#128754, first released in 1.33); before,
   * validateInitContainers rejects it with "must not be set for init containers".
   */
  readonly initContainerResizePolicy: boolean;
  /**
   * The PodLifecycleSleepActionAllowZero gate exists (1.32+): validateSleepAction then adds
   * "Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep." when it is off.
   */
  readonly sleepActionZeroHint: boolean;
  /**
   * IsDNS1123Label says "must not contain dots" for a valid subdomain that is not a label
   * (apimachinery pkg/util/validation IsDNS1123Label); older releases give the regex message.
   * The release that added it was not verified: assumed 1.31.
   */
  readonly dnsLabelDotsMessage: boolean;
  /**
   * kubernetes/kubernetes#117696 (1.28): with hostNetwork, container ports get hostPort =
   * containerPort by SetDefaults_Pod only (before: SetDefaults_PodSpec, so templates too), and
   * validatePodHostNetworkDeps reports `hostPort: ... must match \`containerPort\``; before,
   * validateHostNetwork reported `containerPort: ... must match \`hostPort\``.
   */
  readonly lateHostNetworkHostPort: boolean;
  /**
   * A deletion whose grace period is 0 (`deletionGracePeriodSeconds: 0`, e.g. a pod held by a
   * finalizer deleted with `--grace-period=0`) gives the containers 1 s: pod_workers.go
   * calculateEffectiveGracePeriod tracks whether the value was `overridden` and falls back to
   * `spec.terminationGracePeriodSeconds` only when nothing set one. Before, a 0 was taken as "no
   * value" and the spec's grace period was used (issues #115819, #120449). The change is absent
   * from the early-2024 tree of #124063 (olyazavr/kubernetes 4194d949) and present in the tree of
   * #122890 (HirazawaUi/kubernetes f018f7d0, merged 2024-09 for 1.32): taken as 1.32. Either way
   * the kubelet never uses less than 1 s.
   */
  readonly zeroDeletionGraceIsOneSecond: boolean;
  /**
   * Admission webhooks take `matchConditions` (CEL), on by default: the
   * AdmissionWebhookMatchConditions gate is alpha in 1.27, beta (on) in 1.28 and GA in 1.30
   * (pkg/features/kube_features.go); before, the API server drops the field.
   */
  readonly webhookMatchConditions: boolean;
  /**
   * The kubelet's Created event reads `Created container: x` (1.32+), before `Created container x`
   * (pkg/kubelet/kuberuntime/kuberuntime_container.go startContainer).
   */
  readonly createdEventColon: boolean;
}

/** Optional fields of core/v1 types that appeared between 1.25 and 1.33. */
export type ApiField =
  | 'Container.resizePolicy'
  | 'Container.restartPolicy'
  | 'LifecycleHandler.sleep'
  | 'Lifecycle.stopSignal'
  | 'VolumeMount.recursiveReadOnly'
  | 'ResourceRequirements.claims'
  | 'PodSpec.schedulingGates'
  | 'PodSpec.resourceClaims'
  | 'PodSpec.resources';

/**
 * First minor version whose `k8s.io/api core/v1/types.go` has each field (tags v0.NN.0):
 * claims (DynamicResourceAllocation, 1.26), resizePolicy (InPlacePodVerticalScaling, 1.27),
 * restartPolicy (SidecarContainers, 1.28), sleep (PodLifecycleSleepAction, 1.29),
 * recursiveReadOnly (RecursiveReadOnlyMounts, 1.30), stopSignal (ContainerStopSignals, 1.33);
 * PodSpec schedulingGates (PodSchedulingReadiness, 1.26), resourceClaims (DynamicResourceAllocation,
 * 1.26), resources (PodLevelResources, 1.32).
 */
const API_FIELDS_SINCE: Readonly<Record<ApiField, number>> = {
  'ResourceRequirements.claims': 26,
  'PodSpec.schedulingGates': 26,
  'PodSpec.resourceClaims': 26,
  'PodSpec.resources': 32,
  'Container.resizePolicy': 27,
  'Container.restartPolicy': 28,
  'LifecycleHandler.sleep': 29,
  'VolumeMount.recursiveReadOnly': 30,
  'Lifecycle.stopSignal': 33,
};

/** The VersionInfo flags that a minor version turns on (with a gate, where it takes one). */
type VersionedBehaviour =
  | 'containerRestartPolicyField'
  | 'terminationOrdering'
  | 'getPhaseSplitPending'
  | 'sidecarRestartOnSpecChange'
  | 'initContainerResizePolicy'
  | 'dnsLabelDotsMessage'
  | 'lateHostNetworkHostPort'
  | 'zeroDeletionGraceIsOneSecond'
  | 'webhookMatchConditions'
  | 'createdEventColon';

/**
 * First minor version of each behaviour switch, beside API_FIELDS_SINCE so that every version
 * comparison is data in this file; `gate`: it also needs that gate on. The VersionInfo
 * comments say where each comes from; terminationOrdering: KEP-753 alpha (1.28) terminates
 * sidecars as regular containers, ordering arrived with #120620 in 1.29.
 */
const BEHAVIOUR_SINCE: Readonly<
  Record<VersionedBehaviour, { readonly since: number; readonly gate?: string }>
> = {
  containerRestartPolicyField: { since: 28 },
  terminationOrdering: { since: 29, gate: 'SidecarContainers' },
  getPhaseSplitPending: { since: 32 },
  sidecarRestartOnSpecChange: { since: 32, gate: 'SidecarContainers' },
  initContainerResizePolicy: { since: 33, gate: 'InPlacePodVerticalScaling' },
  dnsLabelDotsMessage: { since: 31 },
  lateHostNetworkHostPort: { since: 28 },
  zeroDeletionGraceIsOneSecond: { since: 32 },
  webhookMatchConditions: { since: 28 },
  createdEventColon: { since: 32 },
};

/**
 * Parses `--k8s-version`: `1.29`, `v1.29`, `1.29.3` all mean minor 1.29.
 * @throws SidecarError SIDECAR_E_VERSION for anything outside 1.25 to 1.33
 */
export function parseVersion(input: string): K8sVersion {
  const m = /^v?(1)\.(\d+)(?:\.\d+)?$/.exec(input.trim());
  const v = m ? `${m[1]!}.${String(Number(m[2]))}` : '';
  if ((SUPPORTED_VERSIONS as readonly string[]).includes(v)) return v as K8sVersion;
  throw new SidecarError(
    'SIDECAR_E_VERSION',
    `unsupported Kubernetes version "${input}": supported versions are ${SUPPORTED_VERSIONS[0]} to ${DEFAULT_VERSION}`,
  );
}

/**
 * Parses `--feature-gates Name=bool,Name=bool` the way Kubernetes components do.
 * @throws SidecarError SIDECAR_E_FEATURE_GATE for malformed entries
 */
export function parseFeatureGates(input: string): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const raw of input.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq < 1) {
      throw new SidecarError(
        'SIDECAR_E_FEATURE_GATE',
        `missing bool value for ${item} (expected Name=true|false)`,
      );
    }
    const name = item.slice(0, eq).trim();
    const val = item
      .slice(eq + 1)
      .trim()
      .toLowerCase();
    if (val !== 'true' && val !== 'false') {
      throw new SidecarError(
        'SIDECAR_E_FEATURE_GATE',
        `invalid value of ${name}=${item.slice(eq + 1)}, err: must be true or false`,
      );
    }
    out[name] = val === 'true';
  }
  return out;
}

/**
 * The behaviour of a version with gate overrides applied.
 * @throws SidecarError SIDECAR_E_FEATURE_GATE for a gate unknown in that version, or an attempt
 *   to change a locked GA gate (kube: "cannot set feature gate X to false, feature is locked to true")
 */
export function resolveVersion(
  version: K8sVersion,
  overrides: Readonly<Record<string, boolean>> = {},
): VersionInfo {
  const gates: Record<string, boolean> = {};
  for (const [name, perVersion] of Object.entries(GATE_TABLE)) {
    const spec = perVersion[version];
    if (spec !== undefined) gates[name] = spec.default;
  }
  for (const [name, value] of Object.entries(overrides)) {
    const spec = GATE_TABLE[name]?.[version];
    if (spec === undefined) {
      const known = Object.keys(gates).sort().join(', ');
      throw new SidecarError(
        'SIDECAR_E_FEATURE_GATE',
        `unrecognized feature gate: ${name} (Kubernetes ${version} knows: ${known || 'none of the modelled gates'})`,
      );
    }
    if (spec.locked === true && value !== spec.default) {
      throw new SidecarError(
        'SIDECAR_E_FEATURE_GATE',
        `cannot set feature gate ${name} to ${String(value)}, feature is locked to ${String(spec.default)} (GA in ${version})`,
      );
    }
    gates[name] = value;
  }
  const minor = Number(version.split('.')[1]);
  let sandboxCondition: VersionInfo['sandboxCondition'] = null;
  if (gates['PodReadyToStartContainersCondition'] === true)
    sandboxCondition = 'PodReadyToStartContainers';
  else if (gates['PodHasNetworkCondition'] === true) sandboxCondition = 'PodHasNetwork';
  const has = (b: VersionedBehaviour): boolean => {
    const { since, gate } = BEHAVIOUR_SINCE[b];
    return minor >= since && (gate === undefined || gates[gate] === true);
  };
  return {
    version,
    featureGates: gates,
    containerRestartPolicyField: has('containerRestartPolicyField'),
    sidecars: gates['SidecarContainers'] === true,
    terminationOrdering: has('terminationOrdering'),
    getPhaseSplitPending: has('getPhaseSplitPending'),
    sidecarRestartOnSpecChange: has('sidecarRestartOnSpecChange'),
    sandboxCondition,
    sleepAction: gates['PodLifecycleSleepAction'] === true,
    sleepActionAllowZero: gates['PodLifecycleSleepActionAllowZero'] === true,
    resizePolicy: gates['InPlacePodVerticalScaling'] === true,
    apiFields: new Set(
      (Object.keys(API_FIELDS_SINCE) as ApiField[]).filter((f) => minor >= API_FIELDS_SINCE[f]),
    ),
    initContainerResizePolicy: has('initContainerResizePolicy'),
    sleepActionZeroHint: 'PodLifecycleSleepActionAllowZero' in gates,
    dnsLabelDotsMessage: has('dnsLabelDotsMessage'),
    lateHostNetworkHostPort: has('lateHostNetworkHostPort'),
    webhookMatchConditions: has('webhookMatchConditions'),
    zeroDeletionGraceIsOneSecond: has('zeroDeletionGraceIsOneSecond'),
    createdEventColon: has('createdEventColon'),
  };
}

/**
 * The versions to compare, each with the gate overrides it has (`simulate --compare-versions`):
 * a gate that only some of the versions know applies to those. Given one version, every gate
 * must exist in it, as on a cluster.
 * @param list - versions as `--k8s-version` takes them; repeats (`1.29`, `v1.29.3`) count once
 * @throws SidecarError SIDECAR_E_VERSION, or SIDECAR_E_FEATURE_GATE for a gate none of them
 *   knows (worded for the first version) or a locked gate set the other way
 */
export function resolveVersions(
  list: readonly string[],
  gates: Readonly<Record<string, boolean>> = {},
): VersionInfo[] {
  if (list.length === 1) return [resolveVersion(parseVersion(list[0]!), gates)];
  const parsed = [...new Set(list.map(parseVersion))];
  for (const [name, value] of Object.entries(gates)) {
    if (!parsed.some((v) => name in resolveVersion(v).featureGates)) {
      // Let resolveVersion word the error for the first version.
      resolveVersion(parsed[0]!, { [name]: value });
    }
  }
  return parsed.map((v) => {
    const known = resolveVersion(v).featureGates;
    const own = Object.fromEntries(Object.entries(gates).filter(([name]) => name in known));
    return resolveVersion(v, own);
  });
}

/** Convenience: parse both flags and resolve. */
export function versionFromFlags(
  version: string | undefined,
  featureGates: string | undefined,
): VersionInfo {
  return resolveVersion(
    version === undefined ? DEFAULT_VERSION : parseVersion(version),
    featureGates === undefined ? {} : parseFeatureGates(featureGates),
  );
}
