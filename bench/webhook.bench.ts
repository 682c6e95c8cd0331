/**
 * Benchmark of `sidecarctl webhook serve` (issue 11), with autocannon, in one run:
 *
 * 1. `/mutate` at a fixed 1,000 requests/s for BENCH_SECONDS (default 60) with a pod asking for
 *    three catalog entries: latency p50/p99, errors, non-2xx (goal: p99 < 5 ms, 0 errors);
 * 2. the most `/mutate` answers per second, next to a bare Node HTTPS server answering a fixed
 *    body (the floor), each for BENCH_MAX_SECONDS (default 10) (goal: >= 0.5x the floor).
 *
 * The built CLI (`npm run build` first), real TLS on 127.0.0.1; asserts nothing.
 *
 *   npm run bench:webhook            (BENCH_SECONDS=10 for a short run)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { makeServingCertificate } from '../src/pki/certificates.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 60);
const MAX_SECONDS = Number(process.env['BENCH_MAX_SECONDS'] ?? 10);
const MAIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

const REVIEW = JSON.stringify({
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
        annotations: { 'sidecarctl.io/inject': 'envoy,fluent-bit,prometheus-exporter' },
      },
      spec: {
        containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }],
      },
    },
  },
});

interface Run {
  readonly p50: number;
  readonly p99: number;
  readonly rps: number;
  readonly errors: number;
  readonly non2xx: number;
}

async function load(url: string, seconds: number, rate?: number): Promise<Run> {
  const r = await autocannon({
    url,
    method: 'POST',
    body: REVIEW,
    headers: { 'content-type': 'application/json' },
    duration: seconds,
    connections: 10,
    ...(rate !== undefined ? { overallRate: rate } : {}),
  });
  return {
    p50: r.latency.p50,
    p99: r.latency.p99,
    rps: r.requests.average,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

function startWebhook(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      MAIN,
      'webhook',
      'serve',
      '--listen',
      '127.0.0.1:0',
      '--tls-cert-file',
      join(dir, 'tls.crt'),
      '--tls-private-key-file',
      join(dir, 'tls.key'),
      '--k8s-version',
      '1.33',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
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
    child.once('exit', (code) => reject(new Error(`webhook serve exited ${String(code)}`)));
  });
}

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
const body = Buffer.from(
  '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"x","allowed":true}}',
);
const floor = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
});
await new Promise<void>((r) => floor.listen(0, '127.0.0.1', r));
const floorUrl = `https://127.0.0.1:${String((floor.address() as AddressInfo).port)}/`;
const { child, url } = await startWebhook(dir);
try {
  await load(`${url}/mutate`, 2); // warm-up
  const fixed = await load(`${url}/mutate`, SECONDS, 1000);
  const maxWebhook = await load(`${url}/mutate`, MAX_SECONDS);
  const maxFloor = await load(floorUrl, MAX_SECONDS);
  process.stdout.write(
    `webhook /mutate, a pod asking for 3 catalog entries, 10 connections:\n` +
      `  at 1,000 req/s for ${String(SECONDS)} s: p50 ${String(fixed.p50)} ms, p99 ${String(fixed.p99)} ms (goal < 5 ms), ` +
      `${fixed.rps.toFixed(0)} req/s, errors ${String(fixed.errors)}, non-2xx ${String(fixed.non2xx)}\n` +
      `  most req/s for ${String(MAX_SECONDS)} s: webhook ${maxWebhook.rps.toFixed(0)}, bare HTTPS floor ${maxFloor.rps.toFixed(0)}: ` +
      `ratio ${(maxWebhook.rps / maxFloor.rps).toFixed(2)}x (goal >= 0.5x)\n`,
  );
} finally {
  child.kill('SIGTERM');
  floor.close();
  rmSync(dir, { recursive: true, force: true });
}
