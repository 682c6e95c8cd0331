/**
 * Where `exec` runs: the running container's process (its namespaces, root and working dir:
 * runtime/isolation/container-process.ts execArgv) and its environment, as the CRI's Exec runs a
 * command in a container.
 */
import type { ExecTarget } from '../backend.js';
import type { ObjectStore } from '../store/types.js';
import { badRequest, podNotFound } from './api-errors.js';
import { containerStatusOf } from './log-state.js';
import { containerNames } from './pod-logs.js';
import type { PodWorker } from './pod-worker.js';

/**
 * The exec target of a running container.
 * @throws ApiError NotFound (no such pod); BadRequest: a container the pod does not have
 *   (pkg/registry/core/pod/strategy.go streamLocation: `container x is not valid for pod p`),
 *   or one that is not running (the CRI's `container not found ("x")`, which kubectl prints after
 *   `unable to upgrade connection: `)
 */
export function execTargetOf(
  store: ObjectStore,
  workerOf: (ns: string, name: string) => PodWorker | undefined,
  namespace: string,
  pod: string,
  container: string,
): ExecTarget {
  const obj = store.get('pods', namespace, pod);
  if (obj === undefined) throw podNotFound(pod);
  if (!containerNames(obj['spec']).includes(container))
    throw badRequest(`container ${container} is not valid for pod ${pod}`);
  const status = containerStatusOf(obj, container);
  const state = status?.['state'];
  const running = typeof state === 'object' && state !== null && 'running' in state;
  const ctx = running ? workerOf(namespace, pod)?.runner?.execContext(container) : null;
  if (ctx === null || ctx === undefined)
    throw badRequest(`container not found (${JSON.stringify(container)})`);
  const proc = ctx.process;
  return { argv: (command) => proc.execArgv(command), env: ctx.env };
}
