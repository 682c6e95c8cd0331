/**
 * A Kubernetes container as an engine container start: what the kubelet's
 * kuberuntime_container.go generateContainerConfig gives the CRI, in engine terms.
 *
 * - command/args (pkg/kubelet/container/helpers.go ExpandContainerCommandAndArgs, the CRI's
 *   Command/Args over the image's Entrypoint/Cmd): `command` replaces the image's ENTRYPOINT and
 *   its CMD; `args` alone keeps the ENTRYPOINT and replaces the CMD; neither runs the image's
 *   defaults. `$(VAR)` is expanded with the container's environment.
 * - securityContext (pkg/securitycontext/util.go DetermineEffectiveSecurityContext: the
 *   container's fields over the pod's runAsUser/runAsGroup).
 * - resources.limits (kuberuntime_container_linux.go: memory in bytes, cpu as a quota).
 * - imagePullPolicy, with the API's default (pkg/apis/core/v1/defaults.go SetDefaults_Container:
 *   Always for `:latest` or no tag, else IfNotPresent).
 */
import { isRecord } from '../../manifest/objects.js';
import { parseQuantity } from '../../model/quantity.js';
import { ContainerConfigError } from '../container-config-error.js';
import { expandVars, mappingFor } from '../expand.js';
import type { PlannedMount } from '../isolation/mount-plan.js';
import type { EngineContainerSpec, PullPolicy } from './types.js';

type Spec = Readonly<Record<string, unknown>>;

export interface ContainerSpecInput {
  /** The engine object's name. */
  readonly name: string;
  readonly container: Spec;
  readonly podSpec: Spec;
  /** The variables the kubelet computed for the container (env, envFrom), in order. */
  readonly vars: ReadonlyMap<string, string>;
  readonly mounts: readonly PlannedMount[];
  readonly labels: Readonly<Record<string, string>>;
  /** Privileged containers are refused unless this is set (SIDECARCTL_ALLOW_PRIVILEGED=1). */
  readonly allowPrivileged: boolean;
  /** Where the engine is to write the main pid. */
  readonly pidFile?: string;
  /** Where the engine is to write the CRI log of this start (when it can). */
  readonly logPath?: string;
}

function strings(v: unknown): string[] | null {
  return Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : String(x))) : null;
}

/** The entrypoint and arguments the engine is given (null: the image's own). */
export function commandOf(
  container: Spec,
  vars: ReadonlyMap<string, string>,
): { entrypoint: string[] | null; args: string[] | null } {
  const expand = (s: string): string => expandVars(s, mappingFor(vars));
  const command = strings(container['command']);
  const args = strings(container['args']);
  const hasCommand = command !== null && command.length > 0;
  const hasArgs = args !== null && args.length > 0;
  return {
    entrypoint: hasCommand ? command.map(expand) : null,
    // A command without args runs with no arguments: the image's CMD is dropped with its ENTRYPOINT.
    args: hasArgs ? args.map(expand) : hasCommand ? [] : null,
  };
}

/** The image pull policy as the API defaults it. */
export function pullPolicyOf(container: Spec): PullPolicy {
  const p = container['imagePullPolicy'];
  if (p === 'Always' || p === 'IfNotPresent' || p === 'Never') return p;
  const image = typeof container['image'] === 'string' ? container['image'] : '';
  const name = image.split('@')[0]!;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (image.includes('@')) return 'IfNotPresent';
  const tag = colon > slash ? name.slice(colon + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function intField(s: Spec, key: string): number | null {
  const v = s[key];
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

/** `--user`: the container's runAsUser/runAsGroup over the pod's. */
function userOf(sc: Spec, podSc: Spec): string | null {
  const uid = intField(sc, 'runAsUser') ?? intField(podSc, 'runAsUser');
  const gid = intField(sc, 'runAsGroup') ?? intField(podSc, 'runAsGroup');
  if (uid === null && gid === null) return null;
  // A group without a user: the image's user is not known here; the kubelet's default uid is 0.
  return gid === null ? String(uid) : `${String(uid ?? 0)}:${String(gid)}`;
}

function capsOf(sc: Spec, key: 'add' | 'drop'): string[] {
  const caps = isRecord(sc['capabilities']) ? sc['capabilities'] : {};
  return (strings(caps[key]) ?? []).map((c) => c.toUpperCase());
}

function limitsOf(container: Spec): { memoryBytes: number | null; cpus: string | null } {
  const res = isRecord(container['resources']) ? container['resources'] : {};
  const limits = isRecord(res['limits']) ? res['limits'] : {};
  const q = (k: string): bigint | null => {
    const v = limits[k];
    const p = typeof v === 'string' || typeof v === 'number' ? parseQuantity(v) : null;
    return p === null || p.nanos <= 0n ? null : p.nanos;
  };
  const mem = q('memory');
  const cpu = q('cpu');
  const NANO = 1_000_000_000n;
  return {
    memoryBytes: mem === null ? null : Number((mem + NANO - 1n) / NANO),
    // milli-CPUs as the CFS quota takes them (MilliCPUToQuota), written as a decimal
    cpus: cpu === null ? null : (Number((cpu + 999_999n) / 1_000_000n) / 1000).toString(),
  };
}

/**
 * The engine container start of a Kubernetes container.
 * @throws ContainerConfigError for a privileged container not allowed
 */
export function engineContainerSpec(input: ContainerSpecInput): EngineContainerSpec {
  const c = input.container;
  const sc = isRecord(c['securityContext']) ? c['securityContext'] : {};
  const podSc = isRecord(input.podSpec['securityContext']) ? input.podSpec['securityContext'] : {};
  const privileged = sc['privileged'] === true;
  if (privileged && !input.allowPrivileged)
    throw new ContainerConfigError(
      'privileged containers are refused by a container engine runtime unless SIDECARCTL_ALLOW_PRIVILEGED=1',
    );
  const wd = c['workingDir'];
  return {
    name: input.name,
    image: typeof c['image'] === 'string' ? c['image'] : '',
    ...commandOf(c, input.vars),
    env: input.vars,
    workingDir: typeof wd === 'string' && wd !== '' ? wd : null,
    mounts: input.mounts.map((m) => ({ source: m.source, target: m.target, readOnly: m.readOnly })),
    user: userOf(sc, podSc),
    readOnlyRoot: sc['readOnlyRootFilesystem'] === true,
    capAdd: capsOf(sc, 'add'),
    capDrop: capsOf(sc, 'drop'),
    privileged,
    ...limitsOf(c),
    stdin: c['stdin'] === true,
    tty: c['tty'] === true,
    labels: input.labels,
    pidFile: input.pidFile ?? null,
    logPath: input.logPath ?? null,
  };
}
