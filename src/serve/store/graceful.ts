/**
 * The grace period of a pod DELETE, as pkg/registry/core/pod/strategy.go CheckGracefulDelete
 * computes it: the request's gracePeriodSeconds, else spec.terminationGracePeriodSeconds, else 30
 * (the default of pkg/apis/core/v1/defaults.go); 0 for a pod that is already over (Succeeded or
 * Failed); a negative period becomes 1. (Upstream also deletes an unscheduled pod at once; the
 * local kubelet owns every pod, so serve treats every pod as scheduled.)
 *
 * A second DELETE of a marked object may only shorten the period (staging/src/k8s.io/apiserver/
 * pkg/registry/rest/delete.go BeforeDelete): the deletionTimestamp moves by the difference.
 */
import type { KubeObject } from './types.js';

/** The default terminationGracePeriodSeconds (pkg/apis/core/v1/defaults.go SetDefaults_PodSpec). */
export const DEFAULT_GRACE_SECONDS = 30;

/** The grace period in seconds for deleting this pod. */
export function podGracePeriod(pod: KubeObject, requested: number | undefined): number {
  const phase = field(pod, 'status', 'phase');
  if (phase === 'Succeeded' || phase === 'Failed') return 0;
  const fromSpec = field(pod, 'spec', 'terminationGracePeriodSeconds');
  const period = requested ?? (typeof fromSpec === 'number' ? fromSpec : DEFAULT_GRACE_SECONDS);
  return period < 0 ? 1 : period;
}

/** What a DELETE of an object already marked for deletion does. */
export type Redelete =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'remove' }
  | { readonly kind: 'shorten'; readonly deletionTimestamp: Date; readonly grace: number };

/** BeforeDelete for an object that already has a deletionTimestamp. */
export function redelete(obj: KubeObject, requested: number | undefined): Redelete {
  const current = obj.metadata.deletionGracePeriodSeconds;
  const ts = obj.metadata.deletionTimestamp;
  if (requested === undefined || current === undefined || ts === undefined) {
    return { kind: 'unchanged' };
  }
  if (requested >= current) return { kind: 'unchanged' };
  if (requested <= 0) return { kind: 'remove' };
  const at = new Date(Date.parse(ts) + (requested - current) * 1000);
  return { kind: 'shorten', deletionTimestamp: at, grace: requested };
}

function field(obj: KubeObject, a: string, b: string): unknown {
  const outer = obj[a];
  if (typeof outer !== 'object' || outer === null) return undefined;
  return (outer as Record<string, unknown>)[b];
}
