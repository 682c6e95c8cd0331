/**
 * port-forward over SPDY (`portforward.k8s.io`), raw or tunnelled in kubectl 1.31+'s WebSocket:
 * per forwarded connection kubectl opens an `error` and a `data` stream with the same `requestid`
 * and `port` (kubelet `pkg/kubelet/cri/streaming/portforward/httpstream.go` requestID /
 * getStreamPair). When the target closes, both streams are FINed: kubectl closes its local socket
 * only once the error stream ends (kubectl-compat §11 gotcha 6). Anything written on the error
 * stream ends the whole `kubectl port-forward` (gotcha 7), so only a failed connect writes there.
 */
import type { Socket } from 'node:net';
import type { SpdyConnection, SpdyStream } from './spdy-connection.js';

/** Opens a connection to a port inside the pod. */
export type Connect = (port: number) => Promise<Socket>;

interface Pair {
  error?: SpdyStream;
  data?: SpdyStream;
}

/** Serves port-forward streams on one SPDY connection. */
export function servePortForward(conn: SpdyConnection, connect: Connect, podName: string): void {
  const pairs = new Map<string, Pair>();
  const open = new Set<Socket>();
  conn.on('stream', (s: SpdyStream) => {
    const type = s.headers['streamtype'];
    const id = s.headers['requestid'] ?? String(type === 'data' ? s.id - 2 : s.id);
    if (type !== 'error' && type !== 'data') return s.reset();
    const pair = pairs.get(id) ?? {};
    if (pair[type] !== undefined) return s.reset();
    pair[type] = s;
    pairs.set(id, pair);
    if (pair.error !== undefined && pair.data !== undefined) {
      pairs.delete(id);
      forward(pair.error, pair.data, s.headers['port'] ?? '', connect, podName, open);
    }
  });
  conn.on('close', () => {
    for (const sock of open) sock.destroy();
  });
}

function forward(
  error: SpdyStream,
  data: SpdyStream,
  portText: string,
  connect: Connect,
  podName: string,
  open: Set<Socket>,
): void {
  const port = Number(portText);
  const early: Buffer[] = [];
  let clientEnded = false;
  let gone = false;
  data.on('data', (c: Buffer) => early.push(c));
  data.on('end', () => (clientEnded = true));
  data.on('reset', () => (gone = true));
  const fail = (why: string): void => {
    error.write(Buffer.from(`error forwarding port ${portText} to pod ${podName}: ${why}`));
    error.end();
    data.end();
  };
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return fail(`invalid port "${portText}"`);
  connect(port).then(
    (sock) => {
      if (gone) return void sock.destroy();
      open.add(sock);
      data.removeAllListeners('data').removeAllListeners('end');
      for (const c of early) sock.write(c);
      if (clientEnded) sock.end();
      data.on('data', (c: Buffer) => sock.write(c));
      data.on('end', () => sock.end());
      data.on('reset', () => sock.destroy());
      sock.on('data', (c: Buffer) => data.write(c));
      sock.on('error', () => undefined);
      sock.on('close', () => {
        open.delete(sock);
        data.end();
        error.end();
      });
    },
    (err: unknown) => fail(err instanceof Error ? err.message : String(err)),
  );
}
