/**
 * Start-up of the CLI next to kubectl's (issue 9): `sidecarctl --version` as users run it (the
 * npm bin, bin/sidecarctl, started by its `#!` line) against `kubectl version --client`, with
 * `node -e 0` and the whole CLI (`node dist/cli/main.js --version`, no launcher) beside them.
 * All four are interleaved run by run, so load on the machine hits them alike; medians printed.
 * Goal: no slower than kubectl. Asserts nothing; skips kubectl where it is absent.
 *
 *   npm run bench:startup          (BENCH_RUNS=20 to change the number of runs)
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 15);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

function timeMs(cmd: string, args: readonly string[]): number | null {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.error !== undefined || r.status !== 0 ? null : performance.now() - t0;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const CASES: readonly { label: string; cmd: string; args: readonly string[] }[] = [
  { label: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] },
  { label: 'sidecarctl --version', cmd: join(ROOT, 'bin/sidecarctl'), args: ['--version'] },
  { label: 'kubectl version --client', cmd: 'kubectl', args: ['version', '--client'] },
  {
    label: 'node dist/cli/main.js --version',
    cmd: process.execPath,
    args: [join(ROOT, 'dist/cli/main.js'), '--version'],
  },
];

const times = CASES.map((): number[] => []);
for (let i = 0; i < RUNS; i++) {
  for (const [j, c] of CASES.entries()) {
    const t = timeMs(c.cmd, c.args);
    if (t !== null) times[j]!.push(t);
    else if (c.cmd !== 'kubectl') throw new Error(`${c.label} failed: run npm run build first`);
  }
}
console.log(`startup benchmark, median of ${String(RUNS)} interleaved runs`);
for (const [j, c] of CASES.entries()) {
  const t = times[j]!;
  console.log(
    `${c.label.padEnd(32)} ${t.length === 0 ? '(not found: skipped)' : `${median(t).toFixed(0).padStart(5)} ms`}`,
  );
}
const [ours, theirs] = [times[1]!, times[2]!];
if (theirs.length > 0)
  console.log(
    `ratio sidecarctl / kubectl: ${(median(ours) / median(theirs)).toFixed(2)}x (goal <= 1.00x)`,
  );
