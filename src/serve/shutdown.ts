/**
 * The graceful end of `serve` (SIGINT/SIGTERM): every pod is deleted through the API's graceful
 * path (deletionTimestamp; the kubelet then stops its containers in its order, within their
 * grace, and removes it), serve waits until no pod is left, then stops listening. Without a
 * kubelet nothing would remove marked pods, so they are removed at once.
 */
import type { ObjectStore } from './store/types.js';

/** Deletes every pod and resolves when the store has none left (or at `deadlineMs`). */
export async function drainPods(
  store: ObjectStore,
  withKubelet: boolean,
  deadlineMs = 120_000,
): Promise<void> {
  const pods = store.list('pods').items;
  if (pods.length === 0) return;
  const left = new Set(pods.map((p) => `${p.metadata.namespace ?? ''}/${p.metadata.name}`));
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, deadlineMs);
    let stop: () => void = () => undefined;
    function done(): void {
      clearTimeout(timer);
      stop();
      resolve();
    }
    stop = store.watch('pods', { resourceVersion: store.resourceVersion() }, (e) => {
      if (e.type !== 'DELETED') return;
      left.delete(`${e.object.metadata.namespace ?? ''}/${e.object.metadata.name}`);
      if (left.size === 0) done();
    });
    for (const p of pods) {
      const { namespace, name } = p.metadata;
      deleteOne(store, namespace, name, withKubelet);
      if (store.get('pods', namespace, name) === undefined)
        left.delete(`${namespace ?? ''}/${name}`);
    }
    if (left.size === 0) done();
  });
}

function deleteOne(
  store: ObjectStore,
  namespace: string | undefined,
  name: string,
  withKubelet: boolean,
): void {
  try {
    if (withKubelet) store.delete('pods', namespace, name);
    else store.remove('pods', namespace, name);
  } catch {
    // Already gone: nothing to wait for (its DELETED was seen or is on the way).
  }
}
