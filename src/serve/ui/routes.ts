/**
 * The `/ui` routes of serve's HTTPS server (same origin and port as the API):
 * - `GET /ui/?token=T`: the serve token traded for the UI cookie (cookie.ts), then a 303 to `/ui/`
 *   so that the token leaves the address bar; a wrong token is a 401;
 * - `GET /ui/`: the live page (src/ui/page.ts renderUiPage, mode `live`) with every pod's panel;
 * - `GET /ui/events`: the `text/event-stream` of the hub (hub.ts, sse.ts);
 * - `GET /ui/logs/NS/POD/CONTAINER`: the container's log, following (as `kubectl logs -f`).
 * Each needs the UI cookie or the bearer token; without them the answer is a one-line 401, never
 * the page. Nothing under /ui writes: the page only reads.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UiPage } from '../../ui/model.js';
import { renderUiPage } from '../../ui/page.js';
import type { PodBackend } from '../backend.js';
import { statusOf } from '../http/status.js';
import { setUiCookie, uiCookieChecker } from './cookie.js';
import type { UiHub } from './hub.js';
import { HEARTBEAT_MS, openEventStream } from './sse.js';

/** What serve needs to answer /ui. */
export interface UiOptions {
  readonly hub: UiHub;
  /** Default: src/ui/page.ts renderUiPage. */
  readonly renderPage?: (page: UiPage) => string;
  readonly title?: string;
  readonly heartbeatMs?: number;
}

/** What registerUiRoutes takes from the server. */
export interface UiRouteDeps {
  readonly ui: UiOptions;
  readonly token: string;
  /** The bearer-token check of the API (auth.ts). */
  readonly bearer: (authorization: string | undefined) => boolean;
  readonly backend?: PodBackend | undefined;
}

/** Whether a path (no query) is the UI's. */
export function isUiPath(path: string): boolean {
  return path === '/ui' || path.startsWith('/ui/');
}

const NEED_LOGIN =
  'Unauthorized: open the /ui/?token=... address that sidecarctl serve printed (or send its bearer token)\n';
const WRONG_TOKEN = "Unauthorized: that token is not this serve's; open the address it printed\n";

const COMMON_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/** The page draws everything itself: inline script and style, nothing from elsewhere. */
const PAGE_CSP =
  "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function text(reply: FastifyReply, code: number, body: string): FastifyReply {
  return reply
    .code(code)
    .headers(COMMON_HEADERS)
    .header('content-type', 'text/plain; charset=utf-8')
    .send(body);
}

/** Writes a chunked text/plain stream to `res` until it ends; the closer ends it early. */
function pipeLog(
  res: ServerResponse,
  stream: NodeJS.ReadableStream & { destroy(): void },
  open: Set<() => void>,
): void {
  res.writeHead(200, { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
  res.flushHeaders();
  const close = (): void => {
    stream.destroy();
    if (!res.writableEnded) res.end();
  };
  open.add(close);
  res.on('close', () => {
    open.delete(close);
    stream.destroy();
  });
  stream.on('error', () => close());
  stream.pipe(res);
}

/** Registers the UI routes; their streams end when the server closes. */
export function registerUiRoutes(app: FastifyInstance, deps: UiRouteDeps): void {
  const cookieOk = uiCookieChecker(deps.token);
  const open = new Set<() => void>();
  const authorized = (req: FastifyRequest): boolean =>
    cookieOk(req.headers.cookie) || deps.bearer(req.headers.authorization);
  app.addHook('preClose', (done) => {
    for (const close of [...open]) close();
    done();
  });

  app.get('/ui', (req, reply) => {
    const q = req.url.indexOf('?');
    return reply.headers(COMMON_HEADERS).redirect(`/ui/${q < 0 ? '' : req.url.slice(q)}`, 303);
  });

  app.get('/ui/', (req, reply) => {
    const token = new URLSearchParams(req.url.split('?')[1] ?? '').get('token');
    if (token !== null) {
      if (!deps.bearer(`Bearer ${token}`)) return text(reply, 401, WRONG_TOKEN);
      return reply
        .headers(COMMON_HEADERS)
        .header('set-cookie', setUiCookie(deps.token))
        .redirect('/ui/', 303);
    }
    if (!authorized(req)) return text(reply, 401, NEED_LOGIN);
    const html = (deps.ui.renderPage ?? renderUiPage)({
      title: deps.ui.title ?? 'sidecarctl serve',
      mode: 'live',
      eventsUrl: '/ui/events',
      panels: deps.ui.hub.panels(),
    });
    return reply
      .code(200)
      .headers(COMMON_HEADERS)
      .header('content-security-policy', PAGE_CSP)
      .header('content-type', 'text/html; charset=utf-8')
      .send(html);
  });

  app.get('/ui/events', (req, reply) => {
    if (!authorized(req)) return text(reply, 401, NEED_LOGIN);
    reply.hijack();
    const res = reply.raw;
    const stream = openEventStream(res, deps.ui.heartbeatMs ?? HEARTBEAT_MS);
    const unsubscribe = deps.ui.hub.subscribe((m) => stream.send(m));
    open.add(stream.close);
    void stream.closed.then(() => {
      unsubscribe();
      open.delete(stream.close);
    });
    return reply;
  });

  app.get<{ Params: { ns: string; pod: string; container: string } }>(
    '/ui/logs/:ns/:pod/:container',
    (req, reply) => {
      if (!authorized(req)) return text(reply, 401, NEED_LOGIN);
      const { ns, pod, container } = req.params;
      if (deps.backend === undefined) return text(reply, 404, 'serve runs no kubelet: no logs\n');
      let stream;
      try {
        stream = deps.backend.logs(ns, pod, { container, follow: true });
      } catch (e) {
        const s = statusOf(e);
        return text(reply, s.code, `${s.message}\n`);
      }
      reply.hijack();
      pipeLog(reply.raw, stream, open);
      return reply;
    },
  );

  app.get('/ui/*', (req, reply) =>
    authorized(req) ? text(reply, 404, 'no such page\n') : text(reply, 401, NEED_LOGIN),
  );
}
