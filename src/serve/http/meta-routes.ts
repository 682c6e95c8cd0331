/**
 * The non-resource paths: /version, health, discovery (negotiated legacy or aggregated) and the
 * OpenAPI v3 stub. Each answers a JSON body or a 404 Status.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { K8sVersion } from '../../model/versions.js';
import {
  aggregatedDiscovery,
  legacyCoreVersions,
  legacyGroup,
  legacyGroupList,
  resourceList,
} from './discovery.js';
import { discoveryContentType, discoveryForm } from './negotiate.js';
import { openApiDocument, openApiIndex } from './openapi.js';
import { sendError, sendJson } from './respond.js';
import { pathNotFound } from './status.js';
import { versionBody } from './version-info.js';

function orNotFound(reply: FastifyReply, body: Record<string, unknown> | undefined): FastifyReply {
  return body === undefined ? sendError(reply, pathNotFound()) : sendJson(reply, 200, body);
}

function discoveryRoot(
  which: 'api' | 'apis',
  req: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const form = discoveryForm(req.headers.accept);
  if (form !== undefined)
    return sendJson(reply, 200, aggregatedDiscovery(which, form), discoveryContentType(form));
  if (which === 'apis') return sendJson(reply, 200, legacyGroupList());
  const host = req.socket.localAddress ?? '127.0.0.1';
  const port = req.socket.localPort ?? 0;
  return sendJson(reply, 200, legacyCoreVersions(`${host}:${String(port)}`));
}

/** Registers the non-resource routes. */
export function registerMetaRoutes(app: FastifyInstance, modelled: K8sVersion): void {
  app.get('/version', (_req, reply) => sendJson(reply, 200, versionBody(modelled)));
  for (const p of ['/healthz', '/readyz', '/livez'])
    app.get(p, (_req, reply) =>
      reply.code(200).header('content-type', 'text/plain; charset=utf-8').send('ok'),
    );
  app.get('/api', (req, reply) => discoveryRoot('api', req, reply));
  app.get('/apis', (req, reply) => discoveryRoot('apis', req, reply));
  app.get('/api/v1', (_req, reply) => orNotFound(reply, resourceList('', 'v1')));
  app.get('/apis/:group', (req, reply) =>
    orNotFound(reply, legacyGroup((req.params as { group: string }).group)),
  );
  app.get('/apis/:group/:version', (req, reply) => {
    const { group, version } = req.params as { group: string; version: string };
    return orNotFound(reply, resourceList(group, version));
  });
  app.get('/openapi/v3', (_req, reply) => sendJson(reply, 200, openApiIndex()));
  app.get('/openapi/v3/*', (req, reply) =>
    orNotFound(reply, openApiDocument((req.params as { '*': string })['*'])),
  );
}
