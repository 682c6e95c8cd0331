/**
 * Benchmark of `sidecarctl serve` (issue 10), three figures measured in one run:
 *
 * 1. `kubectl apply` of the 1 init + 2 sidecars + 1 app pod to the app's start (seen on a watch of
 *    the pod), next to `sidecarctl run` of the same pod to its app's ContainerStarted (goal:
 *    within 1.3x). Runs are interleaved; medians are printed.
 * 2. `kubectl get pods` with 100 running pods, next to `kubectl version --client` (goal: within
 *    1.5x).
 * 3. serve's resident memory with those 100 running pods (goal: under 200 MB).
 *
 * Uses the built CLI (`npm run build` first) and the kubectl on PATH; asserts nothing.
 *
 *   npm run bench:serve              (BENCH_RUNS=10, BENCH_PODS=100 to change the counts)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { nativePod } from './native-pod.js';
import { median, timeToAppStart } from './measure.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const PODS = Number(process.env['BENCH_PODS'] ?? 100);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'dist/cli/main.js');

function pod(name: string): string {
  return nativePod(name, 600);
}

interface Api {
  readonly server: string;
  readonly ca: string;
  readonly token: string;
}

function apiOf(kubeconfig: string): Api {
  const kc = parse(readFileSync(kubeconfig, 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { user: { token: string } }[];
  };
  const c = kc.clusters[0]!.cluster;
  return {
    server: c.server,
    ca: Buffer.from(c['certificate-authority-data'], 'base64').toString('utf8'),
    token: kc.users[0]!.user.token,
  };
}

/** Resolves when `pred` holds for a pod seen on a watch of the default namespace's pods. */
function waitForPod(api: Api, pred: (p: PodLike) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${api.server}/api/v1/namespaces/default/pods?watch=true`,
      { ca: api.ca, headers: { Authorization: `Bearer ${api.token}` } },
      (res) => {
        let buf = '';
        res.setEncoding('utf8').on('data', (d: string) => {
          buf += d;
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            const e = JSON.parse(line) as { object: PodLike };
            if (pred(e.object)) {
              req.destroy();
              resolve();
            }
          }
        });
      },
    );
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? 0 : reject(e)));
    req.end();
  });
}

interface PodLike {
  metadata: { name: string };
  status?: { containerStatuses?: { name: string; state?: { running?: unknown } }[] };
}

function appRunning(name: string): (p: PodLike) => boolean {
  return (p) =>
    p.metadata.name === name &&
    (p.status?.containerStatuses ?? []).some((c) => c.name === 'app' && c.state?.running);
}

function kubectl(args: readonly string[], kubeconfig: string, cache: string): number {
  const t0 = performance.now();
  const r = spawnSync('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cache, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return performance.now() - t0;
}

/** ms from `kubectl apply` until the app container runs. */
async function timeApply(api: Api, file: string, name: string, kc: string, cache: string) {
  const seen = waitForPod(api, appRunning(name));
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const c = spawn('kubectl', ['--kubeconfig', kc, '--cache-dir', cache, 'apply', '-f', file], {
      stdio: 'ignore',
    });
    c.once('error', reject);
    c.once('exit', () => resolve());
  });
  await seen;
  return performance.now() - t0;
}

/** ms from spawning `sidecarctl run` until it reports the app's ContainerStarted. */
function timeRun(file: string, state: string): Promise<number> {
  return timeToAppStart(process.execPath, [
    MAIN,
    'run',
    file,
    '--events',
    '-',
    '--state-dir',
    state,
  ]);
}

function startServe(dir: string): Promise<{ child: ChildProcess; kubeconfig: string }> {
  const kubeconfig = join(dir, 'kubeconfig');
  const child = spawn(
    process.execPath,
    [MAIN, 'serve', '--state-dir', join(dir, 'serve-state'), '--kubeconfig', kubeconfig],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('\n')) resolve({ child, kubeconfig });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${String(code)}`)));
  });
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'));
  return m === null ? NaN : Number(m[1]) / 1024;
}

if (!existsSync(MAIN)) {
  process.stdout.write(`serve bench: ${MAIN} is missing: run npm run build first\n`);
  process.exit(1);
}
if (spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status !== 0) {
  process.stdout.write('serve bench skipped: no kubectl on PATH\n');
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-bench-serve-'));
const cache = join(dir, 'kube-cache');
const { child, kubeconfig } = await startServe(dir);
const api = apiOf(kubeconfig);
try {
  // Warm kubectl's discovery and OpenAPI caches, as a user's second command would have them.
  kubectl(['get', 'pods'], kubeconfig, cache);
  const applies: number[] = [];
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const file = join(dir, `bench-${String(i)}.yaml`);
    writeFileSync(file, pod(`bench-${String(i)}`));
    applies.push(await timeApply(api, file, `bench-${String(i)}`, kubeconfig, cache));
    runs.push(await timeRun(file, join(dir, 'run-state')));
    kubectl(
      ['delete', 'pod', `bench-${String(i)}`, '--grace-period=0', '--force'],
      kubeconfig,
      cache,
    );
  }
  for (let i = 0; i < PODS; i++) {
    const file = join(dir, `many-${String(i)}.yaml`);
    writeFileSync(file, pod(`many-${String(i)}`));
    const seen = waitForPod(api, appRunning(`many-${String(i)}`));
    kubectl(['apply', '-f', file], kubeconfig, cache);
    await seen;
  }
  const gets: number[] = [];
  const versions: number[] = [];
  for (let i = 0; i < RUNS * 3; i++) {
    gets.push(kubectl(['get', 'pods'], kubeconfig, cache));
    versions.push(kubectl(['version', '--client'], kubeconfig, cache));
  }
  const rss = rssMb(child.pid!);
  const a = median(applies);
  const r = median(runs);
  const g = median(gets);
  const v = median(versions);
  process.stdout.write(
    `sidecarctl serve, ${String(RUNS)} runs (medians):\n` +
      `  kubectl apply -> app running    ${a.toFixed(0).padStart(6)} ms\n` +
      `  sidecarctl run -> app started   ${r.toFixed(0).padStart(6)} ms\n` +
      `  ratio ${(a / r).toFixed(2)}x (goal <= 1.3x)\n` +
      `  kubectl get pods (${String(PODS)} pods)   ${g.toFixed(0).padStart(6)} ms\n` +
      `  kubectl version --client        ${v.toFixed(0).padStart(6)} ms\n` +
      `  ratio ${(g / v).toFixed(2)}x (goal <= 1.5x)\n` +
      `  serve RSS with ${String(PODS)} running pods ${rss.toFixed(0)} MB (goal < 200 MB)\n`,
  );
} finally {
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
