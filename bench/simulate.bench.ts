/**
 * Benchmark of `sidecarctl simulate` (issue 3): simulated pods per second over 10,000 varied
 * pods and scenarios (init containers, native sidecars with startup probes, regular containers
 * with readiness probes, crashes with back-off, Job completion, deletion with hooks), and how the
 * cost grows with the number of containers per pod. Target: 10,000 pods of 5 containers in
 * under 2 s. Also the cost of the renderers. Prints figures and ratios; asserts nothing.
 *
 *   npm run bench:simulate           (BENCH_PODS=20000, BENCH_RUNS=3 to change count and runs)
 */
import { performance } from 'node:perf_hooks';
import { fromText } from '../src/manifest/load.js';
import { podTemplateOf, type PodTemplate } from '../src/manifest/pod-templates.js';
import { resolveVersion, type VersionInfo } from '../src/model/versions.js';
import { simulate } from '../src/simulate/driver.js';
import { renderSvg } from '../src/timeline/render-svg.js';
import { renderText } from '../src/timeline/render-text.js';
import type { PodRunView } from '../src/timeline/view.js';
import { parseScenarioValue, type Scenario } from '../src/simulate/scenario.js';

const PODS = Number(process.env['BENCH_PODS'] ?? 10_000);
const SIZES = (process.env['BENCH_SIZES'] ?? '2,5,10,20').split(',').map(Number);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 2);

/** A small deterministic PRNG so every run benchmarks the same pods. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Case {
  readonly template: PodTemplate;
  readonly scenario: Scenario;
}

/**
 * One pod of `n` containers: about a fifth regular init containers, a third native sidecars
 * (every other one with a startup probe), the rest regular containers with readiness probes,
 * some with preStop hooks; restartPolicy and terminationGracePeriodSeconds vary. Its scenario
 * varies exit times, crashes, probe timings, SIGTERM handling and deletion.
 */
