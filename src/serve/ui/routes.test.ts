/**
 * The /ui routes on serve's HTTPS server: the token traded for a cookie and a 303 without it,
 * 401 (one line, never the page) without the cookie or with a wrong token, the cookie never
 * opening the API, the event stream's framing, the log followed as it grows, and every stream
 * ended when the server closes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { resolveVersion } from '../../model/versions.js';
import type { UiPodPanel } from '../../ui/model.js';
import type { PodBackend, PodLogOptions } from '../backend.js';
import { startServe, type Started } from '../start.js';
import { MemoryStore } from '../store/memory-store.js';
import { ApiError } from '../store/api-error.js';
import type { KubeObject } from '../store/types.js';
import { UI_COOKIE } from './cookie.js';
import { UiHub } from './hub.js';

const VERSION = resolveVersion('1.33');

interface Res {
  readonly code: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

const fakePanelOf = (): UiPodPanel => ({
  key: '',
  namespace: '',
  name: '',
  k8sVersion: '1.33',
  row: { ready: '', status: '', restarts: '', age: '' },
  phase: '',
  conditions: [],
  containers: [],
  lanesSvg: '<svg></svg>',
  events: [],
});

/** A backend whose log of default/p/app is a stream the test writes to. */
class FakeBackend implements PodBackend {
  readonly log = new PassThrough();
  asked: PodLogOptions | null = null;
  logs(namespace: string, pod: string, opts: PodLogOptions): Readable {
    if (pod !== 'p') throw ApiError.notFound('pods', pod);
    this.asked = opts;
    return this.log;
  }
  execTarget(): never {
    throw new Error('no exec');
  }
}

