/**
 * Restart policies: the container-level `restartPolicy` (KEP-753) and the pod's.
 *
 * Container level, by version (reference/k8s-sidecar-semantics.md b.2):
 * - 1.25-1.27: the field does not exist; unknown-fields.ts reports it, and the container is then
 *   what a non-strict decoder leaves: a plain init (or regular) container.
 * - 1.28 with SidecarContainers off: pkg/api/pod/util.go dropDisabledFields sets every
 *   initContainers[i].restartPolicy to nil (so the container is a regular init container), but
 *   leaves the field on other containers for validation to reject.
 * - 1.28 gate on, 1.29+: validation.go validateInitContainerRestartPolicy allows only Always;
 *   validateContainers forbids the field on regular containers.
 * Ephemeral containers get `cannot be set for an Ephemeral Container` (ephemeral.ts).
 */
import { isRecord } from '../manifest/objects.js';
import { child, report, type ApiCheck } from './check-context.js';
import { readString } from './decode.js';
import { forbidden, invalid, notSupported, required } from './field-error.js';
import { hasField } from './unknown-fields.js';

/**
 * The init container's restartPolicy as validation sees it (after dropDisabledFields), or
 * undefined when it is nil; reports NotSupported for values other than Always.
 */
export function checkInitRestartPolicy(
  c: ApiCheck,
  path: string,
  container: Readonly<Record<string, unknown>>,
): string | undefined {
  if (!hasField(c.version, 'Container', 'restartPolicy')) return undefined;
  const p = child(path, 'restartPolicy');
  const value = readString(c, p, container['restartPolicy']);
  // Decoded first, then dropped by dropDisabledFields when the gate is off.
  if (value === undefined || !c.version.sidecars) return undefined;
  if (value !== 'Always') report(c, 'api-init-restart-policy', p, notSupported(value, ['Always']));
  return value;
}

/** validateContainers: `restartPolicy: Forbidden: may not be set for non-init containers`. */
export function checkRegularRestartPolicy(
  c: ApiCheck,
  path: string,
  container: Readonly<Record<string, unknown>>,
): void {
  if (!hasField(c.version, 'Container', 'restartPolicy')) return;
  const p = child(path, 'restartPolicy');
  const value = readString(c, p, container['restartPolicy']);
  if (value !== undefined)
    report(
      c,
      'api-container-restart-policy',
      p,
      forbidden('may not be set for non-init containers'),
    );
}

const POD_POLICIES = ['Always', 'OnFailure', 'Never'];
const APPS_KINDS = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'ReplicationController',
]);

/**
 * The pod's restartPolicy (SetDefaults_PodSpec sets an empty one to Always, so only an explicit
 * unknown value reaches validateRestartPolicy's NotSupported), then the workload's own rule:
 * - apps (ValidatePodTemplateSpecForReplicaSet and the DaemonSet/StatefulSet equivalents) and
 *   ReplicationController: only Always (NotSupported);
 * - Job and CronJob (pkg/apis/batch/validation validateJobSpec): Always, hence also the default,
 *   is `Required value: valid values: "OnFailure", "Never"`; with a podFailurePolicy only Never.
 */
export function checkPodRestartPolicy(
  c: ApiCheck,
  specPath: string,
  spec: Readonly<Record<string, unknown>>,
  jobSpec: unknown,
): void {
  const p = child(specPath, 'restartPolicy');
  const policy = readString(c, p, spec['restartPolicy']) || 'Always';
  if (!POD_POLICIES.includes(policy))
    report(c, 'api-pod-restart-policy', p, notSupported(policy, POD_POLICIES));
  if (APPS_KINDS.has(c.kind) && policy !== 'Always') {
    report(c, 'api-pod-restart-policy', p, notSupported(policy, ['Always']));
  }
  if (c.kind === 'Job' || c.kind === 'CronJob') {
    if (policy === 'Always') {
      report(c, 'api-pod-restart-policy', p, required('valid values: "OnFailure", "Never"'));
    } else if (policy !== 'OnFailure' && policy !== 'Never') {
      report(c, 'api-pod-restart-policy', p, notSupported(policy, ['OnFailure', 'Never']));
    } else if (isRecord(jobSpec) && isRecord(jobSpec['podFailurePolicy']) && policy !== 'Never') {
      report(
        c,
        'api-pod-restart-policy',
        p,
        invalid(policy, 'only "Never" is supported when podFailurePolicy is specified'),
      );
    }
  }
}
