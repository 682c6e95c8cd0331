/**
 * The API server's validation of one pod spec, as of the version in the context:
 * validation.go ValidatePodSpec (volumes, validateContainers, validateInitContainers,
 * validateEphemeralContainers, validateRestartPolicy, activeDeadlineSeconds), the workload checks
 * of pkg/apis/apps/validation and pkg/apis/batch/validation on the template's restartPolicy and
 * activeDeadlineSeconds, and strict decoding of the container types.
 *
 * The real server stops at the first decode error; we keep going so that every problem shows.
 */
import type { RuleContext, RuleFinding } from '../rules/rule.js';
import { getIn } from '../manifest/json-path.js';
import { isRecord } from '../manifest/objects.js';
import { child, decodeOnly, index, report, type ApiCheck } from './check-context.js';
import { checkContainerCommon, resizePolicyKept } from './containers.js';
import { readBool, readInt, readObject, readObjectList } from './decode.js';
import { checkEphemeralContainers } from './ephemeral.js';
import { duplicate, forbidden, inclusiveRangeError, invalid, required } from './field-error.js';
import { checkMetadata } from './object-meta.js';
import { checkLifecycle, lifecycleKept } from './lifecycle-hooks.js';
import { checkHostNetworkPorts, checkHostPortConflicts, type DecodedPort } from './ports.js';
import { checkProbe, PROBE_KINDS } from './probes.js';
import {
  checkInitRestartPolicy,
  checkPodRestartPolicy,
  checkRegularRestartPolicy,
} from './restart-policy.js';
import { checkUnknownFields } from './unknown-fields.js';
import { checkVolumes } from './volume-mounts.js';

/** The workload kinds that forbid activeDeadlineSeconds in their template, with the wording. */
const ACTIVE_DEADLINE_KIND: Readonly<Record<string, string>> = {
  Deployment: 'ReplicaSet', // ValidatePodTemplateSpecForReplicaSet
  ReplicaSet: 'ReplicaSet',
  DaemonSet: 'DaemonSet',
  StatefulSet: 'StatefulSet',
  ReplicationController: 'ReplicationController',
};

const DEFAULT_GRACE_PERIOD = 30; // SetDefaults_PodSpec

/** Validates the pod spec of the context's template; never throws. */
export function validatePodTemplate(ctx: RuleContext): RuleFinding[] {
  const c: ApiCheck = { version: ctx.version, kind: ctx.template.object.kind, findings: [] };
  const specPath = ctx.template.specField;
  const spec = readObject(c, specPath, ctx.template.spec) ?? {};
  const isPod = c.kind === 'Pod';
  checkMetadata(c, ctx.template);
  if (isRecord(ctx.template.spec)) checkUnknownFields(c, specPath, ctx.template.spec, 'PodSpec');

  const grace =
    readInt(
      c,
      child(specPath, 'terminationGracePeriodSeconds'),
      spec['terminationGracePeriodSeconds'],
      64,
    ) ?? DEFAULT_GRACE_PERIOD;
  const volumes = checkVolumes(c, child(specPath, 'volumes'), spec['volumes']);
  if (c.kind === 'StatefulSet') for (const n of claimTemplateNames(ctx)) volumes.add(n);
  // defaultHostNetworkPorts: in SetDefaults_Pod from 1.28 (#117696), in SetDefaults_PodSpec before.
  const hostNetwork = readBool(c, child(specPath, 'hostNetwork'), spec['hostNetwork']) === true;
  const hostPortDefault = hostNetwork && (isPod || !c.version.lateHostNetworkHostPort);

  const pod: PodScope = { specPath, spec, volumes, isPod, hostPortDefault, hostNetwork, grace };
  const regularNames = validateContainers(c, pod);
  const initNames = validateInitContainers(c, pod, regularNames);

  checkEphemeralContainers(
    c,
    specPath,
    spec['ephemeralContainers'],
    [...regularNames, ...initNames],
    volumes,
    isPod,
  );

  checkPodRestartPolicy(
    c,
    specPath,
    spec,
    getIn(ctx.template.object.value, ctx.template.specPath.slice(0, -2)),
  );

  const adsPath = child(specPath, 'activeDeadlineSeconds');
  const ads = readInt(c, adsPath, spec['activeDeadlineSeconds'], 64);
  if (ads !== undefined && (ads < 1 || ads > 2 ** 31 - 1)) {
    report(c, 'api-active-deadline', adsPath, invalid(ads, inclusiveRangeError(1, 2 ** 31 - 1)));
  }
  const adsKind = ACTIVE_DEADLINE_KIND[c.kind];
  if (ads !== undefined && adsKind !== undefined) {
    report(
      c,
      'api-active-deadline',
      adsPath,
      forbidden(`activeDeadlineSeconds in ${adsKind} is not Supported`),
    );
  }
  return c.findings;
}

/** What the container checks of one pod spec share. */
interface PodScope {
  readonly specPath: string;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly volumes: ReadonlySet<string>;
  readonly isPod: boolean;
  readonly hostPortDefault: boolean;
  readonly hostNetwork: boolean;
  readonly grace: number;
}

