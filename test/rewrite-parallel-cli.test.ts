/**
 * inject and migrate on an input big enough to be rewritten on worker threads
 * (src/rewrite/rewrite-parallel.ts), through each way the CLI runs: the sources under tsx, the
 * ES module build (dist/cli/main.js, which runs the rewrite from a chunk) and the launcher's
 * CommonJS bundle (bin/sidecarctl). A hook loaded first counts the units the workers answered,
 * so a worker that could not start (and the one-thread fallback, which prints the same) fails
 * the test. What is printed must be what the one-thread library rewrite gives.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classicPod } from '../bench/classic-pod.js';
import { loadCatalog } from '../src/catalog/load.js';
import { injectJob, migrateJob, type RewriteDigest } from '../src/cli/rewrite-jobs.js';
import { versionFromFlags } from '../src/model/versions.js';
import type { RewriteJob } from '../src/rewrite/rewrite-parallel.js';
import { rewritePaths } from '../src/rewrite/rewrite-stream.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The three ways to run the CLI: argv before the command's own. */
const WAYS: Record<string, readonly string[]> = {
  sources: ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')],
  'ES module build': [join(ROOT, 'dist/cli/main.js')],
  launcher: [join(ROOT, 'bin/sidecarctl')],
};

/** Prints `WORKER-UNITS n` at exit: the units that worker threads rewrote. */
const HOOK = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs'; let n = 0; process.on('worker', (w) => w.on('message', (m) => { if (m && m.ok === true) n++; })); process.on('exit', () => writeSync(2, 'WORKER-UNITS ' + n + '\\n'));",
)}`;

function deployment(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${String(i)} # keep
spec:
  template:
    metadata:
      annotations:
        sidecarctl.io/inject: "${i % 5 === 0 ? 'nope' : 'envoy'}"
    spec:
      containers:
        - name: app
          image: myapp:v${String(i % 7)}
`;
}

/** The benches' pod with two classic sidecars, then a document migrate leaves alone. */
function classic(i: number): string {
  return `${classicPod(i)}---\n# a ConfigMap between pods\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c-${String(i)}}\n`;
}

/** Over 1 Mi characters: the CLI's threshold for worker threads. */
const INJECT = Array.from({ length: 4600 }, (_, i) => deployment(i)).join('---\n');
const MIGRATE = Array.from({ length: 3500 }, (_, i) => classic(i)).join('---\n');

function run(
  way: string,
  args: readonly string[],
  input = '',
): { code: number | null; stdout: string; stderr: string; units: number } {
  const r = spawnSync(process.execPath, ['--import', HOOK, ...WAYS[way]!, ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 256 << 20,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const units = Number(/WORKER-UNITS (\d+)\n$/.exec(r.stderr)?.[1] ?? NaN);
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr.replace(/WORKER-UNITS \d+\n$/, ''),
    units,
  };
}

/** The one-thread rewrite of `file` by the library: stdout and stderr as the CLI prints them. */
function oneThread<R>(
  file: string,
  job: RewriteJob<R, RewriteDigest>,
): { stdout: string; stderr: string; indexes: number[] } {
  const lines: string[] = [];
  const indexes: number[] = [];
  const files = rewritePaths([file], job.transform, (o) => {
    const d = job.digest(o);
    if (d.lines !== '') lines.push(d.lines);
    if (d.kept !== null) indexes.push(o.object.document.index);
  });
  return {
    stdout: files[0]!.after,
    stderr: lines.length > 0 ? lines.join('\n') + '\n' : '',
    indexes,
  };
}

describe('inject and migrate on worker threads (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-parallel-cli-'));
  const injectFile = join(dir, 'inject.yaml');
  const migrateFile = join(dir, 'migrate.yaml');
  writeFileSync(injectFile, INJECT);
  writeFileSync(migrateFile, MIGRATE);
  const version = versionFromFlags(undefined, undefined);
  const base = { catalog: loadCatalog([]), version };
  const injected = oneThread(
    injectFile,
    injectJob({
      ...base,
      command: 'inject',
      format: 'yaml',
      mode: 'auto',
      with: [],
      explain: true,
    }),
  );
  const migrated = oneThread(
    migrateFile,
    migrateJob({ ...base, command: 'migrate', format: 'json', sidecars: [] }),
  );
  const migratedNotes = oneThread(
    migrateFile,
    migrateJob({ ...base, command: 'migrate', format: 'yaml', sidecars: [] }),
  );

  for (const way of Object.keys(WAYS)) {
    it(`when inject --explain runs through the ${way} then workers rewrite it and it prints the one-thread bytes`, () => {
      const r = run(way, ['inject', '--explain', injectFile]);
      assert.equal(r.code, 0, r.stderr.slice(0, 400));
      assert.ok(r.units >= 2, `worker units: ${String(r.units)}`);
      assert.ok(r.stdout === injected.stdout, 'stdout differs from the one-thread rewrite');
      assert.ok(r.stderr === injected.stderr, 'stderr differs from the one-thread rewrite');
    });
  }

  it('when migrate runs on workers then its notes and its -o json indexes are the one-thread ones', () => {
    const yaml = run('ES module build', ['migrate', migrateFile]);
    assert.equal(yaml.code, 0, yaml.stderr.slice(0, 400));
    assert.ok(yaml.units >= 2);
    assert.ok(yaml.stdout === migratedNotes.stdout, 'stdout differs');
    assert.ok(yaml.stderr === migratedNotes.stderr, 'stderr differs');
    const json = run('launcher', ['migrate', '-o', 'json', migrateFile]);
    assert.equal(json.code, 0, json.stderr.slice(0, 400));
    assert.ok(json.units >= 2);
    const objects = (JSON.parse(json.stdout) as { objects: { index: number; name: string }[] })
      .objects;
    assert.deepEqual(
      objects.map((o) => o.index),
      migrated.indexes,
    );
    assert.equal(objects.at(-1)!.index, 2 * 3500 - 1);
  });

  it('when the catalog comes on stdin then the workers inject its entries as one thread does', () => {
    const catalogText = readFileSync(
      join(ROOT, 'examples/inject/catalog/otel-collector.yaml'),
      'utf8',
    );
    const catalogFile = join(dir, 'catalog.yaml');
    writeFileSync(catalogFile, catalogText);
    const r = run(
      'launcher',
      ['inject', '--catalog', '-', '--with', 'otel-collector', injectFile],
      catalogText,
    );
    assert.equal(r.code, 0, r.stderr.slice(0, 400));
    assert.ok(r.units >= 2, `worker units: ${String(r.units)}`);
    const expected = oneThread(
      injectFile,
      injectJob({
        catalog: loadCatalog([catalogFile]),
        version,
        command: 'inject',
        format: 'yaml',
        mode: 'auto',
        with: ['otel-collector'],
        explain: false,
      }),
    );
    assert.ok(r.stdout === expected.stdout, 'stdout differs from the one-thread rewrite');
    assert.equal(r.stdout.split('name: otel-collector').length - 1, 4600);
  });

  it('cleans up', () => {
    rmSync(dir, { recursive: true, force: true });
  });
});
