/**
 * Start-up of the CLI next to kubectl's (issue 9): `sidecarctl --version` (the built CLI, as
 * `npx sidecarctl` runs it) against `kubectl version --client`, interleaved, medians printed.
 * Goal: no slower than kubectl. Asserts nothing; skips kubectl where it is absent.
 *
 *   npm run bench:startup          (BENCH_RUNS=20 to change the number of runs)
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 15);
const MAIN = join(fileURLToPath(new URL('..', import.meta.url)), 'dist/cli/main.js');

function timeMs(cmd: string, args: readonly string[]): number | null {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.error !== undefined || r.status !== 0 ? null : performance.now() - t0;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const ours: number[] = [];
const theirs: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const a = timeMs(process.execPath, [MAIN, '--version']);
  if (a === null) throw new Error('sidecarctl --version failed: run npm run build first');
  ours.push(a);
  const b = timeMs('kubectl', ['version', '--client']);
  if (b !== null) theirs.push(b);
}
const node0 = median(Array.from({ length: 5 }, () => timeMs(process.execPath, ['-e', '0'])!));
console.log(`startup benchmark, median of ${String(RUNS)} interleaved runs`);
console.log(`node -e 0                 ${node0.toFixed(0).padStart(5)} ms`);
console.log(`sidecarctl --version      ${median(ours).toFixed(0).padStart(5)} ms`);
if (theirs.length === 0) console.log('kubectl version --client  (kubectl not found: skipped)');
else {
  const k = median(theirs);
  console.log(`kubectl version --client  ${k.toFixed(0).padStart(5)} ms`);
  console.log(`ratio sidecarctl / kubectl: ${(median(ours) / k).toFixed(2)}x (goal <= 1.00x)`);
}
