/**
 * A real browser for the page's tests and its benchmark: Debian's chromium (`/usr/bin/chromium`,
 * or `CHROMIUM_PATH`) driven by playwright-core, which downloads no browser of its own. Where
 * there is no chromium the tests skip and say how to get one (`.ci/run` installs it with apt-get
 * where it can).
 */
import { accessSync, constants } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The chromium to drive: `CHROMIUM_PATH` when set, else Debian's; null when there is none. */
export function chromiumPath(): string | null {
  const env = process.env['CHROMIUM_PATH'];
  if (env !== undefined && env !== '') return executable(env) ? env : null;
  return CANDIDATES.find(executable) ?? null;
}

/** Why browser tests cannot run here (for node:test's `{ skip }`), or false when they can. */
export function skipReason(): string | false {
  const env = process.env['CHROMIUM_PATH'];
  if (env !== undefined && env !== '' && !executable(env))
    return `CHROMIUM_PATH=${env} is not an executable file`;
  if (chromiumPath() === null)
    return "no chromium at /usr/bin/chromium: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH";
  return false;
}

/** Starts chromium headless (no sandbox: CI runs as root). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (executablePath === null) throw new Error(String(skipReason()));
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--font-render-hinting=none', '--disable-gpu'],
  });
}

/** A tiny local server for a page and its event stream: `page` at `/`, SSE clients at `/events`. */
export interface PageServer {
  readonly url: string;
  /** Open event streams, in the order they connected. */
  readonly streams: ServerResponse[];
  /** Resolves when the next stream connects. */
  nextStream(): Promise<ServerResponse>;
  /** Sends one message to every open stream. */
  send(event: string, data: unknown): void;
  /** Ends every open stream (the browser then reconnects) and, with `refuse`, refuses new ones with 503. */
  dropStreams(refuse?: boolean): void;
  close(): Promise<void>;
}

/** Serves `html` at `/` and server-sent events at `/events` on 127.0.0.1. */
export async function pageServer(html: string): Promise<PageServer> {
  const streams: ServerResponse[] = [];
  const waiting: ((r: ServerResponse) => void)[] = [];
  let refuse = false;
  const server: Server = createServer((req, res) => {
    if (req.url === '/events') {
      if (refuse) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write('retry: 200\n\n');
      streams.push(res);
      res.on('close', () => streams.splice(streams.indexOf(res) >>> 0, 1));
      waiting.splice(0).forEach((w) => w(res));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}/`,
    streams,
    nextStream: () => new Promise((resolve) => waiting.push(resolve)),
    send(event, data) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
      for (const s of streams) s.write(frame);
    },
    dropStreams(r = false) {
      refuse = r;
      for (const s of [...streams]) s.end();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of [...streams]) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
