/**
 * The job controller's writes through the store, each tolerant of the object being gone
 * (a NotFound is what the real controller ignores too).
 */
import { ApiError } from '../store/api-error.js';
import type { KubeObject, ObjectStore } from '../store/types.js';
import { JOB_TRACKING } from './job-spec.js';

/** Whether an error is the store's NotFound. */
function isNotFound(e: unknown): boolean {
  return e instanceof ApiError && e.code === 404;
}

/** Runs a write, ignoring NotFound. */
export function ignoringNotFound(write: () => void): void {
  try {
    write();
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}

/** removeTrackingFinalizerPatch: the pod without the job-tracking finalizer. */
export function removeTrackingFinalizer(store: ObjectStore, ns: string, name: string): void {
  const pod = store.get('pods', ns, name);
  const finalizers = pod?.metadata.finalizers ?? [];
  if (pod === undefined || !finalizers.includes(JOB_TRACKING)) return;
  pod.metadata.finalizers = finalizers.filter((f) => f !== JOB_TRACKING);
  ignoringNotFound(() => store.update('pods', pod));
}

/** Writes a Job's status (on the current copy, so no stale resourceVersion). */
export function writeJobStatus(
  store: ObjectStore,
  job: KubeObject,
  status: Record<string, unknown>,
): void {
  const fresh = store.get('jobs', job.metadata.namespace, job.metadata.name);
  if (fresh === undefined || fresh.metadata.uid !== job.metadata.uid) return;
  ignoringNotFound(() => store.update('jobs', { ...fresh, status }, { status: true }));
}

/** DELETE of a pod with its own grace period (the kubelet finishes it). */
export function deletePod(store: ObjectStore, ns: string, name: string): void {
  ignoringNotFound(() => store.delete('pods', ns, name));
}
