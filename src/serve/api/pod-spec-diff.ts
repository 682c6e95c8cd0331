/**
 * The diff ValidatePodUpdate appends to its Forbidden message (`cmp.Diff(oldPod.Spec,
 * mungedPodSpec)` of the internal core.PodSpec), approximated: the fields in core.PodSpec's order
 * (pkg/apis/core/types.go), a changed field as a `-` and a `+` line with two unchanged fields of
 * context each side, runs of unchanged fields as `... // N identical fields`. Values are printed
 * as JSON, not Go syntax, and the internal layout (hostNetwork inside SecurityContext) is not
 * reproduced.
 */
import { sameJson } from '../store/memory-store.js';

/** core.PodSpec's fields in declaration order: [Go name, JSON name]. */
const FIELDS: readonly (readonly [string, string])[] = [
  ['Volumes', 'volumes'],
  ['InitContainers', 'initContainers'],
  ['Containers', 'containers'],
  ['EphemeralContainers', 'ephemeralContainers'],
  ['RestartPolicy', 'restartPolicy'],
  ['TerminationGracePeriodSeconds', 'terminationGracePeriodSeconds'],
  ['ActiveDeadlineSeconds', 'activeDeadlineSeconds'],
  ['DNSPolicy', 'dnsPolicy'],
  ['NodeSelector', 'nodeSelector'],
  ['ServiceAccountName', 'serviceAccountName'],
  ['AutomountServiceAccountToken', 'automountServiceAccountToken'],
  ['NodeName', 'nodeName'],
  ['SecurityContext', 'securityContext'],
  ['ImagePullSecrets', 'imagePullSecrets'],
  ['Hostname', 'hostname'],
  ['Subdomain', 'subdomain'],
  ['SetHostnameAsFQDN', 'setHostnameAsFQDN'],
  ['Affinity', 'affinity'],
  ['SchedulerName', 'schedulerName'],
  ['Tolerations', 'tolerations'],
  ['HostAliases', 'hostAliases'],
  ['PriorityClassName', 'priorityClassName'],
  ['Priority', 'priority'],
  ['PreemptionPolicy', 'preemptionPolicy'],
  ['DNSConfig', 'dnsConfig'],
  ['ReadinessGates', 'readinessGates'],
  ['RuntimeClassName', 'runtimeClassName'],
  ['Overhead', 'overhead'],
  ['EnableServiceLinks', 'enableServiceLinks'],
  ['TopologySpreadConstraints', 'topologySpreadConstraints'],
  ['OS', 'os'],
  ['SchedulingGates', 'schedulingGates'],
  ['ResourceClaims', 'resourceClaims'],
];

const CONTEXT = 2;

/** The fields of both specs in order: core.PodSpec's first, then any other key. */
function fieldsOf(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
): (readonly [string, string])[] {
  const known = new Set(FIELDS.map(([, j]) => j));
  const extra = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => k !== 'serviceAccount' && !known.has(k))
    .sort();
  return [...FIELDS, ...extra.map((k) => [k.charAt(0).toUpperCase() + k.slice(1), k] as const)];
}

const show = (v: unknown): string => (v === undefined ? 'nil' : JSON.stringify(v));

/** The diff text from `before` to `after`, in cmp.Diff's shape. */
export function podSpecDiff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string {
  const fields = fieldsOf(before, after);
  const changed = fields.map(([, j]) => !sameJson(before[j], after[j]));
  const near = (i: number): boolean => changed.some((c, k) => c && Math.abs(k - i) <= CONTEXT);
  const lines = ['  core.PodSpec{'];
  let skipped = 0;
  for (const [i, [go, json]] of fields.entries()) {
    if (!near(i)) {
      skipped++;
      continue;
    }
    if (skipped > 0) lines.push(`  \t... // ${String(skipped)} identical fields`);
    skipped = 0;
    if (changed[i] === true) {
      lines.push(`- \t${go}: ${show(before[json])},`, `+ \t${go}: ${show(after[json])},`);
    } else {
      lines.push(`  \t${go}: ${show(before[json])},`);
    }
  }
  if (skipped > 0) lines.push(`  \t... // ${String(skipped)} identical fields`);
  lines.push('  }');
  return lines.join('\n') + '\n';
}
