/**
 * The `upgrade` event of the HTTPS server: exec, attach and port-forward (WebSocket or SPDY)
 * go to the stream handler after the token check; anything else is refused on the raw socket
 * with a Status (401 without the token, 404 for another path, 400 when serve has no stream
 * handler), so kubectl prints the apiserver's kind of error (kubectl-compat §11).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { StreamHandler } from './deps.js';
import { parseResourcePath } from './request-path.js';
import { badRequest, pathNotFound, statusOf, unauthorized } from './status.js';

/** The subresources that take an upgrade. */
export const STREAM_SUBRESOURCES: readonly string[] = ['exec', 'attach', 'portforward'];

/** Whether a URL path is `.../namespaces/{ns}/pods/{name}/{exec|attach|portforward}`. */
export function isStreamPath(path: string): boolean {
  const p = parseResourcePath(path);
  return (
    p !== undefined &&
    p.group === '' &&
    p.version === 'v1' &&
    p.resource === 'pods' &&
    p.namespace !== undefined &&
    p.name !== undefined &&
    STREAM_SUBRESOURCES.includes(p.subresource ?? '')
  );
}

/** Writes a Status as a complete HTTP/1.1 response on a raw socket and closes it. */
export function refuseSocket(socket: Duplex, e: unknown): void {
  const status = statusOf(e);
  const body = JSON.stringify(status);
  const reason =
    status.code === 401 ? 'Unauthorized' : status.code === 404 ? 'Not Found' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${String(status.code)} ${reason}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${String(Buffer.byteLength(body))}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

/** The `upgrade` listener: token check, path check, then the handler. */
export function upgradeListener(
  authorized: (authorization: string | undefined) => boolean,
  handler: StreamHandler | undefined,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (!authorized(req.headers.authorization)) return refuseSocket(socket, unauthorized());
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!isStreamPath(path)) return refuseSocket(socket, pathNotFound());
    if (handler === undefined)
      return refuseSocket(
        socket,
        badRequest('exec, attach and port-forward are not available: serve runs no stream handler'),
      );
    try {
      handler.upgrade(req, socket, head);
    } catch (e) {
      refuseSocket(socket, e);
    }
  };
}