/** validation.go validateContainers (plus the host-port checks over all of them); returns the names. */
function validateContainers(c: ApiCheck, pod: PodScope): string[] {
  const { specPath, spec, volumes, isPod, hostPortDefault, hostNetwork, grace } = pod;
  const ctrPath = child(specPath, 'containers');
  const containers = readObjectList(c, ctrPath, spec['containers']) ?? [];
  if (containers.length === 0) report(c, 'api-containers-required', ctrPath, required());
  const regularNames: string[] = [];
  const regularPorts: DecodedPort[][] = [];
  const seen = new Set<string>();
  containers.forEach((ctr, i) => {
    const path = index(ctrPath, i);
    const obj = ctr ?? {};
    if (ctr !== undefined) checkUnknownFields(c, path, ctr, 'Container');
    const info = checkContainerCommon(c, path, obj, volumes, isPod, hostPortDefault);
    regularNames.push(info.name);
    regularPorts.push(info.ports);
    if (seen.has(info.name))
      report(c, 'api-container-name', child(path, 'name'), duplicate(info.name));
    else seen.add(info.name);
    checkLifecycle(c, child(path, 'lifecycle'), obj['lifecycle'], grace);
    for (const k of PROBE_KINDS) checkProbe(c, k, child(path, k), obj[k], grace);
    checkRegularRestartPolicy(c, path, obj);
  });
  checkHostPortConflicts(c, ctrPath, regularPorts);
  if (hostNetwork) checkHostNetworkPorts(c, regularPorts, isPod);

  return regularNames;
}

/** validation.go validateInitContainers: names are unique with the regular ones; returns the init names. */
function validateInitContainers(
  c: ApiCheck,
  pod: PodScope,
  regularNames: readonly string[],
): string[] {
  const { specPath, spec, volumes, isPod, hostPortDefault, grace } = pod;
  const initPath = child(specPath, 'initContainers');
  const inits = readObjectList(c, initPath, spec['initContainers']) ?? [];
  const allNames = new Set(regularNames);
  const initNames: string[] = [];
  inits.forEach((ctr, i) => {
    const path = index(initPath, i);
    const obj = ctr ?? {};
    if (ctr !== undefined) checkUnknownFields(c, path, ctr, 'Container');
    const info = checkContainerCommon(c, path, obj, volumes, isPod, hostPortDefault);
    initNames.push(info.name);
    const restartAlways = checkInitRestartPolicy(c, path, obj) === 'Always';
    if (allNames.has(info.name))
      report(c, 'api-container-name', child(path, 'name'), duplicate(info.name));
    else if (info.name.length > 0) allNames.add(info.name);
    // Init containers run one by one: host ports are checked per container, with the list's
    // path (validateInitContainers: checkHostPortConflicts([]core.Container{ctr}, fldPath)).
    checkHostPortConflicts(c, initPath, [info.ports]);
    if (restartAlways) {
      checkLifecycle(c, child(path, 'lifecycle'), obj['lifecycle'], grace);
      for (const k of PROBE_KINDS) checkProbe(c, k, child(path, k), obj[k], grace);
    } else {
      // Before 1.28 the detail had no "without restartPolicy=Always" (validation.go at v1.27,
      // validateInitContainers: field.Forbidden(..., "may not be set for init containers")).
      const detail = c.version.apiFields.has('Container.restartPolicy')
        ? 'may not be set for init containers without restartPolicy=Always'
        : 'may not be set for init containers';
      if (lifecycleKept(c, obj['lifecycle']))
        report(c, 'api-init-container-fields', child(path, 'lifecycle'), forbidden(detail));
      for (const k of PROBE_KINDS) {
        if (obj[k] !== undefined && obj[k] !== null)
          report(c, 'api-init-container-fields', child(path, k), forbidden(detail));
      }
      decodeOnly(c, (scratch) => {
        checkLifecycle(scratch, child(path, 'lifecycle'), obj['lifecycle'], grace);
        for (const k of PROBE_KINDS) checkProbe(scratch, k, child(path, k), obj[k], grace);
      });
    }
    // validateInitContainers: resizePolicy on any init container, unless AllowSidecarResizePolicy.
    if (resizePolicyKept(c, obj) && !c.version.initContainerResizePolicy) {
      const list = obj['resizePolicy'];
      if (Array.isArray(list) && list.length > 0) {
        report(
          c,
          'api-resize-policy',
          child(path, 'resizePolicy'),
          invalid(resizePolicyGoValue(list), 'must not be set for init containers'),
        );
      }
    }
  });

  return initNames;
}

/**
 * The volumeClaimTemplates of a StatefulSet, which the controller adds to each pod as volumes
 * (pkg/controller/statefulset stateful_set_utils.go updateStorage). The StatefulSet's own
 * validation does not validate its pod spec at all (pkg/apis/apps/validation
 * ValidatePodTemplateSpecForStatefulSet: "TODO: Add validation for PodSpec"), so the errors we
 * report for a StatefulSet are those the API server gives when the controller creates its pods,
 * where mounts of claim templates are valid.
 */
function claimTemplateNames(ctx: RuleContext): string[] {
  const list = getIn(ctx.template.object.value, ['spec', 'volumeClaimTemplates']);
  if (!Array.isArray(list)) return [];
  return list.flatMap((t: unknown) => {
    const name = getIn(t, ['metadata', 'name']);
    return typeof name === 'string' && name !== '' ? [name] : [];
  });
}

/**
 * `%#v` of a []core.ContainerResizePolicy, as field.Invalid prints it:
 * `[]core.ContainerResizePolicy{core.ContainerResizePolicy{ResourceName:"cpu", RestartPolicy:"NotRequired"}}`.
 */
function resizePolicyGoValue(list: readonly unknown[]): { goRaw: string } {
  const str = (v: unknown): string => JSON.stringify(typeof v === 'string' ? v : '');
  const items = list.map((p) => {
    const o = isRecord(p) ? p : {};
    return `core.ContainerResizePolicy{ResourceName:${str(o['resourceName'])}, RestartPolicy:${str(o['restartPolicy'])}}`;
  });
  return { goRaw: `[]core.ContainerResizePolicy{${items.join(', ')}}` };
}
