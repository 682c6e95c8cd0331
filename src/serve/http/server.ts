/**
 * The HTTPS server of `sidecarctl serve`: fastify 5 over node:https (TLS 1.2+), bearer-token
 * auth, the non-resource routes (meta-routes.ts), the resource routes (dispatch.ts) and the
 * upgrade hook for exec/attach/port-forward (upgrade.ts). Every error is a `Status`; bodies are
 * capped at 3 MiB like kube-apiserver's (MaxRequestBodyBytes).
 */
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { VersionInfo } from '../../model/versions.js';
import type { PodBackend } from '../backend.js';
import type { ObjectStore } from '../store/types.js';
import { isPublicPath, tokenChecker } from './auth.js';
import type { AdmissionSettings, ApiContext } from './context.js';
import type { AdmitFn, ApiMachinery, StreamHandler } from './deps.js';
import { dispatchResource } from './dispatch.js';
import { MACHINERY } from './machinery.js';
import { registerMetaRoutes } from './meta-routes.js';
import { parseResourcePath } from './request-path.js';
import { sendError } from './respond.js';
import {
  badRequest,
  pathNotFound,
  tooLarge,
  unauthorized,
  unsupportedMediaType,
} from './status.js';
import { upgradeListener } from './upgrade.js';
import { isUiPath, registerUiRoutes, type UiOptions } from '../ui/routes.js';

/** kube-apiserver's --max-request-body-bytes default (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** What createApiServer takes. */
export interface ApiServerOptions {
  readonly store: ObjectStore;
  /** The bearer token every request but /version and the health paths must carry. */
  readonly token: string;
  /** PEM key and certificate (chain) of the server. */
  readonly tls: { readonly key: string; readonly cert: string };
  /** The modelled Kubernetes version (validation, admission, /version). */
  readonly version: VersionInfo;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (a free port). */
  readonly port?: number;
  readonly backend?: PodBackend;
  readonly admit?: AdmitFn;
  readonly admission?: AdmissionSettings;
  /** Replacements for parts of the machinery of src/serve/api (tests). */
  readonly machinery?: Partial<ApiMachinery>;
  readonly stream?: StreamHandler;
  /** The live UI under /ui (its own cookie auth: src/serve/ui/routes.ts); none when absent. */
  readonly ui?: UiOptions;
  /**
   * Runs once the port is bound and before any request is answered (requests wait for it):
   * where the kubeconfig is written.
   */
  readonly beforeAccept?: (url: string) => Promise<void> | void;
}

/** A listening server. */
export interface ApiServer {
  /** `https://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  readonly app: FastifyInstance;
  /** Stops listening and ends every open watch and log stream. */
  close(): Promise<void>;
}

function onFastifyError(error: FastifyError, reply: FastifyReply): FastifyReply {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendError(reply, tooLarge(MAX_BODY_BYTES));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return sendError(reply, unsupportedMediaType(String(reply.request.headers['content-type'])));
    default:
      if (error.statusCode !== undefined && error.statusCode < 500)
        return sendError(reply, badRequest(error.message));
      return sendError(reply, error);
  }
}

function buildApp(opts: ApiServerOptions, ready: Promise<void>): FastifyInstance {
  const app = Fastify({
    https: { key: opts.tls.key, cert: opts.tls.cert, minVersion: 'TLSv1.2' },
    bodyLimit: MAX_BODY_BYTES,
    logger: false,
    forceCloseConnections: true,
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  const authorized = tokenChecker(opts.token);
  app.addHook('onRequest', async (req, reply) => {
    await ready;
    const path = req.url.split('?')[0] ?? '/';
    if (opts.ui !== undefined && isUiPath(path)) return undefined; // checked by the UI routes
    if (!isPublicPath(path) && !authorized(req.headers.authorization))
      return sendError(reply, unauthorized());
    return undefined;
  });
  app.setErrorHandler((error: FastifyError, _req, reply) => onFastifyError(error, reply));
  app.setNotFoundHandler((_req, reply) => sendError(reply, pathNotFound()));
  app.server.on('upgrade', upgradeListener(authorized, opts.stream));
  return app;
}

function contextOf(opts: ApiServerOptions): ApiContext {
  return {
    store: opts.store,
    machinery: { ...MACHINERY, ...opts.machinery },
    version: opts.version,
    backend: opts.backend,
    admit: opts.admit,
    admission: opts.admission ?? {},
    stream: opts.stream,
  };
}

function registerResourceRoutes(app: FastifyInstance, ctx: ApiContext): void {
  for (const url of ['/api/v1/*', '/apis/*']) {
    app.route({
      method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url,
      handler: async (req, reply) => {
        const path = parseResourcePath(req.url.split('?')[0] ?? '/');
        if (path === undefined) return sendError(reply, pathNotFound());
        return dispatchResource(ctx, path, req, reply);
      },
    });
  }
}

/**
 * Starts the API server (HTTPS on 127.0.0.1:0 unless told otherwise).
 * @throws Error when the address cannot be bound (EADDRINUSE...)
 */
export async function createApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  let open: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (open = resolve));
  const app = buildApp(opts, ready);
  registerMetaRoutes(app, opts.version.version);
  registerResourceRoutes(app, contextOf(opts));
  if (opts.ui !== undefined)
    registerUiRoutes(app, {
      ui: opts.ui,
      token: opts.token,
      bearer: tokenChecker(opts.token),
      backend: opts.backend,
    });
  await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  const { port, address } = app.server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  const url = `https://${host}:${String(port)}`;
  try {
    await opts.beforeAccept?.(url);
  } catch (e) {
    await app.close();
    throw e;
  }
  open();
  return { url, port, app, close: () => app.close() };
}
