/**
 * serve's live UI in a real browser (issue 12's "Must show"): the built CLI serves, Debian's
 * chromium (driven by playwright-core) opens the URL serve printed, and the real kubectl applies
 * and deletes the seed's native-sidecar pod. The page must show the pod appear, its sidecars
 * starting before the app (events and lanes), the app stopping before the sidecars when the pod
 * is deleted (the kubelet's order), and the same events as `kubectl get events`. Every wait is
 * for a condition (page.waitForFunction, kubectl wait), bounded by generous deadlines: the
 * machine is loaded.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { namespacesOrSkip } from '../src/runtime/isolation/namespaces.test-support.js';
import { launchBrowser, skipReason } from '../src/ui/browser.test-support.js';
import { CLI, ROOT } from './cli-helper.js';

const KEY = 'default/native-sidecar';
const SIDECARS = ['log-collector', 'proxy'];

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
const { skip: nsSkip } = await namespacesOrSkip();
const skip = !hasKubectl
  ? 'kubectl is not on PATH: the serve UI test drives the real kubectl'
  : skipReason() || nsSkip;

interface Row {
  readonly reason: string;
  readonly object: string;
  readonly message: string;
}

let dir = '';
let kubeconfig = '';
let serve: ChildProcess | null = null;
let serveErr = '';
let uiUrl = '';
let browser: Browser | null = null;
let page: Page | null = null;

function kubectl(
  args: readonly string[],
  timeoutMs = 150_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'kube-cache'), ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `kubectl get events -o json` for the pod, as rows (kubectl's OBJECT: kind/name). */
