/**
 * Benchmark of `sidecarctl validate -o json` (issue 2): pod templates per second over a large
 * generated corpus, next to the time the `yaml` package alone needs to parse the same files.
 * Target: validation costs no more than 2x the parse. Also the CLI's cold start next to
 * `node -e 0`. Prints figures; asserts nothing.
 *
 *   npm run bench:validate            (BENCH_TEMPLATES=20000 to change the corpus size)
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { loadInputs } from '../src/manifest/load.js';
import { resolveVersion } from '../src/model/versions.js';
import { formatJson } from '../src/validate/format.js';
import { validateInput } from '../src/validate/validate.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEMPLATES = Number(process.env['BENCH_TEMPLATES'] ?? 12_000);
const PER_FILE = 20;
const RUNS = 3;

// --- corpus ------------------------------------------------------------------------------------

/** A small deterministic PRNG so every run benchmarks the same corpus. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const IMAGES = [
  'envoyproxy/envoy:v1.28.0',
  'fluent/fluent-bit:3.1.9',
  'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1',
  'hashicorp/vault:1.15.2',
  'otel/opentelemetry-collector:0.98.0',
  'busybox',
  'nginx:latest',
];

function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}

function container(
  r: () => number,
  name: string,
  opts: { sidecar?: boolean; init?: boolean },
): string {
  const lines = [`- name: ${name}`, `  image: ${IMAGES[Math.floor(r() * IMAGES.length)]!}`];
  if (opts.sidecar === true) lines.push('  restartPolicy: Always');
  if (opts.init === true && opts.sidecar !== true)
    lines.push('  command: ["sh", "-c", "echo init && sleep 1"]');
  else
    lines.push(`  args: ["--port=${String(8000 + Math.floor(r() * 1000))}", "--log-level=info"]`);
  if (r() < 0.8) {
    lines.push(
      '  resources:',
      `    requests: {cpu: ${String(10 + Math.floor(r() * 500))}m, memory: ${String(32 + Math.floor(r() * 512))}Mi}`,
    );
    if (r() < 0.6) lines.push('    limits: {cpu: "1", memory: 1Gi}');
  }
  if (opts.init !== true || opts.sidecar === true) {
    lines.push(`  ports:\n  - {name: http, containerPort: ${String(8080 + Math.floor(r() * 10))}}`);
    if (r() < 0.6)
      lines.push(
        '  readinessProbe:\n    httpGet: {path: /ready, port: http}\n    periodSeconds: 5',
      );
    if (r() < 0.4)
      lines.push('  livenessProbe:\n    tcpSocket: {port: http}\n    failureThreshold: 5');
    if (opts.sidecar === true && r() < 0.5)
      lines.push('  startupProbe:\n    httpGet: {path: /healthz, port: http}');
    if (r() < 0.3)
      lines.push('  lifecycle:\n    preStop:\n      exec: {command: ["/bin/sh", "-c", "sleep 5"]}');
  }
  lines.push(
    '  env:',
    '  - {name: MODE, value: production}',
    '  - name: POD_NAME\n    valueFrom: {fieldRef: {fieldPath: metadata.name}}',
    '  volumeMounts:\n  - {name: data, mountPath: /data}',
  );
  return lines.join('\n');
}

function podSpec(r: () => number, jobLike: boolean): string {
  const inits: string[] = [];
  const nInit = Math.floor(r() * 4);
  for (let i = 0; i < nInit; i++)
    inits.push(container(r, `init-${String(i)}`, { init: true, sidecar: r() < 0.5 }));
  const mains: string[] = [];
  const nMain = 1 + Math.floor(r() * 3);
  for (let i = 0; i < nMain; i++)
    mains.push(container(r, i === 0 ? 'app' : `helper-${String(i)}`, {}));
  const lines: string[] = [];
  if (jobLike) lines.push(`restartPolicy: ${r() < 0.5 ? 'Never' : 'OnFailure'}`);
  if (r() < 0.5) lines.push(`terminationGracePeriodSeconds: ${String(10 + Math.floor(r() * 50))}`);
  if (inits.length > 0) lines.push('initContainers:', inits.join('\n'));
  lines.push('containers:', mains.join('\n'), 'volumes:\n- {name: data, emptyDir: {}}');
  return lines.join('\n');
}

function document(r: () => number, i: number): string {
  const kind = ['Pod', 'Deployment', 'Job', 'CronJob'][i % 4]!;
  const meta = `metadata:\n  name: w-${String(i)}\n  namespace: bench\n  labels: {app: w-${String(i)}, tier: backend}`;
  const jobLike = kind === 'Job' || kind === 'CronJob';
  const spec = podSpec(r, jobLike);
  const tmpl = (n: number): string =>
    `${' '.repeat(n)}metadata:\n${' '.repeat(n)}  labels: {app: w-${String(i)}}\n${' '.repeat(n)}spec:\n${indent(spec, n + 2)}`;
  switch (kind) {
    case 'Pod':
      return `apiVersion: v1\nkind: Pod\n${meta}\nspec:\n${indent(spec, 2)}`;
    case 'Deployment':
      return `apiVersion: apps/v1\nkind: Deployment\n${meta}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: w-${String(i)}}\n  template:\n${tmpl(4)}`;
    case 'Job':
      return `apiVersion: batch/v1\nkind: Job\n${meta}\nspec:\n  backoffLimit: 2\n  template:\n${tmpl(4)}`;
    default:
      return `apiVersion: batch/v1\nkind: CronJob\n${meta}\nspec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec:\n      template:\n${tmpl(8)}`;
  }
}

function generate(dir: string): { files: string[]; bytes: number } {
  const r = rng(42);
  const files: string[] = [];
  let bytes = 0;
  for (let f = 0; f * PER_FILE < TEMPLATES; f++) {
    const docs: string[] = [];
    for (let d = 0; d < PER_FILE && f * PER_FILE + d < TEMPLATES; d++)
      docs.push(document(r, f * PER_FILE + d));
    const text = `# generated by bench/validate.bench.ts\n${docs.join('\n---\n')}\n`;
    const file = join(dir, `f${String(f).padStart(5, '0')}.yaml`);
    writeFileSync(file, text);
    files.push(file);
    bytes += Buffer.byteLength(text);
  }
  return { files, bytes };
}

// --- measurements ------------------------------------------------------------------------------

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function ms(n: number): string {
  return `${n.toFixed(1)} ms`;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-bench-'));
  try {
    const { files, bytes } = generate(dir);
    console.log(
      `corpus: ${String(TEMPLATES)} pod templates in ${String(files.length)} files, ${(bytes / 1e6).toFixed(1)} MB (${dir})`,
    );
    const version = resolveVersion('1.33');

    const texts = files.map((f) => readFileSync(f, 'utf8'));
    const parseTimes: number[] = [];
    const validateTimes: number[] = [];
    let templates = 0;
    let diagnostics = 0;
    for (let run = 0; run < RUNS; run++) {
      let t = performance.now();
      for (const text of texts) parseAllDocuments(text);
      parseTimes.push(performance.now() - t);

      t = performance.now();
      const input = loadInputs([dir]);
      const report = validateInput(input, { version });
      const json = formatJson(report);
      validateTimes.push(performance.now() - t);
      templates = report.objects.length;
      diagnostics = report.objects.reduce((n, o) => n + o.diagnostics.length, 0);
      if (json.length === 0) throw new Error('empty output');
    }
    // Where the time goes, one more run split by phase.
    let t = performance.now();
    const input = loadInputs([dir]);
    const tLoad = performance.now() - t;
    t = performance.now();
    const report = validateInput(input, { version });
    const tCheck = performance.now() - t;
    t = performance.now();
    formatJson(report);
    const tFormat = performance.now() - t;
    console.log(
      `phases: loadInputs (read + parse + toJS) ${ms(tLoad)}, validateInput (rules + positions) ${ms(tCheck)}, formatJson ${ms(tFormat)}`,
    );
    const parse = median(parseTimes);
    const validate = median(validateTimes);
    console.log(`yaml parseAllDocuments alone:        ${ms(parse)} (median of ${String(RUNS)})`);
    console.log(
      `validate -o json in process:         ${ms(validate)} (median of ${String(RUNS)}; loadInputs + validateInput + formatJson; ${String(diagnostics)} diagnostics)`,
    );
    console.log(
      `pod templates per second:            ${Math.round(templates / (validate / 1000)).toLocaleString('en-US')}`,
    );
    console.log(
      `ratio validate / parse:              ${(validate / parse).toFixed(2)}x (target <= 2x)`,
    );

    const dist = join(ROOT, 'dist', 'cli', 'main.js');
    if (!existsSync(dist)) {
      console.log('dist/ is missing: building (npm run build) ...');
      const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
      if (b.status !== 0) console.log('build failed; the CLI figures below use what exists');
    }
    if (existsSync(dist)) {
      console.log(
        `CLI: ${dist}, built ${statSync(dist).mtime.toISOString()} (npm run build to refresh)`,
      );
      const devnull = openSync('/dev/null', 'w');
      let t = performance.now();
      const r = spawnSync(
        process.execPath,
        [dist, 'validate', '-o', 'json', '--k8s-version', '1.33', dir],
        {
          stdio: ['ignore', devnull, 'pipe'],
          encoding: 'utf8',
        },
      );
      const cli = performance.now() - t;
      closeSync(devnull);
      console.log(
        `CLI end to end (node dist/cli/main.js validate -o json): ${ms(cli)}, exit ${String(r.status)}, ` +
          `${Math.round(templates / (cli / 1000)).toLocaleString('en-US')} templates/s`,
      );
      const cold: number[] = [];
      const bare: number[] = [];
      for (let i = 0; i < 7; i++) {
        t = performance.now();
        spawnSync(process.execPath, [dist, '--version'], { stdio: 'ignore' });
        cold.push(performance.now() - t);
        t = performance.now();
        spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
        bare.push(performance.now() - t);
      }
      console.log(
        `cold start: sidecarctl --version ${ms(median(cold))}, node -e 0 ${ms(median(bare))} (median of 7)`,
      );
    } else {
      console.log('CLI figures skipped: dist/cli/main.js not available');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
