/**
 * Server-sent events (the WHATWG `text/event-stream` format) for `/ui/events`: one message is
 * `event: NAME`, `data: JSON` (JSON.stringify never writes a raw newline, so one data line) and a
 * blank line; a comment line (`: ...`) every so often keeps the connection from looking idle to
 * proxies and browsers. The stream ends cleanly (`res.end()`) when the server closes.
 */
import type { ServerResponse } from 'node:http';
import type { UiStreamMessage } from '../../ui/model.js';

/** How often a comment line is sent when nothing else is (ms). */
export const HEARTBEAT_MS = 15_000;

/** One message as it goes on the wire. */
export function sseFrame(m: UiStreamMessage): string {
  return `event: ${m.event}\ndata: ${JSON.stringify(m.data)}\n\n`;
}

/** The heartbeat: a comment, ignored by EventSource. */
export const SSE_HEARTBEAT = ': keep-alive\n\n';

/** An open event stream. */
export interface EventStream {
  send(m: UiStreamMessage): void;
  /** Ends the response (idempotent). */
  close(): void;
  /** Resolves when the stream is over (closed by either side). */
  readonly closed: Promise<void>;
}

/**
 * Starts an event stream on `res`: the headers, a `retry` hint, then heartbeats until it ends.
 * Writes after the client left are dropped.
 */
export function openEventStream(res: ServerResponse, heartbeatMs = HEARTBEAT_MS): EventStream {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  const timer = setInterval(() => write(SSE_HEARTBEAT), heartbeatMs);
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  function write(text: string): void {
    if (!res.writableEnded && !res.destroyed) res.write(text);
  }
  const close = (): void => {
    clearInterval(timer);
    if (!res.writableEnded) res.end();
    resolveClosed();
  };
  res.on('close', close);
  return { send: (m) => write(sseFrame(m)), close, closed };
}
