/**
 * The two upgrades the streaming subresources use: WebSocket (through `ws` in noServer mode,
 * with a negotiated subprotocol or a refusal before anything runs) and raw SPDY/3.1 (the 101 is
 * written by hand, echoing the negotiated `X-Stream-Protocol-Version`, kubectl-compat §11.10).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { SpdyConnection } from './spdy-connection.js';

/** The comma-separated values of a (possibly repeated) request header. */
export function headerValues(req: IncomingMessage, name: string): string[] {
  const raw = req.headers[name.toLowerCase()];
  const joined = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  return joined
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Which upgrade the client asked for. */
export function upgradeKind(req: IncomingMessage): 'websocket' | 'spdy' | undefined {
  const up = (req.headers['upgrade'] ?? '').toLowerCase();
  if (up === 'websocket') return 'websocket';
  if (up === 'spdy/3.1') return 'spdy';
  return undefined;
}

// `ws` rejects subprotocols that are not RFC 7230 tokens (`SPDY/3.1+portforward.k8s.io` has a
// `/`) before handleProtocols runs (kubectl-compat §11 gotcha 1): the header is rewritten to this
// alias before the handshake and mapped back in the 101.
const ALIAS_SUFFIX = '.sidecarctl-alias';
const toAlias = (p: string): string => p.replace(/\//g, '_') + ALIAS_SUFFIX;

const wss = new WebSocketServer({
  noServer: true,
  perMessageDeflate: false,
  clientTracking: false,
});
wss.on('headers', (headers: string[]) => {
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    if (h.toLowerCase().startsWith('sec-websocket-protocol:') && h.endsWith(ALIAS_SUFFIX)) {
      const value = h.slice(h.indexOf(':') + 1).trim();
      headers[i] =
        `Sec-WebSocket-Protocol: ${value.slice(0, -ALIAS_SUFFIX.length).replace(/_/g, '/')}`;
    }
  }
});

/** Completes a WebSocket handshake choosing `protocol` (the caller checked it was offered). */
export function acceptWebSocket(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  protocol: string,
): Promise<WebSocket> {
  const chosen = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(protocol) ? protocol : toAlias(protocol);
  req.headers['sec-websocket-protocol'] = chosen;
  return new Promise((resolve) => {
    wss.handleUpgrade(req, socket, head, (ws) => resolve(ws));
  });
}

/** Writes the SPDY 101 and runs a SpdyConnection over the socket. */
export function acceptSpdy(socket: Duplex, head: Buffer, protocolVersion: string): SpdyConnection {
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\n' +
      'Connection: Upgrade\r\n' +
      'Upgrade: SPDY/3.1\r\n' +
      `X-Stream-Protocol-Version: ${protocolVersion}\r\n\r\n`,
  );
  const conn = new SpdyConnection({
    write: (b, done) => void (socket.writable && socket.write(b, () => done?.())),
    backlog: () => socket.writableLength,
    close: () => void socket.end(),
  });
  socket.on('data', (b: Buffer) => conn.feed(b));
  socket.on('close', () => conn.dispose());
  socket.on('error', () => socket.destroy());
  if (head.length > 0) conn.feed(head);
  return conn;
}

/** Runs a SpdyConnection inside a WebSocket (binary messages, no channel byte). */
export function spdyOverWebSocket(ws: WebSocket): SpdyConnection {
  const conn = new SpdyConnection({
    write: (b, done) => void (ws.readyState === ws.OPEN && ws.send(b, () => done?.())),
    backlog: () => ws.bufferedAmount,
    close: () => ws.close(1000),
  });
  ws.on('message', (raw: Buffer | ArrayBuffer | Buffer[]) => {
    conn.feed(
      Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw),
    );
  });
  ws.on('close', () => conn.dispose());
  ws.on('error', () => ws.terminate());
  return conn;
}
