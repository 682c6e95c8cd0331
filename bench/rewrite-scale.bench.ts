/**
 * Benchmark of the rewriters at scale: one multi-document file of BENCH_DOCS small documents
 * (100,000 by default) through `inject` and `migrate`, by the library on one thread (rewritePaths,
 * the one-document-at-a-time rewrite, + injectObject/migrateObject) and, separately, by the
 * built CLI (`npm run build` first; output to /dev/null, stderr read), which rewrites an input
 * this big on every core (src/rewrite/rewrite-parallel.ts): the issue's goal is the CLI's figure. Also prints the re-parses the
 * rewrite made per document (rewrite-parses.ts), which must not grow with the file. Each case runs in its own process so that its peak RSS is its own.
 * Prints wall time, time per document and peak RSS; asserts nothing.
 *
 *   npm run bench:rewrite            (BENCH_DOCS=10000 to change the count)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { classicPod } from './classic-pod.js';

const DOCS = Number(process.env['BENCH_DOCS'] ?? 100_000);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin/sidecarctl');

function deployment(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${String(i)}
spec:
  template:
    metadata:
      annotations:
        sidecarctl.io/inject: "envoy" # ask
    spec:
      containers:
        - name: app
          image: myapp:v${String(i % 7)}
`;
}

const pod = classicPod;

type Command = 'inject' | 'migrate';

function text(command: Command, n: number): string {
  const make = command === 'inject' ? deployment : pod;
  return Array.from({ length: n }, (_, i) => make(i)).join('---\n');
}

/** In a child: the library path for one command; prints `ms rssKiB bytesOut`. */
async function libraryCase(command: Command): Promise<void> {
  const { builtinCatalog } = await import('../src/catalog/load.js');
  const { injectObject } = await import('../src/inject/inject.js');
  const { migrateObject } = await import('../src/migrate/migrate.js');
  const { resolveVersion } = await import('../src/model/versions.js');
  const { rewritePaths } = await import('../src/rewrite/rewrite-stream.js');
  const { rewriteParses } = await import('../src/rewrite/rewrite-parses.js');
  const catalog = builtinCatalog();
  const version = resolveVersion('1.33');
  const input = text(command, DOCS);
  const t0 = performance.now();
  const files = rewritePaths(
    ['-'],
    (o) => {
      const res =
        command === 'inject'
          ? injectObject(o.value, catalog, { version })
          : migrateObject(o.value, catalog, { version });
      return { patch: res.patch, result: res };
    },
    () => undefined,
    () => input,
  );
  const ms = performance.now() - t0;
  const out = files[0]!.after.length;
  const perDoc = (rewriteParses.calls / DOCS).toFixed(1);
  console.log(
    `${ms.toFixed(0)} ${String(process.resourceUsage().maxRSS)} ${String(out)} ${perDoc}`,
  );
}

function fmtRow(label: string, ms: number, rssKiB: number): string {
  return `  ${label.padEnd(26)} ${(ms / 1000).toFixed(1).padStart(7)} s  ${((ms / DOCS) * 1000).toFixed(0).padStart(6)} µs/doc  peak RSS ${(rssKiB / 1024).toFixed(0).padStart(6)} MiB`;
}

function runLibrary(command: Command): void {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), `--library=${command}`],
    { cwd: ROOT, encoding: 'utf8', env: process.env, maxBuffer: 1 << 20 },
  );
  const [ms, rss, , parses] = r.stdout.trim().split(' ').map(Number);
  if (r.status !== 0 || ms === undefined || rss === undefined) {
    console.log(
      `  library ${command}: failed (${String(r.status ?? r.signal)}) ${r.stderr.slice(-400)}`,
    );
    return;
  }
  console.log(
    `${fmtRow(`library ${command} (1 thread)`, ms, rss)}  ${String(parses)} re-parses/doc`,
  );
}

/** Peak RSS of the CLI process, reported by a hook loaded before it. */
const RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs'; process.on('exit', () => writeSync(2, 'BENCH_RSS ' + process.resourceUsage().maxRSS + '\\n'));",
)}`;

function runCli(command: Command, file: string): void {
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) {
    console.log(`  cli ${command}: skipped (run npm run build first)`);
    return;
  }
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', RSS_HOOK, CLI, command, file], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 256 << 20,
  });
  const ms = performance.now() - t0;
  const rss = Number(/BENCH_RSS (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  if (r.status !== 0) {
    console.log(`  cli ${command}: exit ${String(r.status ?? r.signal)} ${r.stderr.slice(-400)}`);
    return;
  }
  console.log(fmtRow(`cli ${command} (built)`, ms, rss));
}

const libraryArg = process.argv.find((a) => a.startsWith('--library='));
if (libraryArg !== undefined) {
  await libraryCase(libraryArg.slice('--library='.length) as Command);
} else {
  console.log(
    `rewrite at scale: ${String(DOCS)} documents in one file, Node ${process.version}, ${String(availableParallelism())} cores, load ${loadavg()[0]!.toFixed(2)} (time, peak RSS; goal: the CLI under 60 s and 1 GiB)`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-bench-'));
  try {
    for (const command of ['inject', 'migrate'] as const) {
      runLibrary(command);
      const file = join(dir, `${command}.yaml`);
      writeFileSync(file, text(command, DOCS));
      runCli(command, file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
