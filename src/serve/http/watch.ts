/**
 * `?watch=true`: a chunked response with one JSON event per line, `{"type":...,"object":...}`,
 * as kube-apiserver's WatchServer writes them (k8s.io/apiserver pkg/endpoints/handlers/watch.go):
 * events newer than `resourceVersion` are replayed first, `timeoutSeconds` ends the response, a
 * client that goes away stops the watch. With a Table Accept each object is a one-row Table
 * (column definitions on the first event only: kubectl-compat §2). A version older than the kept
 * history is answered in the stream as an `ERROR` event carrying the 410 Status, as the real
 * server does.
 */
import type { ServerResponse } from 'node:http';
import type { WatchEvent } from '../store/types.js';
import type { ApiContext, ResourceRequest } from './context.js';
import { TABLE_CONTENT_TYPE, wantsTable } from './negotiate.js';
import { intParam, param } from './query.js';
import { listOptionsOf } from './read.js';
import { statusOf } from './status.js';

/** Serves a watch on `res` until the timeout, the client leaving, or the server closing. */
export function serveWatch(ctx: ApiContext, r: ResourceRequest, res: ServerResponse): void {
  const table = wantsTable(r.accept);
  const opts = listOptionsOf(ctx, r);
  const timeout = intParam(r.query, 'timeoutSeconds');
  res.writeHead(200, {
    'content-type': table ? TABLE_CONTENT_TYPE : 'application/json',
    'cache-control': 'no-cache, private',
  });
  res.flushHeaders();
  let first = true;
  const write = (e: WatchEvent): void => {
    const object = table
      ? ctx.machinery.toTable(r.resource.name, [e.object], {
          resourceVersion: e.object.metadata.resourceVersion,
          includeColumns: first,
        })
      : e.object;
    first = false;
    if (!res.writableEnded) res.write(`${JSON.stringify({ type: e.type, object })}\n`);
  };
  let stop: () => void = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  const end = (): void => {
    stop();
    if (timer !== undefined) clearTimeout(timer);
    if (!res.writableEnded) res.end();
  };
  res.on('close', end);
  try {
    stop = ctx.store.watch(
      r.resource.name,
      { ...opts, resourceVersion: param(r.query, 'resourceVersion') },
      write,
    );
  } catch (e) {
    res.write(`${JSON.stringify({ type: 'ERROR', object: statusOf(e) })}\n`);
    end();
    return;
  }
  if (timeout !== undefined && timeout > 0) timer = setTimeout(end, timeout * 1000);
}
