/**
 * Writing answers: JSON bodies, Status errors, and `Warning` headers as kube-apiserver sends them
 * (RFC 7234 warn-code 299 and agent `-`: k8s.io/apiserver pkg/endpoints/handlers/responsewriters).
 */
import type { FastifyReply } from 'fastify';
import { statusOf } from './status.js';

/** Answers a JSON body with a code and Content-Type. */
export function sendJson(
  reply: FastifyReply,
  code: number,
  body: unknown,
  contentType = 'application/json',
): FastifyReply {
  // A Buffer, so that fastify leaves the Content-Type as given (kubectl-compat §2: exact media type).
  return reply
    .code(code)
    .header('content-type', contentType)
    .send(Buffer.from(JSON.stringify(body), 'utf8'));
}

/** Answers any thrown value as a Status (never throws, never prints a stack). */
export function sendError(reply: FastifyReply, e: unknown): FastifyReply {
  const status = statusOf(e);
  return sendJson(reply, status.code, status);
}

/** One `Warning` header value: `299 - "text"`, quotes and backslashes escaped, on one line. */
export function warningHeader(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ').replace(/[\\"]/g, (c) => `\\${c}`);
  return `299 - "${clean}"`;
}

/** Adds the warnings to the reply (kubectl prints each as `Warning: text`). */
export function addWarnings(reply: FastifyReply, warnings: readonly string[]): void {
  if (warnings.length === 0) return;
  const prior = reply.getHeader('warning');
  const list =
    prior === undefined ? [] : Array.isArray(prior) ? prior.map(String) : [String(prior)];
  reply.header('warning', [...list, ...warnings.map(warningHeader)]);
}
