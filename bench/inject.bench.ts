/**
 * Benchmark of injection (issue 5): pod templates injected per second by the pure function an
 * admission webhook would call (object in, object + RFC 6902 patch out), the size of the patch
 * it returns, and the cost of the line-preserving file rewrite on top of it. No injector
 * publishes such a figure (reference/injectors-and-linters.md, "Performance anchors"); a
 * webhook has a 10 s default timeout and should answer in milliseconds. Prints figures; asserts
 * nothing.
 *
 *   npm run bench:inject            (BENCH_TEMPLATES=5000 to change the count)
 */
import { performance } from 'node:perf_hooks';
import { builtinCatalog } from '../src/catalog/load.js';
import { injectObject } from '../src/inject/inject.js';
import { migrateObject } from '../src/migrate/migrate.js';
import { fromText } from '../src/manifest/load.js';
import { resolveVersion, type VersionInfo } from '../src/model/versions.js';
import { rewriteInput } from '../src/rewrite/rewrite-files.js';
import { classicPod } from './classic-pod.js';

const TEMPLATES = Number(process.env['BENCH_TEMPLATES'] ?? 2_000);
const catalog = builtinCatalog();

function deployment(i: number, entries: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${String(i)}
  labels: {app: web-${String(i)}}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web-${String(i)}}
  template:
    metadata:
      labels: {app: web-${String(i)}} # keep me
      annotations:
        sidecarctl.io/inject: "${entries}"
    spec:
      containers:
        - name: app
          image: myapp:v${String(i % 7)}
          ports: [{containerPort: 8080}]
          resources:
            requests: {cpu: 250m, memory: 128Mi}
`;
}

const CASES: readonly { label: string; entries: string }[] = [
  { label: 'one entry (envoy)', entries: 'envoy' },
  {
    label: 'three entries (envoy, fluent-bit, vault-agent)',
    entries: 'envoy,fluent-bit,vault-agent',
  },
  {
    label: 'every entry (12)',
    entries:
      'fluent-bit,filebeat,envoy,istio-proxy,linkerd-proxy,cloud-sql-proxy,prometheus-exporter,config-reloader,vault-agent,debug-toolbox,logtail,arms-agent',
  },
];

function fmt(n: number): string {
  return n >= 100 ? n.toFixed(0) : n.toFixed(1);
}

function benchPure(label: string, entries: string, version: VersionInfo): void {
  const objects = Array.from(
    { length: TEMPLATES },
    (_, i) => fromText(deployment(i, entries)).objects[0]!.value,
  );
  // Warm-up, then the measured run.
  for (const o of objects.slice(0, 50)) injectObject(o, catalog, { version });
  let ops = 0;
  let bytes = 0;
  const t0 = performance.now();
  for (const o of objects) {
    const r = injectObject(o, catalog, { version });
    ops += r.patch.length;
    bytes += Buffer.byteLength(JSON.stringify(r.patch));
  }
  const ms = performance.now() - t0;
  console.log(
    `  ${label.padEnd(48)} ${fmt((TEMPLATES / ms) * 1000).padStart(8)} templates/s  ${fmt((ms / TEMPLATES) * 1000).padStart(7)} µs each  patch ${fmt(ops / TEMPLATES).padStart(4)} ops, ${fmt(bytes / TEMPLATES / 1024).padStart(5)} KiB (base64 ${fmt(((bytes / TEMPLATES / 1024) * 4) / 3)} KiB)`,
  );
}

function benchFiles(label: string, entries: string, version: VersionInfo): void {
  const n = Math.max(1, Math.floor(TEMPLATES / 10));
  const text = Array.from({ length: n }, (_, i) => deployment(i, entries)).join('---\n');
  const t0 = performance.now();
  const r = rewriteInput(fromText(text, 'bench.yaml'), (o) => {
    const res = injectObject(o.value, catalog, { version });
    return { patch: res.patch, result: res };
  });
  const ms = performance.now() - t0;
  const out = r.files[0]!.after;
  console.log(
    `  ${label.padEnd(48)} ${fmt((n / ms) * 1000).padStart(8)} templates/s  (${String(n)} in one file, ${fmt(text.length / 1024)} KiB -> ${fmt(out.length / 1024)} KiB)`,
  );
}

function benchMigrate(version: VersionInfo): void {
  const n = Math.max(1, Math.floor(TEMPLATES / 10));
  const pod = classicPod;
  const text = Array.from({ length: n }, (_, i) => pod(i)).join('---\n');
  const t0 = performance.now();
  rewriteInput(fromText(text, 'bench.yaml'), (o) => {
    const res = migrateObject(o.value, catalog, { version });
    return { patch: res.patch, result: res };
  });
  const ms = performance.now() - t0;
  console.log(
    `  ${'migrate (2 sidecars, file rewrite)'.padEnd(48)} ${fmt((n / ms) * 1000).padStart(8)} templates/s`,
  );
}

console.log(`inject: ${String(TEMPLATES)} pod templates per case, Node ${process.version}`);
for (const [vlabel, version] of [
  ['native (1.33)', resolveVersion('1.33')],
  ['classic (1.26)', resolveVersion('1.26')],
] as const) {
  console.log(`pure injectObject, ${vlabel} (what a webhook calls):`);
  for (const c of CASES) benchPure(c.label, c.entries, version);
}
console.log('file rewrite (parse, inject, line-preserving YAML edit, check), native (1.33):');
for (const c of CASES) benchFiles(c.label, c.entries, resolveVersion('1.33'));
benchMigrate(resolveVersion('1.33'));
