/**
 * Routes a resource request to its verb, as kube-apiserver's installer maps HTTP methods and
 * paths to verbs (k8s.io/apiserver pkg/endpoints/installer.go): GET one / list / watch, POST to
 * a collection, PUT / PATCH / DELETE one, DELETE a collection, the `status` and `log`
 * subresources. Anything else is the apiserver's 404 or 405 Status.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext, ResourceRequest } from './context.js';
import { deleteCollection, deleteObject } from './delete.js';
import { serveLogs } from './logs.js';
import { flag, type Query } from './query.js';
import { getObject, listObjects, mustGet } from './read.js';
import type { ResourcePath } from './request-path.js';
import { findResource } from './resources.js';
import { answerWorkload } from './workloads.js';
import { addWarnings, sendError, sendJson } from './respond.js';
import { badRequest, methodNotSupported, pathNotFound } from './status.js';
import { serveWatch } from './watch.js';
import { STREAM_SUBRESOURCES } from './upgrade.js';
import { createObject, patchObject, updateObject, type WriteResult } from './write.js';

/**
 * The parsed resource request, or a 404 Status error (unknown group, version, resource or
 * subresource, or a namespace on a cluster-scoped resource).
 */
export function resourceRequest(path: ResourcePath, req: FastifyRequest): ResourceRequest {
  const resource = findResource(path.group, path.version, path.resource);
  if (resource === undefined) throw pathNotFound();
  if (!resource.namespaced && path.namespace !== undefined) throw pathNotFound();
  const sub = path.subresource;
  if (sub !== undefined && !resource.subresources.some((s) => s.name === sub)) throw pathNotFound();
  return {
    resource,
    namespace: resource.namespaced ? path.namespace : undefined,
    name: path.name,
    subresource: sub,
    query: req.query as Query,
    accept: req.headers.accept,
    contentType: req.headers['content-type'],
    body: Buffer.isBuffer(req.body) ? req.body : undefined,
  };
}

function sendWrite(reply: FastifyReply, w: WriteResult): FastifyReply {
  addWarnings(reply, w.warnings);
  return sendJson(reply, w.code, w.object);
}

async function onCollection(
  ctx: ApiContext,
  r: ResourceRequest,
  method: string,
  reply: FastifyReply,
): Promise<unknown> {
  switch (method) {
    case 'GET':
      if (flag(r.query, 'watch')) {
        serveWatch(ctx, r, reply.raw);
        reply.hijack();
        return undefined;
      }
      return sendAnswer(reply, listObjects(ctx, r));
    case 'POST':
      if (r.namespace === undefined && r.resource.namespaced) throw pathNotFound();
      return sendWrite(reply, await createObject(ctx, r));
    case 'DELETE':
      return sendJson(reply, 200, deleteCollection(ctx, r));
    default:
      throw methodNotSupported(r.resource.name, method);
  }
}

async function onObject(
  ctx: ApiContext,
  r: ResourceRequest,
  method: string,
  reply: FastifyReply,
): Promise<unknown> {
  if (r.subresource !== undefined && STREAM_SUBRESOURCES.includes(r.subresource))
    return plainStreamRequest(ctx, r, reply);
  if (r.subresource === 'log') {
    if (method !== 'GET') throw methodNotSupported('pods/log', method);
    serveLogs(ctx, r, reply.raw);
    reply.hijack();
    return undefined;
  }
  switch (method) {
    case 'GET':
      return sendAnswer(reply, getObject(ctx, r));
    case 'PUT':
      return sendWrite(reply, await updateObject(ctx, r));
    case 'PATCH':
      return sendWrite(reply, await patchObject(ctx, r));
    case 'DELETE':
      if (r.subresource !== undefined) throw methodNotSupported(r.resource.name, method);
      return sendJson(reply, 200, deleteObject(ctx, r));
    default:
      throw methodNotSupported(r.resource.name, method);
  }
}

/** exec/attach/portforward without an Upgrade: the stream handler's, else a 400 Status. */
function plainStreamRequest(ctx: ApiContext, r: ResourceRequest, reply: FastifyReply): unknown {
  mustGet(ctx, r);
  const handle = ctx.stream?.request;
  if (handle === undefined) throw badRequest('Upgrade request required');
  reply.hijack();
  handle(reply.request.raw, reply.raw);
  return undefined;
}

function sendAnswer(
  reply: FastifyReply,
  a: { code: number; body: unknown; contentType?: string },
): FastifyReply {
  return sendJson(reply, a.code, a.body, a.contentType);
}

/** Answers one resource request; every failure is a Status. */
export async function dispatchResource(
  ctx: ApiContext,
  path: ResourcePath,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<unknown> {
  try {
    if (answerWorkload(path, req.method, ctx.store.resourceVersion(), reply)) return undefined;
    const r = resourceRequest(path, req);
    if (r.name === undefined) return await onCollection(ctx, r, req.method, reply);
    return await onObject(ctx, r, req.method, reply);
  } catch (e) {
    if (reply.sent || reply.raw.headersSent) {
      if (!reply.raw.writableEnded) reply.raw.end();
      return undefined;
    }
    return sendError(reply, e);
  }
}
