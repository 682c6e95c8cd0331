/**
 * Benchmark of `sidecarctl run --runtime podman` (issue 13): the time from starting the CLI to
 * the app container's start, for a pod of 1 init container, 2 native sidecars and 1 app of a
 * real image, next to the floor measured in the same run: `podman pod create` and four
 * `podman run -d` of the same image in a shell loop. Goal: within 1.3x the floor. Runs are
 * interleaved; medians are printed, with the load. Asserts nothing.
 *
 *   npm run bench:images             (BENCH_RUNS=10 to change the number of runs)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { engineOrSkip, TEST_IMAGE } from '../test/engine-image.test-support.js';
import { median, timeToAppStart } from './measure.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/sidecarctl');
const MAIN = join(ROOT, 'dist/cli/cli.cjs');

const POD = `apiVersion: v1
kind: Pod
metadata: {name: bench-images}
spec:
  terminationGracePeriodSeconds: 1
  initContainers:
  - {name: init, image: ${TEST_IMAGE}, command: ['true']}
  - {name: sidecar-1, image: ${TEST_IMAGE}, restartPolicy: Always, command: ['sleep', '60']}
  - {name: sidecar-2, image: ${TEST_IMAGE}, restartPolicy: Always, command: ['sleep', '60']}
  containers:
  - {name: app, image: ${TEST_IMAGE}, command: ['sleep', '60']}
`;

/** ms from spawning `sidecarctl run --runtime podman` until it reports the app's ContainerStarted. */
function timeRun(file: string, state: string): Promise<number> {
  return timeToAppStart(
    BIN,
    ['run', '--runtime', 'podman', file, '--events', '-', '--state-dir', state],
    ROOT,
  );
}

/** ms for the floor: `podman pod create` + four `podman run -d` in a shell loop. */
function timeFloor(cli: readonly string[], n: number): Promise<number> {
  const pod = `sidecarctl-bench-floor-${String(n)}`;
  const script = `
    set -e
    "$@" pod create --name ${pod} >/dev/null
    for c in init sidecar-1 sidecar-2 app; do
      "$@" run -d --pod ${pod} --name ${pod}-$c ${TEST_IMAGE} sleep 60 >/dev/null
    done`;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('/bin/sh', ['-c', script, 'floor', ...cli], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => {
      const t = performance.now() - t0;
      const rm = spawn(cli[0]!, [...cli.slice(1), 'pod', 'rm', '-f', '-t', '0', pod], {
        stdio: 'ignore',
      });
      rm.once('exit', () =>
        code === 0 ? resolve(t) : reject(new Error(`floor failed: ${String(code)}`)),
      );
    });
  });
}

if (!existsSync(MAIN)) {
  process.stdout.write(`images bench: ${MAIN} is missing: run npm run build first\n`);
  process.exit(1);
}
const podman = await engineOrSkip('podman');
if (podman.skip !== false) {
  process.stdout.write(`images bench skipped: ${podman.skip}\n`);
  process.exit(0);
}
const cli = podman.engine!.cli;
const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-bench-images-'));
const file = join(dir, 'pod.yaml');
writeFileSync(file, POD);
const runs: number[] = [];
const floors: number[] = [];
const loads: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    loads.push(loadavg()[0]!);
    floors.push(await timeFloor(cli, i));
    runs.push(await timeRun(file, join(dir, 'state')));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const r = median(runs);
const f = median(floors);
const range = (xs: number[]): string =>
  `min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}`;
process.stdout.write(
  `sidecarctl run --runtime podman, 1 init + 2 sidecars + 1 app, ${String(RUNS)} runs (medians), load ${median(loads).toFixed(1)} on ${String((await import('node:os')).availableParallelism())} CPUs:\n` +
    `  run -> app ContainerStarted          ${r.toFixed(0).padStart(6)} ms   (${range(runs)})\n` +
    `  floor (pod create + 4 run -d, shell) ${f.toFixed(0).padStart(6)} ms   (${range(floors)})\n` +
    `  ratio ${(r / f).toFixed(2)}x (goal <= 1.3x)\n`,
);
