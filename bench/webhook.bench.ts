/**
 * Benchmark of `sidecarctl webhook serve` (issue 11), with autocannon, in one run:
 *
 * 1. `/mutate` at a fixed 1,000 requests/s for BENCH_SECONDS (default 60) with a pod asking for
 *    three catalog entries: latency p50/p99, errors, non-2xx (goal: p99 < 5 ms, 0 errors);
 * 2. the most `/mutate` answers per second next to a bare Node HTTPS server answering a fixed
 *    body (the floor), in BENCH_ROUNDS (default 3) rounds of BENCH_MAX_SECONDS (default 5) each,
 *    the floor and the webhook back to back in every round so that the load of a shared machine
 *    weighs on both alike: the median of the rounds' ratios (goal: >= 0.5x the floor), and the
 *    CPU time each server process spent per request (from /proc), which a loaded machine
 *    disturbs far less than requests per second: 1 / CPU a request is what one free core gives.
 *
 * Two kinds of traffic: the same pod again and again, as a ReplicaSet's pods arrive (the webhook
 * answers a question it has seen from its memo, src/webhook/memo.ts), and every pod different
 * (a label of its own), where every review is computed.
 *
 * The built CLI (`npm run build` first), real TLS on 127.0.0.1; asserts nothing.
 *
 *   npm run bench:webhook            (BENCH_SECONDS=10 for a short run)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { makeServingCertificate } from '../src/pki/certificates.js';
import { webhookServeArgs } from '../test/webhook-serve.test-support.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 60);
const MAX_SECONDS = Number(process.env['BENCH_MAX_SECONDS'] ?? 5);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const MAIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

const reviewOf = (labels: Record<string, string>): string =>
  JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
      kind: { group: '', version: 'v1', kind: 'Pod' },
      resource: { group: '', version: 'v1', resource: 'pods' },
      operation: 'CREATE',
      namespace: 'default',
      object: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          generateName: 'web-',
          labels,
          annotations: { 'sidecarctl.io/inject': 'envoy,fluent-bit,prometheus-exporter' },
        },
        spec: {
          containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }],
        },
      },
    },
  });
const REVIEW = reviewOf({ app: 'web' });
/** Distinct pods, more than a run sends (autocannon cycles through them). */
const UNIQUE = Array.from({ length: 60_000 }, (_, i) => reviewOf({ app: 'web', n: String(i) }));

interface Run {
  readonly p50: number;
  readonly p99: number;
  readonly rps: number;
  readonly errors: number;
  readonly non2xx: number;
  /** CPU seconds the server process used per answered request (user + system). */
  readonly cpuPerRequest: number;
}

