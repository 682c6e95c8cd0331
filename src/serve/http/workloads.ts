/**
 * The workload controllers serve does not run (apps/v1 Deployments, StatefulSets, DaemonSets,
 * ReplicaSets): discovery lists them, so kubectl names them rather than saying the kind does not
 * exist; a list is empty (`No resources found`), and anything that would store one is refused
 * with a Status that says what serve runs and what to do instead.
 */
import type { FastifyReply } from 'fastify';
import type { ResourcePath } from './request-path.js';
import { sendError, sendJson } from './respond.js';
import { HttpStatusError, pathNotFound } from './status.js';

export interface WorkloadResource {
  readonly name: string;
  readonly kind: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
}

/** apps/v1 as discovery lists it (kube-apiserver's names and short names). */
export const APPS_V1: readonly WorkloadResource[] = [
  { name: 'daemonsets', kind: 'DaemonSet', singular: 'daemonset', shortNames: ['ds'] },
  { name: 'deployments', kind: 'Deployment', singular: 'deployment', shortNames: ['deploy'] },
  { name: 'replicasets', kind: 'ReplicaSet', singular: 'replicaset', shortNames: ['rs'] },
  { name: 'statefulsets', kind: 'StatefulSet', singular: 'statefulset', shortNames: ['sts'] },
];

export const WORKLOAD_VERBS = ['create', 'get', 'list', 'watch'] as const;

/** The refusal of a workload write: what serve runs, and the two ways to run its pods. */
export function notRun(kind: string): HttpStatusError {
  return new HttpStatusError(
    405,
    'MethodNotAllowed',
    `sidecarctl serve runs Pods and Jobs, not ${kind}s: apply the ${kind}'s pod template as a Pod (kind: Pod, its spec.template as metadata and spec), or run the ${kind} itself with sidecarctl run, which runs one pod of it`,
    { kind },
  );
}

/** Answers a request for an apps/v1 workload; false when the path is not one. */
export function answerWorkload(
  path: ResourcePath,
  method: string,
  resourceVersion: string,
  reply: FastifyReply,
): boolean {
  if (path.group !== 'apps') return false;
  const r = APPS_V1.find((w) => w.name === path.resource);
  if (path.version !== 'v1' || r === undefined) {
    void sendError(reply, pathNotFound());
    return true;
  }
  if (method === 'GET' && path.name === undefined) {
    void sendJson(reply, 200, {
      kind: `${r.kind}List`,
      apiVersion: 'apps/v1',
      metadata: { resourceVersion },
      items: [],
    });
    return true;
  }
  if (method === 'GET') {
    const name = path.name ?? '';
    void sendError(
      reply,
      new HttpStatusError(404, 'NotFound', `${r.name}.apps "${name}" not found`, {
        name,
        group: 'apps',
        kind: r.name,
      }),
    );
    return true;
  }
  void sendError(reply, notRun(r.kind));
  return true;
}
