/**
 * Waiting on the store in the kubelet's tests: for a watch event, never for a fixed delay.
 */
import type { ObjectStore, ResourceName, WatchEvent, WatchOptions } from '../store/types.js';

/** Resolves with the first watch event that passes `test` (the watch is stopped then). */
export function waitForEvent(
  store: ObjectStore,
  resource: ResourceName,
  opts: WatchOptions,
  test: (e: WatchEvent) => boolean,
): Promise<WatchEvent> {
  return new Promise((resolve) => {
    let stop: (() => void) | null = null;
    let done = false;
    stop = store.watch(resource, opts, (e) => {
      if (done || !test(e)) return;
      done = true;
      stop?.();
      resolve(e);
    });
    if (done) stop();
  });
}