/** CPU seconds a process has used, from /proc (Linux; NaN elsewhere). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ
  } catch {
    return NaN;
  }
}

async function load(
  url: string,
  server: ChildProcess,
  seconds: number,
  rate?: number,
  unique = false,
): Promise<Run> {
  let next = 0;
  const cpuBefore = cpuSeconds(server.pid);
  const r = await autocannon({
    url,
    method: 'POST',
    body: REVIEW,
    headers: { 'content-type': 'application/json' },
    ...(unique
      ? {
          requests: [
            {
              setupRequest: (req: object) => ({ ...req, body: UNIQUE[next++ % UNIQUE.length] }),
            },
          ],
        }
      : {}),
    duration: seconds,
    connections: 10,
    ...(rate !== undefined ? { overallRate: rate } : {}),
  });
  const cpu = cpuSeconds(server.pid) - cpuBefore;
  return {
    cpuPerRequest: cpu / Math.max(1, r.requests.total),
    p50: r.latency.p50,
    p99: r.latency.p99,
    rps: r.requests.average,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

/** A child process serving HTTPS, once it has printed `"url":"https://127.0.0.1:PORT"`. */
function startChild(args: readonly string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: string): void => {
      out += d;
      const m = /"url":"(https:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      if (m === null) return;
      // Logs go on: keep reading (and dropping) them so the pipe never fills.
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      resolve({ child, url: m[1]! });
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${String(code)}`)));
  });
}

/**
 * The floor: a bare Node HTTPS server answering a fixed body, in a process of its own as the
 * webhook is (in this one it would share a thread with autocannon and look slower than it is),
 * with a Content-Length as fastify sends it (without, Node sends it chunked, in more writes).
 */
const FLOOR = `
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
const [cert, key] = process.argv.slice(1).map((f) => readFileSync(f));
const body = Buffer.from('{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"x","allowed":true}}');
const server = createServer({ cert, key }, (req, res) => {
  req.resume();
  req.on('end', () =>
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body),
  );
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: 'https://127.0.0.1:' + server.address().port })));
process.on('SIGTERM', () => process.exit(0));
`;

// autocannon checks no certificate; the floor and the webhook are both on 127.0.0.1.
process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-bench-webhook-'));
const cert = await makeServingCertificate({
  commonName: 'bench',
  dnsNames: ['localhost'],
  ipAddresses: ['127.0.0.1'],
});
writeFileSync(join(dir, 'tls.crt'), cert.certPem);
writeFileSync(join(dir, 'tls.key'), cert.keyPem);
const floor = await startChild([
  '--input-type=module',
  '-e',
  FLOOR,
  join(dir, 'tls.crt'),
  join(dir, 'tls.key'),
]);
const floorUrl = `${floor.url}/`;
const { child, url } = await startChild(webhookServeArgs(MAIN, dir));
const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const load1 = (): string => loadavg()[0]!.toFixed(2);
const line = (what: string, r: Run): string =>
  `  ${what}: p50 ${String(r.p50)} ms, p99 ${String(r.p99)} ms (goal < 5 ms), ` +
  `${r.rps.toFixed(0)} req/s, errors ${String(r.errors)}, non-2xx ${String(r.non2xx)}\n`;
const us = (seconds: number): string => `${(seconds * 1e6).toFixed(0)} us`;
try {
  const loadBefore = load1();
  const hook = `${url}/mutate`;
  await load(hook, child, 2); // warm-up
  await load(hook, child, 2, undefined, true);
  await load(floorUrl, floor.child, 2);
  const fixed = await load(hook, child, SECONDS, 1000);
  const fixedUnique = await load(hook, child, MAX_SECONDS * 2, 1000, true);
  const rounds: Record<'floor' | 'same' | 'unique', Run>[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate who goes first, so that a change of load favours neither.
    const floorFirst = i % 2 === 0;
    const f1 = floorFirst ? await load(floorUrl, floor.child, MAX_SECONDS) : undefined;
    const same = await load(hook, child, MAX_SECONDS);
    const unique = await load(hook, child, MAX_SECONDS, undefined, true);
    const f2 = floorFirst ? f1! : await load(floorUrl, floor.child, MAX_SECONDS);
    rounds.push({ floor: f2, same, unique });
  }
  const med = (k: 'floor' | 'same' | 'unique', f: (r: Run) => number): number =>
    median(rounds.map((r) => f(r[k])));
  const ratio = (k: 'same' | 'unique'): string =>
    `webhook ${med(k, (r) => r.rps).toFixed(0)} req/s, ` +
    `${median(rounds.map((r) => r[k].rps / r.floor.rps)).toFixed(2)}x the floor (goal >= 0.5x); ` +
    `CPU ${us(med(k, (r) => r.cpuPerRequest))} a request, ` +
    `${median(rounds.map((r) => r.floor.cpuPerRequest / r[k].cpuPerRequest)).toFixed(2)}x the floor's`;
  process.stdout.write(
    `webhook /mutate, a pod asking for 3 catalog entries, 10 connections ` +
      `(load average ${loadBefore} before, ${load1()} after, ${String(cpus().length)} cores):\n` +
      line(`the same pod at 1,000 req/s for ${String(SECONDS)} s`, fixed) +
      line(`every pod different at 1,000 req/s for ${String(MAX_SECONDS * 2)} s`, fixedUnique) +
      `  most req/s, median of ${String(ROUNDS)} rounds of ${String(MAX_SECONDS)} s: ` +
      `bare HTTPS floor ${med('floor', (r) => r.rps).toFixed(0)} req/s, ` +
      `CPU ${us(med('floor', (r) => r.cpuPerRequest))} a request\n` +
      `    the same pod: ${ratio('same')}\n` +
      `    every pod different: ${ratio('unique')}\n` +
      `  (CPU a request is the server process's own, from /proc: on a loaded machine it says what\n` +
      `  one free core would give, 1 / CPU a request, where req/s says what the machine gave.)\n`,
  );
} finally {
  child.kill('SIGTERM');
  floor.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
