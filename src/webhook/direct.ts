/**
 * Reviews answered by Node's HTTPS server before fastify sees them. A review answered from the
 * memo costs little of its own; fastify's routing, request and reply objects, body parser and
 * hooks then weigh as much as the rest of the answer. Only the common request is taken here: a
 * `POST /mutate` or `/validate` (any query, as kube-apiserver adds `?timeout=10s`) with a JSON
 * content type and a `Content-Length` within the body cap, while the server is not closing.
 * Anything else goes to fastify untouched (chunked or empty bodies, other types, 413s, 503s while
 * closing), and the answer itself comes from the same function as fastify's route (server.ts),
 * so the bytes answered are the same either way.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:https';
import { statusBody } from './reviewer.js';

export interface DirectReviews {
  readonly maxBodyBytes: number;
  /** The status and JSON to answer a body received whole at an endpoint. */
  answer(endpoint: 'mutate' | 'validate', body: Buffer): { status: number; json: string };
  closing(): boolean;
}

const JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8']);
const JSON_TYPE = 'application/json; charset=utf-8';
const LENGTH = /^\d{1,9}$/;

/** The endpoint of a request this file answers, or null for fastify. */
function endpointOf(req: IncomingMessage, d: DirectReviews): 'mutate' | 'validate' | null {
  if (req.method !== 'POST' || d.closing()) return null;
  const url = req.url ?? '';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const endpoint = path === '/mutate' ? 'mutate' : path === '/validate' ? 'validate' : null;
  if (endpoint === null) return null;
  const h = req.headers;
  if (!JSON_TYPES.has(h['content-type'] ?? '') || h['transfer-encoding'] !== undefined) return null;
  const length = h['content-length'] ?? '';
  if (!LENGTH.test(length)) return null;
  const n = Number(length);
  return n > 0 && n <= d.maxBodyBytes ? endpoint : null;
}

/** Reads the body, then answers; nothing when the client goes away first. */
function answer(
  req: IncomingMessage,
  res: ServerResponse,
  endpoint: 'mutate' | 'validate',
  d: DirectReviews,
): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  // A client gone mid-body: no answer to give (and no unhandled 'error').
  req.on('error', () => undefined);
  req.on('end', () => {
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    let a: { status: number; json: string };
    try {
      a = d.answer(endpoint, body);
    } catch {
      // The answer catches its own errors; this only keeps an event handler from ending the process.
      a = {
        status: 500,
        json: JSON.stringify(statusBody(500, 'InternalError', 'sidecarctl could not review')),
      };
    }
    res
      .writeHead(a.status, {
        'content-type': JSON_TYPE,
        'content-length': String(Buffer.byteLength(a.json)),
      })
      .end(a.json);
  });
}

/**
 * Puts the direct answer in front of the server's request listener (fastify's).
 * @returns false, changing nothing, when the server does not have exactly one
 */
export function answerReviewsDirectly(server: Server, d: DirectReviews): boolean {
  const listeners = server.listeners('request');
  if (listeners.length !== 1) return false;
  const next = listeners[0] as (req: IncomingMessage, res: ServerResponse) => void;
  server.removeListener('request', next);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const endpoint = endpointOf(req, d);
    if (endpoint === null) next(req, res);
    else answer(req, res, endpoint, d);
  });
  return true;
}
