/**
 * Benchmark of `sidecarctl run` (issue 4): the time from starting `sidecarctl run` to the app
 * container's start, for a pod with 1 init container, 2 native sidecars and 1 app (no probes),
 * next to the floor measured in the same run: Node start-up plus
 * the same number of bare process spawns in namespaces (one network namespace for the pod, then
 * one `nsenter` + `unshare --mount --pid --uts --fork` per container, one after another).
 * Target: within 1.5x the floor. Runs are interleaved; medians are printed. Asserts nothing.
 *
 *   npm run bench:run                 (BENCH_RUNS=10 to change the number of runs)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { detectCapabilities, userNsFlags } from '../src/runtime/isolation/host.js';
import { nativePod } from './native-pod.js';
import { median } from './measure.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
// The built CLI as users run it: the npm bin, started by its `#!` line, which runs the bundle
// with its code cache (npm run build first; tsx would time the TypeScript transpiler instead).
const BIN = join(ROOT, 'bin/sidecarctl');
const MAIN = join(ROOT, 'dist/cli/cli.cjs');

const POD = nativePod('bench');

/** Inside the pod: `t` of the app's ContainerStarted (ms since the pod was created). */
const podTimes: number[] = [];

/** ms from spawning `sidecarctl run` until it reports the app's ContainerStarted. */
function timeRun(file: string, state: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(BIN, ['run', file, '--events', '-', '--state-dir', state], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    let t: number | null = null;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /\{"t":([\d.]+),[^\n]*"type":"ContainerStarted","container":"app"/.exec(out);
      if (t === null && m !== null) {
        t = performance.now() - t0;
        podTimes.push(Number(m[1]) * 1000);
        child.kill('SIGINT');
      }
    });
    child.once('error', reject);
    child.once('close', () =>
      t === null ? reject(new Error('the app never started')) : resolve(t),
    );
  });
}

/** ms for the floor: Node start-up, one netns, then 4 container spawns in namespaces. */
function timeFloor(root: boolean, flags: readonly string[]): Promise<number> {
  const user = flags.map((f) => `'${f}', `).join('');
  const script = `
    const { spawn, spawnSync } = require('node:child_process');
    const fs = require('node:fs');
    const h = spawn('unshare', [${user}'--net', 'sh', '-c', 'ip link set lo up && echo ready && exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
    h.stdout.once('data', async () => {
      const net = fs.openSync('/proc/' + h.pid + '/ns/net', 'r');
      const usr = ${root ? 'null' : "fs.openSync('/proc/' + h.pid + '/ns/user', 'r')"};
      h.kill('SIGKILL');
      const self = '/proc/' + process.pid + '/fd/';
      const join = usr === null ? ['--net=' + self + net] : ['--user=' + self + usr, '--net=' + self + net, '--preserve-credentials'];
      for (let i = 0; i < 4; i++) {
        await new Promise((r) => spawn('nsenter', [...join, '--', 'unshare', ${user}'--mount', '--pid', '--uts', '--fork', '--mount-proc', 'true'], { stdio: 'ignore' }).once('exit', r));
      }
      process.exit(0);
    });`;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve(performance.now() - t0));
  });
}

if (!existsSync(MAIN)) {
  process.stdout.write(`run bench: ${MAIN} is missing: run npm run build first\n`);
  process.exit(1);
}
const caps = await detectCapabilities();
if (!caps.namespaces) {
  process.stdout.write(
    `run bench skipped: Linux namespaces unavailable: ${caps.reason ?? 'unknown'}\n`,
  );
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-bench-run-'));
const file = join(dir, 'pod.yaml');
writeFileSync(file, POD);
const runs: number[] = [];
const floors: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    floors.push(await timeFloor(caps.root, userNsFlags(caps)));
    runs.push(await timeRun(file, join(dir, 'state')));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const r = median(runs);
const f = median(floors);
process.stdout.write(
  `sidecarctl run, 1 init + 2 sidecars + 1 app, ${caps.root ? 'root' : 'unprivileged'}, ${String(RUNS)} runs (medians):\n` +
    `  run -> app ContainerStarted   ${r.toFixed(0).padStart(6)} ms   (min ${Math.min(...runs).toFixed(0)}, max ${Math.max(...runs).toFixed(0)})\n` +
    `  floor (node + netns + 4 ns spawns) ${f.toFixed(0).padStart(6)} ms   (min ${Math.min(...floors).toFixed(0)}, max ${Math.max(...floors).toFixed(0)})\n` +
    `  of which inside the pod (pod created -> app started, event t) ${median(podTimes).toFixed(0)} ms;\n` +
    `  the rest is Node + module loading of the CLI and reading the input (the sandbox is made\n` +
    `  meanwhile, when the namespace probe's answer is kept from an earlier run)\n` +
    `  ratio ${(r / f).toFixed(2)}x (target <= 1.5x)\n`,
);
