/**
 * `sidecarctl webhook serve`: the admission webhook over HTTPS (fastify), stateless. Each review
 * is answered by review.ts; this file keeps what a server in a cluster must get right:
 *
 * - TLS only (1.2 or newer), the certificate and key re-read when their files change
 *   (cert-manager renews by swapping the Secret's files), the old pair kept if the new one is bad;
 * - bodies capped as kube-apiserver caps requests (3 MiB, `MaxRequestBodyBytes`) and a deadline
 *   for receiving a request well under the webhook's `timeoutSeconds` (10 s);
 * - `/healthz`, `/readyz` (ready only with a valid certificate), `/metrics` (prom-client), one
 *   JSON log line per review (pino) naming the object, never holding it (a Secret's data must
 *   never reach a log);
 * - a malformed review is a 400 `Status`, never a crash; SIGTERM finishes in-flight reviews.
 *
 * JSON bodies reach the routes as bytes: a review the memo has answered before is answered from
 * its bytes (raw-review.ts, memo.ts); any other is parsed by fastify's own JSON parser, so a body
 * that is not JSON gets fastify's 400 as before.
 */
import { readFileSync, statSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { webhookMetrics } from './metrics.js';
import { answerReviewsDirectly } from './direct.js';
import type { ReviewEndpoint, ReviewSettings } from './review.js';
import { reviewer, statusBody, type ReviewReply } from './reviewer.js';

export interface WebhookServerOptions {
  readonly host: string;
  readonly port: number;
  readonly certFile: string;
  readonly keyFile: string;
  /** The settings of each review (the version may change under `--k8s-version auto`). */
  readonly settings: () => ReviewSettings;
  readonly logger: Logger;
  /** A separate plain-HTTP listener for `/metrics`; without it, `/metrics` is on the HTTPS port. */
  readonly metrics?: { readonly host: string; readonly port: number } | undefined;
  /** How often the certificate files are looked at. @default 2000 */
  readonly reloadIntervalMs?: number;
  /** The deadline for receiving a request, headers and body. @default 5000 */
  readonly receiveDeadlineMs?: number;
}

export interface WebhookServer {
  /** `https://host:port` as listening. */
  readonly url: string;
  readonly metricsUrl?: string;
  /** Looks at the certificate files now (the timer does it every reloadIntervalMs). */
  reloadCertificate(): boolean;
  /** Stops accepting, finishes the reviews in flight, then resolves. */
  close(): Promise<void>;
}

/** kube-apiserver's limit on a request body (staging/src/k8s.io/apiserver/pkg/server/config.go). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;
const RECEIVE_DEADLINE_MS = 5_000;

interface KeyPair {
  readonly cert: string;
  readonly key: string;
  readonly notAfter: Date;
  readonly stamp: string;
}

function stampOf(files: readonly string[]): string {
  return files
    .map((f) => {
      const s = statSync(f);
      return `${String(s.ino)}:${String(s.size)}:${String(s.mtimeMs)}`;
    })
    .join('|');
}

/**
 * Reads and checks a certificate and its key.
 * @throws Error naming the file when a file cannot be read or the pair does not make a context
 */
export function readKeyPair(certFile: string, keyFile: string): KeyPair {
  const stamp = stampOf([certFile, keyFile]);
  const cert = readFileSync(certFile, 'utf8');
  const key = readFileSync(keyFile, 'utf8');
  createSecureContext({ cert, key });
  return { cert, key, notAfter: new Date(new X509Certificate(cert).validTo), stamp };
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * `application/json` bodies as bytes: a review the memo knows is answered from its bytes
 * (raw-review.ts); any other is parsed by fastify's own JSON parser, with its 400s.
 */
function readBodiesAsBytes(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );
}

function addReviewRoutes(
  app: FastifyInstance,
  review: (endpoint: ReviewEndpoint, body: unknown) => ReviewReply,
): void {
  for (const endpoint of ['mutate', 'validate'] as const satisfies readonly ReviewEndpoint[]) {
    app.post(`/${endpoint}`, (req, reply) => {
      const r = review(endpoint, req.body);
      if (r instanceof Error) return reply.send(r);
      return reply.code(r.status).type(JSON_TYPE).send(r.json);
    });
  }
}

/** The Status fastify's error handler answers for an error (a 400 for a body not JSON). */
function errorStatus(err: { statusCode?: number; message: string }): {
  code: number;
  body: Record<string, unknown>;
} {
  const code = err.statusCode !== undefined && err.statusCode < 500 ? err.statusCode : 500;
  const reason =
    code === 413 ? 'RequestEntityTooLarge' : code === 415 ? 'UnsupportedMediaType' : 'BadRequest';
  return { code, body: statusBody(code, code === 500 ? 'InternalError' : reason, err.message) };
}

function addErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const e = errorStatus(err);
    return reply.code(e.code).send(e.body);
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send(statusBody(404, 'NotFound', `no such endpoint: ${req.method} ${req.url}`)),
  );
}