async function kubectlEvents(): Promise<Row[]> {
  const r = await kubectl(['get', 'events', '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const list = JSON.parse(r.stdout) as {
    items: { reason: string; message: string; involvedObject: { kind: string; name: string } }[];
  };
  return list.items
    .filter((e) => e.involvedObject.kind === 'Pod' && e.involvedObject.name === 'native-sidecar')
    .map((e) => ({
      reason: e.reason,
      object: `${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}`,
      message: e.message.trim(),
    }));
}

/**
 * Page-side code is written as strings (the project's TypeScript has no DOM types): `PANEL` is
 * an expression for the pod's panel element, or undefined.
 */
const PANEL = `[...document.querySelectorAll('section.panel')].find((s) => s.getAttribute('data-key') === ${JSON.stringify(KEY)})`;

/** The rows of the pod's events table as the page shows them. */
function pageEvents(p: Page): Promise<Row[]> {
  return p.evaluate<Row[]>(`(() => {
    const panel = ${PANEL};
    if (panel === undefined) return [];
    return [...panel.querySelectorAll('table.events tbody tr')]
      .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))
      .filter((cells) => cells.length === 5)
      .map((cells) => ({ reason: cells[2], object: cells[3], message: cells[4] }));
  })()`);
}

interface Marker {
  readonly marker: string;
  readonly container: string;
  readonly signal: string;
  readonly t: number;
}

/** The signal and exit markers of the pod's lanes as the page draws them, in document order. */
function pageMarkers(p: Page): Promise<Marker[]> {
  return p.evaluate<Marker[]>(`(() => {
    const panel = ${PANEL};
    if (panel === undefined) return [];
    return [...panel.querySelectorAll('.lanes [data-marker="signal"], .lanes [data-marker="exit"]')]
      .map((m) => ({
        marker: m.getAttribute('data-marker'),
        container: m.getAttribute('data-container'),
        signal: m.getAttribute('data-signal') ?? '',
        t: Number(m.getAttribute('data-t')),
      }));
  })()`);
}

/** Where each lane's last bar ends in the page's drawing (SVG x), by container. */
function pageLaneEnds(p: Page): Promise<Record<string, number>> {
  return p.evaluate<Record<string, number>>(`(() => {
    const panel = ${PANEL};
    const out = {};
    for (const g of panel === undefined ? [] : panel.querySelectorAll('.lanes g[data-lane]')) {
      const ends = [...g.querySelectorAll('rect[data-state]')]
        .map((r) => Number(r.getAttribute('x')) + Number(r.getAttribute('width')));
      out[g.getAttribute('data-lane')] = ends.length === 0 ? NaN : Math.max(...ends);
    }
    return out;
  })()`);
}

describe('serve /ui in chromium with the real kubectl', { skip, timeout: 900_000 }, () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sidecarctl-serve-ui-'));
    kubeconfig = join(dir, 'kubeconfig');
    serve = spawn(
      process.execPath,
      [CLI, 'serve', '--state-dir', join(dir, 'state'), '--kubeconfig', kubeconfig],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    serve.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    uiUrl = await new Promise<string>((resolve, reject) => {
      serve!.stderr!.setEncoding('utf8').on('data', (d: string) => {
        serveErr += d;
        const m = /live pod timelines: open (https:\/\/\S+\/ui\/\?token=\S+)\n/.exec(serveErr);
        if (m !== null) resolve(m[1]!);
      });
      serve!.once('exit', (code) => reject(new Error(`serve exited ${String(code)}: ${serveErr}`)));
    });
    assert.match(
      out,
      /^serving the Kubernetes API on https:\/\/127\.0\.0\.1:\d+; export KUBECONFIG=/,
    );
    browser = await launchBrowser();
    // serve's certificate is signed by its own CA (in the kubeconfig), not one chromium trusts.
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    page.setDefaultTimeout(150_000);
  });

  after(async () => {
    await browser?.close();
    if (serve !== null && serve.exitCode === null && serve.signalCode === null) {
      serve.kill('SIGKILL');
      await new Promise((r) => serve!.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens with the printed URL: the token becomes a cookie and leaves the address bar', async () => {
    const p = page!;
    await p.goto(uiUrl);
    assert.equal(new URL(p.url()).pathname, '/ui/');
    assert.equal(new URL(p.url()).search, '', 'no token in the address bar');
    const cookies = await p.context().cookies();
    const ui = cookies.find((c) => c.name === 'sidecarctl_ui');
    assert.ok(ui !== undefined, JSON.stringify(cookies));
    assert.deepEqual([ui.httpOnly, ui.secure, ui.sameSite, ui.path], [true, true, 'Strict', '/ui']);
    // The page's own script runs under the page's Content-Security-Policy: it connects.
    await p.waitForSelector('#conn[data-state="live"]');
    // From here on the test's own page-side code runs too (waitForFunction evaluates strings,
    // which the policy forbids): a second tab, the policy bypassed, the same cookie.
    const context = await browser!.newContext({
      ignoreHTTPSErrors: true,
      bypassCSP: true,
      viewport: { width: 1280, height: 900 },
    });
    await context.addCookies(cookies);
    await p.close();
    page = await context.newPage();
    page.setDefaultTimeout(150_000);
    await page.goto(new URL('/ui/', uiUrl).href);
    await page.waitForSelector('#conn[data-state="live"]');
  });

  it("shows the pod applied with kubectl, its sidecars starting before the app, and kubectl's events", async () => {
    const p = page!;
    const applied = await kubectl(['apply', '-f', join(ROOT, 'examples/run/native-sidecar.yaml')]);
    assert.equal(applied.stdout, 'pod/native-sidecar created\n', applied.stderr);
    await p.waitForSelector(`section.panel[data-key="${KEY}"]`);
    const ready = await kubectl(
      ['wait', '--for=condition=Ready', 'pod/native-sidecar', '--timeout=240s'],
      300_000,
    );
    assert.equal(ready.stdout, 'pod/native-sidecar condition met\n', ready.stderr + serveErr);
    // The page catches up: READY 3/3 in the row, and the app's Started event in the table.
    await p.waitForFunction(`(() => {
      const panel = ${PANEL};
      const text = panel === undefined ? '' : panel.textContent;
      return text.includes('3/3') && text.includes('Started container app');
    })()`);
    // Events: the page lists what kubectl lists (they are stable once the pod is Ready).
    let want = await kubectlEvents();
    await p.waitForFunction(`(() => {
      const panel = ${PANEL};
      return panel !== undefined &&
        panel.querySelectorAll('table.events tbody tr').length >= ${String(want.length)};
    })()`);
    want = await kubectlEvents();
    assert.deepEqual(await pageEvents(p), want);
    const started = want.filter((r) => r.reason === 'Started').map((r) => r.message);
    assert.deepEqual(started, [
      'Started container init-logs',
      'Started container log-collector',
      'Started container proxy',
      'Started container app',
    ]);
    // The lanes: each sidecar's bar begins before the app's, and the proxy is started (its
    // startupProbe passed: running or ready) before the app's bar begins.
    const lanes = await p.evaluate<Record<string, number>>(`(() => {
      const panel = ${PANEL};
      const firstX = (lane, states) => {
        const g = [...panel.querySelectorAll('g[data-lane]')].find((e) => e.getAttribute('data-lane') === lane);
        const xs = [...(g ? g.querySelectorAll('rect[data-state]') : [])]
          .filter((r) => states.includes(r.getAttribute('data-state')))
          .map((r) => Number(r.getAttribute('x')));
        return xs.length === 0 ? NaN : Math.min(...xs);
      };
      const any = ['starting', 'running', 'ready', 'terminating', 'exited'];
      return {
        app: firstX('app', any),
        'log-collector': firstX('log-collector', any),
        proxy: firstX('proxy', any),
        proxyStarted: firstX('proxy', ['running', 'ready']),
      };
    })()`);
    for (const s of SIDECARS) assert.ok(lanes[s]! < lanes['app']!, JSON.stringify(lanes));
    assert.ok(lanes['proxyStarted']! <= lanes['app']!, JSON.stringify(lanes));
  });

  it("follows a container's log through the page's link, as kubectl logs -f does", async () => {
    const p = page!;
    const href = await p.evaluate<string | null>(`(() => {
      const a = [...${PANEL}.querySelectorAll('a')].find((x) => x.textContent === 'logs' &&
        x.getAttribute('href').endsWith('/log-collector'));
      return a === undefined ? null : a.getAttribute('href');
    })()`);
    assert.equal(href, '/ui/logs/default/native-sidecar/log-collector');
    // The response stays open and brings lines written after it started (the app writes one
    // every 2 s): read until a request number later than the first one seen.
    const text = await p.evaluate<string>(`(async () => {
      const res = await fetch(${JSON.stringify(href)});
      if (res.headers.get('content-type') !== 'text/plain; charset=utf-8') return 'bad type';
      const reader = res.body.getReader();
      const dec = new TextDecoder();
      let text = '';
      let first = null;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return text + '[ended]';
        text += dec.decode(value, { stream: true });
        const nums = [...text.matchAll(/collected: request (\\d+):/g)].map((m) => Number(m[1]));
        if (first === null && nums.length > 0) first = Math.max(...nums);
        if (first !== null && nums.some((n) => n > first)) {
          await reader.cancel();
          return text;
        }
      }
    })()`);
    assert.match(text, /collected: request 1: hello from the proxy sidecar\n/);
    assert.ok(!text.endsWith('[ended]'), text);
  });

  it('shows the app stopping before the sidecars on kubectl delete, in the order of its Killing events', async () => {
    const p = page!;
    const deleted = await kubectl(['delete', 'pod', 'native-sidecar', '--timeout=240s'], 300_000);
    assert.equal(deleted.stdout, 'pod "native-sidecar" deleted\n', deleted.stderr + serveErr);
    // Once the pod is gone from the API the page keeps its panel, marked deleted, as last drawn.
    await p.waitForFunction(`(() => {
      const panel = ${PANEL};
      return panel !== undefined && panel.hasAttribute('data-deleted') &&
        panel.querySelector('.badge.deleted[role="status"]') !== null;
    })()`);
    // Its events table lists what kubectl get events lists, Killing events included.
    const want = await kubectlEvents();
    const shown = await pageEvents(p);
    assert.deepEqual(shown, want);
    const killing = shown.filter((r) => r.reason === 'Killing').map((r) => r.message);
    assert.equal(killing[0], 'Stopping container app', JSON.stringify(killing));
    assert.deepEqual(
      killing.slice(1).sort(),
      SIDECARS.map((s) => `Stopping container ${s}`).sort(),
    );
    // Its lanes: the app is signalled (SIGTERM) and exits before any sidecar is signalled, and
    // its bar ends no later than theirs.
    const marks = await pageMarkers(p);
    const ends = await pageLaneEnds(p);
    const term = (c: string): number =>
      marks.find((m) => m.marker === 'signal' && m.container === c)?.t ?? NaN;
    const exit = (c: string): number =>
      marks.filter((m) => m.marker === 'exit' && m.container === c).at(-1)?.t ?? NaN;
    for (const c of ['app', ...SIDECARS])
      assert.equal(
        marks.find((m) => m.marker === 'signal' && m.container === c)?.signal,
        'SIGTERM',
        JSON.stringify(marks),
      );
    for (const s of SIDECARS) {
      assert.ok(term('app') < term(s), JSON.stringify(marks));
      assert.ok(exit('app') <= term(s), JSON.stringify(marks));
      assert.ok(ends['app']! <= ends[s]!, JSON.stringify(ends));
    }
    // The lanes' signal order is the Killing events' order.
    const bySignal = ['app', ...SIDECARS].sort((a, b) => term(a) - term(b));
    assert.deepEqual(
      bySignal.map((c) => `Stopping container ${c}`),
      killing,
    );
  });

  it('exits 0 on SIGINT with the page still connected', async (t) => {
    assert.equal(await page!.locator('#conn').getAttribute('data-state'), 'live');
    const exited = new Promise<number | null>((r) => serve!.once('exit', (code) => r(code)));
    const t0 = performance.now();
    serve!.kill('SIGINT');
    const deadline = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000).unref());
    assert.equal(await Promise.race([exited, deadline]), 0, serveErr);
    t.diagnostic(`serve exited ${(performance.now() - t0).toFixed(0)} ms after SIGINT`);
  });
});
