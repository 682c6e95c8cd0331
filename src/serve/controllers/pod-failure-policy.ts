/**
 * A Job's podFailurePolicy applied to one failed pod (pkg/controller/job pod_failure_policy.go
 * matchPodFailurePolicy): the first rule that matches decides. onExitCodes looks at the
 * terminated containers with a non-zero exit code, regular containers before init containers;
 * onPodConditions at the pod's conditions (status True unless the rule says otherwise).
 */
import type { KubeObject } from '../store/types.js';
import type { PodFailureRule } from './job-spec.js';

type Obj = Record<string, unknown>;

export interface PolicyMatch {
  /** FailJob, Ignore or Count (FailIndex counts here: no backoffLimitPerIndex). */
  readonly action: 'FailJob' | 'Ignore' | 'Count';
  /** The Job's failure message for FailJob. */
  readonly message: string;
}

function rec(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}

function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.map(rec) : [];
}

/** The first rule matching a failed pod, or null (the failure counts as usual). */
export function matchPodFailurePolicy(
  rules: readonly PodFailureRule[],
  pod: KubeObject,
): PolicyMatch | null {
  const podName = `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
  for (const [i, rule] of rules.entries()) {
    const action = rule.action === 'FailJob' || rule.action === 'Ignore' ? rule.action : 'Count';
    if (rule.onExitCodes !== undefined) {
      const hit = matchingExit(rule.onExitCodes, pod);
      if (hit !== null)
        return {
          action,
          message: `Container ${hit.name} for pod ${podName} failed with exit code ${String(hit.code)} matching ${rule.action} rule at index ${String(i)}`,
        };
    } else if (rule.onPodConditions !== undefined) {
      const type = matchingCondition(rule.onPodConditions, pod);
      if (type !== null)
        return {
          action,
          message: `Pod ${podName} has condition ${type} matching ${rule.action} rule at index ${String(i)}`,
        };
    }
  }
  return null;
}

function matchingExit(
  req: NonNullable<PodFailureRule['onExitCodes']>,
  pod: KubeObject,
): { name: string; code: number } | null {
  const status = rec(pod['status']);
  for (const key of ['containerStatuses', 'initContainerStatuses']) {
    for (const s of list(status[key])) {
      const code = rec(rec(s['state'])['terminated'])['exitCode'];
      if (typeof code !== 'number' || code === 0) continue;
      const name = typeof s['name'] === 'string' ? s['name'] : '';
      if (req.containerName !== undefined && req.containerName !== name) continue;
      const listed = req.values.includes(code);
      if (req.operator === 'In' ? listed : !listed) return { name, code };
    }
  }
  return null;
}

function matchingCondition(
  reqs: NonNullable<PodFailureRule['onPodConditions']>,
  pod: KubeObject,
): string | null {
  const conditions = list(rec(pod['status'])['conditions']);
  for (const r of reqs) {
    const want = r.status ?? 'True';
    if (conditions.some((c) => c['type'] === r.type && c['status'] === want)) return r.type;
  }
  return null;
}