/**
 * Starts the webhook server.
 * @throws Error when the certificate cannot be loaded or the address cannot be listened on
 */
export async function startWebhookServer(o: WebhookServerOptions): Promise<WebhookServer> {
  let pair = readKeyPair(o.certFile, o.keyFile);
  const metrics = webhookMetrics();
  const deadline = o.receiveDeadlineMs ?? RECEIVE_DEADLINE_MS;
  const app = Fastify({
    https: {
      cert: pair.cert,
      key: pair.key,
      minVersion: 'TLSv1.2',
      // Node looks for requests past their deadline every 30 s by default: a client trickling
      // its body would hold a connection for up to 35 s, past the API server's 10 s timeout.
      headersTimeout: deadline,
      requestTimeout: deadline,
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, deadline / 4)),
    },
    bodyLimit: MAX_BODY_BYTES,
    requestTimeout: deadline,
    return503OnClosing: true,
  });
  addErrorHandling(app);
  readBodiesAsBytes(app);
  const review = reviewer({
    parseJson: app.getDefaultJsonParser('error', 'error'),
    settings: o.settings,
    logger: o.logger,
    metrics,
  });
  addReviewRoutes(app, review);
  let closing = false;
  answerReviewsDirectly(app.server, {
    maxBodyBytes: MAX_BODY_BYTES,
    closing: () => closing,
    answer: (endpoint, body) => {
      const r = review(endpoint, body);
      if (!(r instanceof Error)) return r;
      const e = errorStatus(r as Error & { statusCode?: number });
      return { status: e.code, json: JSON.stringify(e.body) };
    },
  });
  app.get('/healthz', () => 'ok');
  app.get('/readyz', (_req, reply) =>
    pair.notAfter.getTime() > Date.now()
      ? reply.send('ok')
      : reply.code(503).send('the serving certificate has expired'),
  );
  const metricsText = async (): Promise<string> => metrics.registry.metrics();
  const metricsApp = o.metrics === undefined ? null : Fastify();
  const contentType = metrics.registry.contentType;
  if (metricsApp === null)
    app.get('/metrics', async (_req, reply) => reply.type(contentType).send(await metricsText()));
  else
    metricsApp.get('/metrics', async (_req, reply) =>
      reply.type(contentType).send(await metricsText()),
    );
  const reload = (): boolean => {
    try {
      if (stampOf([o.certFile, o.keyFile]) === pair.stamp) return false;
      const next = readKeyPair(o.certFile, o.keyFile);
      app.server.setSecureContext({ cert: next.cert, key: next.key, minVersion: 'TLSv1.2' });
      pair = next;
      o.logger.info({ notAfter: next.notAfter.toISOString() }, 'certificate reloaded');
      return true;
    } catch (e) {
      // Half-written files during a rotation: keep serving with the pair that works.
      o.logger.warn({ err: (e as Error).message }, 'certificate not reloaded');
      return false;
    }
  };
  const timer = setInterval(reload, o.reloadIntervalMs ?? 2_000);
  timer.unref();
  await app.listen({ host: o.host, port: o.port });
  if (metricsApp !== null && o.metrics !== undefined)
    await metricsApp.listen({ host: o.metrics.host, port: o.metrics.port });
  const addr = app.server.address() as AddressInfo;
  const maddr = metricsApp !== null ? (metricsApp.server.address() as AddressInfo) : null;
  return {
    url: `https://${o.host}:${String(addr.port)}`,
    ...(maddr !== null ? { metricsUrl: `http://${o.metrics!.host}:${String(maddr.port)}` } : {}),
    reloadCertificate: reload,
    close: async () => {
      closing = true;
      clearInterval(timer);
      await app.close();
      if (metricsApp !== null) await metricsApp.close();
    },
  };
}