describe('serve /ui', () => {
  let dir: string;
  let store: MemoryStore;
  let hub: UiHub;
  let started: Started;
  const backend = new FakeBackend();

  /** Opens a request; resolves with the response once its headers are in. */
  function open(
    path: string,
    headers: Record<string, string> = {},
    method = 'GET',
  ): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      request(new URL(path, started.url), { method, headers, ca: started.caCert }, resolve)
        .on('error', reject)
        .end();
    });
  }

  async function get(path: string, headers: Record<string, string> = {}): Promise<Res> {
    const res = await open(path, headers);
    let body = '';
    res.setEncoding('utf8').on('data', (d: string) => (body += d));
    await new Promise((r) => res.on('end', r));
    return { code: res.statusCode ?? 0, headers: res.headers, body };
  }

  /** What a streaming response has sent so far, and a wait for what is to come. */
  function collect(res: IncomingMessage): {
    text: () => string;
    until: (ok: (t: string) => boolean) => Promise<string>;
  } {
    let text = '';
    const waiters: (() => void)[] = [];
    const wake = (): void => {
      for (const w of waiters.splice(0)) w();
    };
    res.setEncoding('utf8').on('data', (d: string) => {
      text += d;
      wake();
    });
    res.on('end', wake);
    const until = async (ok: (t: string) => boolean): Promise<string> => {
      while (!ok(text)) {
        if (res.readableEnded) throw new Error(`the stream ended with: ${text}`);
        await new Promise<void>((r) => waiters.push(r));
      }
      return text;
    };
    return { text: () => text, until };
  }

  let cookie = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sidecarctl-ui-routes-'));
    store = new MemoryStore();
    hub = new UiHub({ store, version: VERSION, panelOf: fakePanelOf, coalesceMs: 10 });
    hub.start();
    started = await startServe({
      store,
      version: VERSION,
      stateDir: dir,
      kubeconfigPath: join(dir, 'kubeconfig'),
      backend,
      ui: {
        hub,
        renderPage: (page) =>
          `<!DOCTYPE html><title>${page.title}</title>${page.mode} ${String(page.eventsUrl)} ${String(page.panels.length)}`,
      },
    });
  });

  after(async () => {
    hub.stop();
    await started.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('trades the token in the URL for a cookie (HttpOnly, Secure, SameSite=Strict, Path=/ui) and a 303 to /ui/', async () => {
    const r = await get(`/ui/?token=${encodeURIComponent(started.token)}`);
    assert.equal(r.code, 303);
    assert.equal(r.headers.location, '/ui/');
    const set = String(r.headers['set-cookie']);
    assert.match(
      set,
      new RegExp(`^${UI_COOKIE}=[0-9a-f]{64}; Path=/ui; HttpOnly; Secure; SameSite=Strict$`),
    );
    assert.ok(!set.includes(started.token), 'the cookie is not the token');
    assert.equal(r.headers['referrer-policy'], 'no-referrer');
    cookie = set.split(';')[0]!;
    const page = await get('/ui/', { cookie });
    assert.equal(page.code, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(page.body, '<!DOCTYPE html><title>sidecarctl serve</title>live /ui/events 0');
    assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal((await get('/ui', { cookie })).headers.location, '/ui/');
  });

  it('answers 401 with one line, never the page, without the cookie or with a wrong token', async () => {
    for (const [path, headers] of [
      ['/ui/', {}],
      ['/ui/', { cookie: `${UI_COOKIE}=${'0'.repeat(64)}` }],
      ['/ui/', { cookie: `${UI_COOKIE}=${started.token}` }],
      ['/ui/?token=nope', {}],
      ['/ui/events', {}],
      ['/ui/logs/default/p/app', {}],
      ['/ui/anything', {}],
    ] as const) {
      const r = await get(path, headers);
      assert.equal(r.code, 401, path);
      assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8', path);
      assert.match(r.body, /^Unauthorized: [^\n]+\n$/, path);
      assert.equal(r.headers['set-cookie'], undefined, path);
    }
  });

  it('opens /ui with the bearer token too, but never /api with the cookie', async () => {
    assert.equal((await get('/ui/', { authorization: `Bearer ${started.token}` })).code, 200);
    for (const path of ['/api', '/api/v1/namespaces/default/pods', '/apis'])
      assert.equal((await get(path, { cookie })).code, 401, path);
    assert.equal((await get('/api', { authorization: `Bearer ${started.token}` })).code, 200);
  });

  it('streams reset first, then a panel when a pod changes and gone when it is removed', async () => {
    const res = await open('/ui/events', { cookie });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'no-store');
    const s = collect(res);
    await s.until((t) => t.includes('event: reset'));
    store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' } as KubeObject['metadata'],
      spec: { containers: [{ name: 'app', image: 'busybox' }] },
    });
    await s.until((t) => t.includes('event: panel'));
    store.remove('pods', 'default', 'p');
    const text = await s.until((t) => t.includes('event: gone'));
    res.destroy();
    const frames = text.split('\n\n').filter((f) => f !== '');
    assert.equal(frames[0], 'retry: 2000');
    assert.equal(frames[1], 'event: reset\ndata: []');
    const panel = frames.find((f) => f.startsWith('event: panel\n'))!;
    const [, data] = /^event: panel\ndata: (.*)$/.exec(panel)!;
    assert.equal((JSON.parse(data!) as UiPodPanel).key, 'default/p');
    assert.equal(frames[frames.length - 1], 'event: gone\ndata: {"key":"default/p"}');
  });

  it("follows a container's log: lines written later arrive on the open response", async () => {
    const res = await open('/ui/logs/default/p/app', { cookie });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
    assert.deepEqual(backend.asked, { container: 'app', follow: true });
    const s = collect(res);
    backend.log.write('first line\n');
    await s.until((t) => t === 'first line\n');
    backend.log.write('second line\n');
    assert.equal(await s.until((t) => t.includes('second')), 'first line\nsecond line\n');
    backend.log.end();
    await new Promise((r) => res.on('end', r));
    const missing = await get('/ui/logs/default/nope/app', { cookie });
    assert.deepEqual([missing.code, missing.body], [404, 'pods "nope" not found\n']);
  });

  it('ends open event streams when the server closes', async () => {
    const other = await startServe({
      store,
      version: VERSION,
      stateDir: dir,
      kubeconfigPath: join(dir, 'kubeconfig2'),
      ui: { hub, renderPage: () => '' },
    });
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      request(new URL('/ui/events', other.url), { headers: { cookie }, ca: other.caCert }, resolve)
        .on('error', reject)
        .end();
    });
    await collect(res).until((t) => t.includes('event: reset'));
    const ended = new Promise<string>((resolve) => {
      res.on('end', () => resolve('end'));
      res.on('error', () => resolve('error'));
      res.on('close', () => resolve('close'));
    });
    await other.server.close();
    assert.equal(await ended, 'end');
  });
});
