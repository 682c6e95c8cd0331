/**
 * `GET pods/{name}/log`: the container's log as `text/plain`, streamed from the kubelet
 * (PodBackend.logs). With `follow=true` the response stays open until the log stream ends (the
 * container exited or the pod went away), which ends `kubectl logs -f` with status 0. The
 * container is defaulted and checked as kube-apiserver does
 * (pkg/registry/core/pod/strategy.go LogLocation, validateContainer).
 */
import type { ServerResponse } from 'node:http';
import type { PodLogOptions } from '../backend.js';
import type { KubeObject } from '../store/types.js';
import type { ApiContext, ResourceRequest } from './context.js';
import { flag, intParam, param } from './query.js';
import { mustGet } from './read.js';
import { badRequest, statusOf } from './status.js';

function namesOf(pod: KubeObject, field: string): string[] {
  const spec = (pod['spec'] ?? {}) as Record<string, unknown>;
  const list = spec[field];
  if (!Array.isArray(list)) return [];
  return list.map((c) => String((c as Record<string, unknown>)['name'] ?? ''));
}

/**
 * The container a log request is for.
 * @throws HttpStatusError 400 with the apiserver's words when none can be chosen or it is unknown
 */
export function logContainer(pod: KubeObject, asked: string | undefined): string {
  const name = pod.metadata.name;
  const main = namesOf(pod, 'containers');
  const init = namesOf(pod, 'initContainers');
  const eph = namesOf(pod, 'ephemeralContainers');
  if (asked === undefined || asked === '') {
    const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    if (annotated !== undefined && [...main, ...init].includes(annotated)) return annotated;
    if (main.length === 1) return main[0]!;
    throw badRequest(
      `a container name must be specified for pod ${name}, choose one of: [${main.join(' ')}]` +
        (init.length > 0 ? ` or one of the init containers: [${init.join(' ')}]` : ''),
    );
  }
  if (![...main, ...init, ...eph].includes(asked))
    throw badRequest(`container ${asked} is not valid for pod ${name}`);
  return asked;
}

/** The PodLogOptions of the request's query. */
export function logOptionsOf(r: ResourceRequest, container: string): PodLogOptions {
  const opt = <T>(k: string, v: T | undefined): Partial<Record<string, T>> =>
    v === undefined ? {} : { [k]: v };
  return {
    container,
    follow: flag(r.query, 'follow'),
    previous: flag(r.query, 'previous'),
    timestamps: flag(r.query, 'timestamps'),
    ...opt('tailLines', intParam(r.query, 'tailLines')),
    ...opt('sinceSeconds', intParam(r.query, 'sinceSeconds')),
    ...opt('sinceTime', param(r.query, 'sinceTime')),
    ...opt('limitBytes', intParam(r.query, 'limitBytes')),
  };
}

/**
 * Streams the log to `res`. Errors before the first byte are answered as a Status by the caller
 * (this throws); a stream error after that ends the response.
 * @throws ApiError / HttpStatusError before anything is written
 */
export function serveLogs(ctx: ApiContext, r: ResourceRequest, res: ServerResponse): void {
  const pod = mustGet(ctx, r);
  const container = logContainer(pod, param(r.query, 'container'));
  if (ctx.backend === undefined)
    throw badRequest(
      `container "${container}" in pod "${pod.metadata.name}" is not available: serve runs no kubelet`,
    );
  const stream = ctx.backend.logs(
    r.namespace ?? 'default',
    pod.metadata.name,
    logOptionsOf(r, container),
  );
  res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-cache, private' });
  res.flushHeaders();
  stream.on('error', (e) => {
    if (!res.writableEnded) res.end(res.headersSent ? undefined : JSON.stringify(statusOf(e)));
  });
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}
