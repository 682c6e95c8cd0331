/**
 * Benchmark of the timeline page (issue 12) in Debian's chromium:
 * 1. draw: a pod of 10 containers simulated for an hour (a crash-looping sidecar, readiness
 *    probes every 10 s, every probe result recorded), `-o html`, from navigation start to the
 *    first frame with the panel drawn (the page's `sidecarctl:drawn` mark), and first contentful
 *    paint. Goal: under 1 s.
 * 2. live: a live page of 50 pods; a local SSE server sends each pod's panel 10 times, as fast as
 *    it can (500 updates); the time until the last update of every pod is on screen, and
 *    updates per second. Goal: keeps up (every last update shown, in about the time it takes to
 *    send them), and how long after the last message arrived it was on screen.
 * Prints medians over BENCH_RUNS runs (default 5) and the load average; asserts nothing.
 *
 *   npm run bench:ui
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromText } from '../src/manifest/load.js';
import { simulateInput } from '../src/simulate/simulate-input.js';
import { launchBrowser, pageServer, skipReason } from '../src/ui/browser.test-support.js';
import type { UiPodPanel } from '../src/ui/model.js';
import { renderUiPage } from '../src/ui/page.js';
import { panelOfView } from '../src/ui/panel.js';
import { renderHtml } from '../src/ui/render-html.js';
import type { PodRunView } from '../src/timeline/view.js';
import { median } from './measure.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const PODS = 50;
const ROUNDS = 10;

const POD = `apiVersion: v1
kind: Pod
metadata: {name: busy}
spec:
  initContainers:
    - {name: init-db, image: busybox:1.36}
${[0, 1, 2].map((i) => `    - name: sidecar-${String(i)}\n      image: envoyproxy/envoy:v1.28.0\n      restartPolicy: Always\n      readinessProbe: {tcpSocket: {port: 15001}, periodSeconds: 10}\n`).join('')}  containers:
${[0, 1, 2, 3, 4, 5].map((i) => `    - name: app-${String(i)}\n      image: myapp:v1\n      readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 10}\n`).join('')}`;

const SCENARIO = `apiVersion: sidecarctl.io/v1alpha1
kind: Scenario
metadata: {name: an-hour}
spec:
  pod: busy
  until: 3600s
  containers:
    sidecar-1:
      runs:
        - {exitAfter: 30s, exitCode: 1}
    app-2:
      runs:
        - probes: {readiness: {failFrom: 600s, passFrom: 900s}}
`;

/** The hour-long pod of 10 containers. */
function busyView(): PodRunView {
  const dir = mkdtempSync(join(tmpdir(), 'ui-bench-'));
  try {
    const scenario = join(dir, 'scenario.yaml');
    writeFileSync(scenario, SCENARIO);
    const [run] = simulateInput(fromText(POD), { scenarioFile: scenario, allProbeResults: true });
    return run!.view;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (x: number): string => `${x.toFixed(0)} ms`;

async function main(): Promise<void> {
  const skip = skipReason();
  if (skip !== false) {
    process.stdout.write(`bench:ui skipped: ${skip}\n`);
    return;
  }
  const view = busyView();
  const html = renderHtml(view);
  const markers = (html.match(/data-marker=/g) ?? []).length;
  process.stdout.write(
    `draw: ${String(view.containers.length)} containers, ${String(view.events.length)} events over ${String(view.until)}s, ${String(markers)} markers, page ${(html.length / 1024).toFixed(0)} KiB\n`,
  );
  const browser = await launchBrowser();
  try {
    const drawn: number[] = [];
    const fcp: number[] = [];
    const server = await pageServer(html);
    for (let i = 0; i < RUNS; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(server.url, { waitUntil: 'load' });
      await page.waitForFunction(
        "performance.getEntriesByName('sidecarctl:drawn').length > 0",
        null,
        { timeout: 60_000 },
      );
      const t = (await page.evaluate(`({
        drawn: performance.getEntriesByName('sidecarctl:drawn')[0].startTime,
        fcp: (performance.getEntriesByName('first-contentful-paint')[0] || { startTime: NaN }).startTime,
      })`)) as { drawn: number; fcp: number };
      // On screen: the page's mark after its first frame, or the first paint if that came later.
      drawn.push(Math.max(t.drawn, Number.isNaN(t.fcp) ? 0 : t.fcp));
      fcp.push(t.fcp);
      await page.close();
    }
    await server.close();
    process.stdout.write(
      `draw: navigation start to on screen (drawn mark or first paint, the later), median ${ms(median(drawn))} (first contentful paint ${ms(median(fcp))}) over ${String(RUNS)} runs; goal under 1000 ms\n`,
    );

    const base = panelOfView(
      simulateInput(
        fromText(
          readFileSync(join(import.meta.dirname, '../examples/seed/native-sidecar.yaml'), 'utf8'),
        ),
      )[0]!.view,
    );
    const panels = Array.from({ length: PODS }, (_, i): UiPodPanel => ({
      ...base,
      key: `default/pod-${String(i)}`,
      name: `pod-${String(i)}`,
    }));
    const live = await pageServer(
      renderUiPage({ title: 'bench', mode: 'live', panels: [], eventsUrl: '/events' }),
    );
    const elapsed: number[] = [];
    const lag: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const stream = live.nextStream();
      await page.goto(live.url);
      await stream;
      live.send('reset', panels);
      await page.waitForFunction(
        `document.querySelectorAll('section.panel').length === ${String(PODS)}`,
        null,
        { timeout: 60_000 },
      );
      const t0 = performance.now();
      for (let round = 1; round <= ROUNDS; round++)
        for (const p of panels)
          live.send('panel', { ...p, row: { ...p.row, age: `r${String(round)}` } });
      await page.waitForFunction(
        `[...document.querySelectorAll('section.panel table.row tbody td:last-child')].every((td) => td.textContent === 'r${String(ROUNDS)}')`,
        null,
        { timeout: 120_000, polling: 'raf' },
      );
      elapsed.push(performance.now() - t0);
      lag.push(
        (await page.evaluate(`(() => {
          const marks = performance.getEntriesByName('sidecarctl:applied');
          const last = marks[marks.length - 1];
          return last.startTime - last.detail.lastMessageAt;
        })()`)) as number,
      );
      await page.close();
    }
    await live.close();
    const m = median(elapsed);
    process.stdout.write(
      `live: ${String(PODS)} pods x ${String(ROUNDS)} updates (${String(PODS * ROUNDS)}), last update on screen after median ${ms(m)}, ${((PODS * ROUNDS) / (m / 1000)).toFixed(0)} updates/s over ${String(RUNS)} runs; the last message on screen ${ms(median(lag))} after it arrived (frames coalesce updates)\n`,
    );
  } finally {
    await browser.close();
  }
  process.stdout.write(
    `load average: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
}

await main();