function makeCase(n: number, i: number, rand: () => number): Case {
  const inits = Math.max(0, Math.round(n / 5));
  const sidecars = Math.max(1, Math.round(n / 3));
  const regular = Math.max(1, n - inits - sidecars);
  const job = rand() < 0.3;
  const policy = job ? (rand() < 0.5 ? 'Never' : 'OnFailure') : 'Always';
  const initContainers: Record<string, unknown>[] = [];
  const containers: Record<string, unknown>[] = [];
  const script: Record<string, unknown> = {};
  for (let k = 0; k < inits + sidecars; k++) {
    const isSidecar = k % 2 === 1 || k >= inits * 2;
    const name = isSidecar ? `sc-${String(k)}` : `init-${String(k)}`;
    if (isSidecar) {
      const c: Record<string, unknown> = {
        name,
        image: 'envoyproxy/envoy:v1.28.0',
        restartPolicy: 'Always',
      };
      if (k % 4 === 1)
        c['startupProbe'] = { tcpSocket: { port: 15001 }, periodSeconds: 1, failureThreshold: 30 };
      if (rand() < 0.5) c['lifecycle'] = { preStop: { exec: { command: ['sleep', '2'] } } };
      initContainers.push(c);
      script[name] = {
        runs: [
          {
            probes: { startup: { passFrom: `${String(Math.floor(rand() * 5))}s` } },
            onTerm: { exitAfter: `${String(Math.floor(rand() * 3))}s` },
            ...(rand() < 0.1 ? { exitAfter: '40s', exitCode: 1 } : {}),
          },
          { onTerm: { exitAfter: '1s' } },
        ],
      };
    } else {
      initContainers.push({ name, image: 'busybox:1.36' });
      const fails = rand() < 0.2;
      script[name] = {
        runs: fails
          ? [{ exitAfter: '1s', exitCode: 1 }, { exitAfter: '2s' }]
          : [{ exitAfter: `${String(1 + Math.floor(rand() * 4))}s` }],
      };
    }
  }
  for (let k = 0; k < regular; k++) {
    const name = `app-${String(k)}`;
    const c: Record<string, unknown> = {
      name,
      image: 'myapp:v1',
      readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5 },
    };
    if (rand() < 0.3)
      c['livenessProbe'] = { httpGet: { path: '/live', port: 8080 }, periodSeconds: 10 };
    if (rand() < 0.3) c['lifecycle'] = { preStop: { exec: { command: ['drain'] } } };
    containers.push(c);
    script[name] = {
      runs: [
        {
          ...(job
            ? {
                exitAfter: `${String(10 + Math.floor(rand() * 50))}s`,
                exitCode: rand() < 0.2 ? 1 : 0,
              }
            : {}),
          probes: { readiness: { passFrom: `${String(Math.floor(rand() * 10))}s` } },
          hooks: { preStop: { takes: `${String(Math.floor(rand() * 4))}s` } },
          onTerm:
            rand() < 0.1 ? { ignore: true } : { exitAfter: `${String(Math.floor(rand() * 5))}s` },
        },
      ],
    };
  }
  const spec = {
    restartPolicy: policy,
    terminationGracePeriodSeconds: rand() < 0.5 ? 30 : 10,
    initContainers,
    containers,
  };
  const object = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${String(i)}` }, spec };
  const template = podTemplateOf(
    fromText(JSON.stringify(object), `pod-${String(i)}.json`).objects[0]!,
  )!;
  const events =
    job && rand() < 0.7
      ? []
      : [
          {
            at: `${String(20 + Math.floor(rand() * 200))}s`,
            delete: rand() < 0.5 ? {} : { gracePeriodSeconds: 5 },
          },
        ];
  const scenario = parseScenarioValue({
    apiVersion: 'sidecarctl.io/v1alpha1',
    kind: 'Scenario',
    metadata: { name: `s-${String(i)}` },
    spec: { until: '600s', containers: script, events },
  });
  return { template, scenario };
}

function corpus(n: number, count: number, seed: number): Case[] {
  const rand = rng(seed);
  return Array.from({ length: count }, (_, i) => makeCase(n, i, rand));
}

/** Best of RUNS: seconds to simulate every case. Returns also the total event count. */
function time(cases: readonly Case[], version: VersionInfo): { seconds: number; events: number } {
  let best = Infinity;
  let events = 0;
  for (let r = 0; r < RUNS; r++) {
    events = 0;
    const t0 = performance.now();
    for (const c of cases) events += simulate(c.template, c.scenario, version).events.length;
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return { seconds: best, events };
}

const fmt = (x: number, d = 0): string =>
  x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const version = resolveVersion('1.33');
console.log(
  `simulate benchmark: ${fmt(PODS)} pods per size, Kubernetes ${version.version}, best of ${String(RUNS)} runs`,
);
console.log('(corpus generation and Scenario parsing are not timed)\n');

// Warm-up so the JIT has seen the engine before the first measured size.
for (const c of corpus(5, 300, 7)) simulate(c.template, c.scenario, version);

const rows: { n: number; seconds: number; events: number }[] = [];
/** A full collection before each timed section (with --expose-gc), so the garbage of one size's
 * corpus is not collected on the next size's clock. */
const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
for (const n of SIZES) {
  const cases = corpus(n, PODS, 1000 + n);
  collect();
  const { seconds, events } = time(cases, version);
  rows.push({ n, seconds, events });
}
const base = rows[0]!;
console.log(
  'containers/pod   pods/s      total      µs/pod   events/pod   cost vs 2 containers   per container',
);
for (const r of rows) {
  const perPod = (r.seconds / PODS) * 1e6;
  const ratio = r.seconds / base.seconds;
  console.log(
    `${String(r.n).padStart(14)}   ${fmt(PODS / r.seconds).padStart(9)}   ${fmt(r.seconds, 3).padStart(7)} s   ${fmt(perPod, 1).padStart(7)}   ${fmt(r.events / PODS, 1).padStart(10)}   ${`${fmt(ratio, 2)}x`.padStart(20)}   ${`${fmt(perPod / r.n, 1)} µs`.padStart(13)}`,
  );
}
const five = rows.find((r) => r.n === 5);
if (five !== undefined) {
  const scaled = (five.seconds * 10_000) / PODS;
  console.log(
    `\ntarget: 10,000 pods of 5 containers in under 2 s -> ${fmt(scaled, 3)} s (${scaled < 2 ? 'met' : 'NOT met'})`,
  );
}

// Renderers, on 1,000 pods of 5 containers.
const sample = corpus(5, 1000, 42);
// simulate() returns the one result view the renderers read.
const views: PodRunView[] = sample.map((c) => simulate(c.template, c.scenario, version));
for (const [name, render] of [
  ['text', renderText],
  ['svg', renderSvg],
] as const) {
  const t0 = performance.now();
  let bytes = 0;
  for (const v of views) bytes += render(v).length;
  const s = (performance.now() - t0) / 1000;
  console.log(
    `render ${name.padEnd(4)}: ${fmt(views.length / s)} pods/s (${fmt(bytes / views.length / 1024, 1)} KiB each)`,
  );
}
