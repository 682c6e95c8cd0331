import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { makeServingCertificate, type ServingCertificate } from '../pki/certificates.js';
import { resolveVersion } from '../model/versions.js';
import { answerReview, type AdmitFunction, type ReviewSettings } from './review.js';
import { startWebhookServer, type WebhookServer } from './server.js';

interface Answer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: string;
  readonly fingerprint: string;
}

function call(
  server: WebhookServer,
  ca: string,
  path: string,
  body?: string | Buffer,
  method = 'POST',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${path}`,
      { method, ca, agent: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'],
            body: text,
            fingerprint: (
              res.socket as unknown as { getPeerCertificate(): { fingerprint256: string } }
            ).getPeerCertificate().fingerprint256,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function review(object: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: 'u-1',
      kind: { group: '', version: 'v1', kind: 'Pod' },
      operation: 'CREATE',
      namespace: 'team',
      object,
      ...extra,
    },
  });
}

/** An admit that adds one label, so the patch is known; refuses pods named "bad". */
const fakeAdmit: AdmitFunction = (object) => {
  const name = (object['metadata'] as { name?: string } | undefined)?.name;
  if (name === 'bad')
    return {
      allowed: false,
      patch: [],
      object,
      warnings: [],
      status: {
        code: 422,
        reason: 'Invalid',
        message: 'Pod "bad" is invalid: spec: Required value',
      },
    };
  return {
    allowed: true,
    patch: [{ op: 'add', path: '/metadata/labels', value: { injected: 'yes' } }],
    object,
    warnings: ['a warning'],
  };
};

/** One object: the memo is emptied when the settings' version is another object. */
const V133 = resolveVersion('1.33', {});

/** How many reviews reached admit (a review answered from the memo does not). */
let admitted = 0;
const countingAdmit: AdmitFunction = (object, options) => {
  admitted++;
  if ((object['metadata'] as { name?: string } | undefined)?.name === 'boom')
    throw new Error('a bug of ours');
  return fakeAdmit(object, options);
};

describe('webhook server', () => {
  let dir = '';
  let cert: ServingCertificate;
  let server: WebhookServer;
  const logs: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sidecarctl-webhook-server-'));
    cert = await makeServingCertificate({
      commonName: 'w',
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1'],
    });
    writeFileSync(join(dir, 'tls.crt'), cert.certPem);
    writeFileSync(join(dir, 'tls.key'), cert.keyPem);
    server = await startWebhookServer({
      host: '127.0.0.1',
      port: 0,
      certFile: join(dir, 'tls.crt'),
      keyFile: join(dir, 'tls.key'),
      settings: () => ({
        admit: countingAdmit,
        base: { version: V133 },
        validate: 'deny',
      }),
      logger: pino({}, { write: (l: string) => logs.push(l) }),
      reloadIntervalMs: 3_600_000,
    });
  });

  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when a pod is reviewed at /mutate then the answer echoes the uid and carries the base64 JSONPatch', async () => {
    const a = await call(
      server,
      cert.caPem,
      '/mutate',
      review({ kind: 'Pod', metadata: { name: 'p' } }),
    );
    assert.equal(a.status, 200);
    const body = JSON.parse(a.body) as {
      apiVersion: string;
      kind: string;
      response: Record<string, unknown>;
    };
    assert.equal(body.apiVersion, 'admission.k8s.io/v1');
    assert.equal(body.kind, 'AdmissionReview');
    assert.equal(body.response['uid'], 'u-1');
    assert.equal(body.response['allowed'], true);
    assert.equal(body.response['patchType'], 'JSONPatch');
    assert.deepEqual(JSON.parse(Buffer.from(String(body.response['patch']), 'base64').toString()), [
      { op: 'add', path: '/metadata/labels', value: { injected: 'yes' } },
    ]);
    assert.deepEqual(body.response['warnings'], ['a warning']);
  });

  it('when an invalid pod is reviewed at /validate with deny then it is refused with the API server wording', async () => {
    const a = await call(
      server,
      cert.caPem,
      '/validate',
      review({ kind: 'Pod', metadata: { name: 'bad' } }),
    );
    const r = (
      JSON.parse(a.body) as {
        response: { allowed: boolean; status: { code: number; message: string } };
      }
    ).response;
    assert.equal(r.allowed, false);
    assert.equal(r.status.code, 422);
    assert.equal(r.status.message, 'Pod "bad" is invalid: spec: Required value');
  });

  it('when the object is not a pod or workload then it is allowed untouched, with the reason for the audit log', async () => {
    const a = await call(
      server,
      cert.caPem,
      '/mutate',
      review(
        { kind: 'Service', metadata: { name: 's' } },
        { kind: { group: '', version: 'v1', kind: 'Service' } },
      ),
    );
    const r = (JSON.parse(a.body) as { response: Record<string, unknown> }).response;
    assert.equal(r['allowed'], true);
    assert.equal(r['patch'], undefined);
    assert.deepEqual(r['auditAnnotations'], {
      'sidecarctl.io/skipped': 'sidecarctl admits pods and workloads, not Service',
    });
  });

  it('when bodies are malformed then each gets a 400 Status and the server goes on', async () => {
    for (const body of [
      '{not json',
      '[]',
      '',
      '{"__proto__":{"polluted":true}}',
      JSON.stringify({ apiVersion: 'v1', kind: 'AdmissionReview' }),
      JSON.stringify({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: { object: {} },
      }),
    ]) {
      const a = await call(server, cert.caPem, '/mutate', body);
      assert.equal(a.status, 400, body);
      assert.equal((JSON.parse(a.body) as { kind: string; reason: string }).kind, 'Status');
    }
    const big = await call(server, cert.caPem, '/mutate', Buffer.alloc(3 * 1024 * 1024 + 10, 0x20));
    assert.equal(big.status, 413);
    assert.equal((await call(server, cert.caPem, '/healthz', undefined, 'GET')).status, 200);
  });

  it('when a client sends its body too slowly then it gets a 408 at the receive deadline and the server goes on', async () => {
    const slow = await startWebhookServer({
      host: '127.0.0.1',
      port: 0,
      certFile: join(dir, 'tls.crt'),
      keyFile: join(dir, 'tls.key'),
      settings: () => ({
        admit: fakeAdmit,
        base: { version: resolveVersion('1.33', {}) },
        validate: 'deny',
      }),
      logger: pino({}, { write: () => undefined }),
      reloadIntervalMs: 3_600_000,
      receiveDeadlineMs: 200,
    });
    try {
      const port = Number(new URL(slow.url).port);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(
          { host: '127.0.0.1', port, ca: cert.caPem, servername: 'localhost' },
          () => {
            // Headers and the first byte of a body that never comes whole.
            socket.write(
              'POST /mutate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
                'Content-Length: 1000\r\n\r\n{',
            );
          },
        );
        let text = '';
        socket.setEncoding('utf8').on('data', (d: string) => (text += d));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      assert.match(answer, /^HTTP\/1\.1 408 /);
      const ok = await call(
        slow,
        cert.caPem,
        '/mutate',
        review({ kind: 'Pod', metadata: { name: 'p' } }),
      );
      assert.equal(ok.status, 200);
    } finally {
      await slow.close();
    }
  });

  it('when the certificate files change then new connections get the new certificate without a restart', async () => {
    const before = await call(server, cert.caPem, '/readyz', undefined, 'GET');
    assert.equal(before.status, 200);
    const next = await makeServingCertificate({
      commonName: 'w2',
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1'],
    });
    // As the kubelet swaps a Secret's files: write beside, then rename over.
    writeFileSync(join(dir, 'tls.crt.new'), next.certPem);
    writeFileSync(join(dir, 'tls.key.new'), next.keyPem);
    renameSync(join(dir, 'tls.key.new'), join(dir, 'tls.key'));
    renameSync(join(dir, 'tls.crt.new'), join(dir, 'tls.crt'));
    assert.equal(server.reloadCertificate(), true);
    const afterReload = await call(server, next.caPem, '/readyz', undefined, 'GET');
    assert.equal(afterReload.status, 200);
    assert.equal(afterReload.fingerprint, new X509Certificate(next.certPem).fingerprint256);
    assert.notEqual(afterReload.fingerprint, before.fingerprint);
    cert = next;
  });

  it('when reviews were answered then /metrics counts them by endpoint and outcome, and no log line holds the object', async () => {
    await call(
      server,
      cert.caPem,
      '/mutate',
      review({ kind: 'Pod', metadata: { name: 'p' }, data: { password: 's3cr3t' } }),
    );
    const m = await call(server, cert.caPem, '/metrics', undefined, 'GET');
    assert.match(
      m.body,
      /sidecarctl_webhook_reviews_total\{endpoint="mutate",outcome="patched",entry=""\} \d+/,
    );
    assert.match(
      m.body,
      /sidecarctl_webhook_reviews_total\{endpoint="validate",outcome="denied",entry=""\} 1/,
    );
    assert.ok(logs.length > 0);
    assert.ok(!logs.some((l) => l.includes('s3cr3t')), 'a log line holds the object');
  });

  it("when the same review comes again under other uids then the answers are byte for byte a fresh review's, each counted and logged", async () => {
    const settings: ReviewSettings = {
      admit: fakeAdmit,
      base: { version: resolveVersion('1.33', {}) },
      validate: 'deny',
    };
    const object = { kind: 'Pod', metadata: { generateName: 'rs-' } };
    const counted = async (): Promise<number> => {
      const m = await call(server, cert.caPem, '/metrics', undefined, 'GET');
      const line =
        /sidecarctl_webhook_reviews_total\{endpoint="mutate",outcome="patched",entry=""\} (\d+)/.exec(
          m.body,
        );
      return Number(line?.[1] ?? 0);
    };
    const countedBefore = await counted();
    const admittedBefore = admitted;
    const logsBefore = logs.filter((l) => l.includes('"msg":"review"')).length;
    const uids = ['u-first', 'u-second', 'u-\\"third\\"', 'u-\\u00e9\\\\'];
    for (const uid of uids) {
      const body = review(object).replace('"uid":"u-1"', `"uid":"${uid}"`);
      const a = await call(server, cert.caPem, '/mutate', body);
      assert.equal(a.status, 200);
      assert.equal(a.contentType, 'application/json; charset=utf-8');
      const expected = JSON.stringify(answerReview('mutate', JSON.parse(body), settings).body);
      assert.equal(a.body, expected, uid);
    }
    assert.equal(admitted - admittedBefore, 1, 'the memo answered all but the first');
    assert.equal((await counted()) - countedBefore, uids.length);
    const logged = logs.filter((l) => l.includes('"msg":"review"')).slice(logsBefore);
    assert.deepEqual(
      logged.map((l) => (JSON.parse(l) as { uid: string }).uid),
      ['u-first', 'u-second', 'u-"third"', 'u-\u00e9\\'],
    );
  });

  it('when a review comes with a Content-Length (answered before fastify) or chunked (through fastify) then the answers are the same bytes', async () => {
    const port = Number(new URL(server.url).port);
    /** The raw answer, its Date header taken out, to one request on a connection of its own. */
    const raw = (path: string, body: string, chunked: boolean): Promise<string> =>
      new Promise((resolve, reject) => {
        const socket = connect(
          { host: '127.0.0.1', port, ca: cert.caPem, servername: 'localhost' },
          () => {
            const head = `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\n`;
            const size = Buffer.byteLength(body);
            socket.write(
              chunked
                ? `${head}Transfer-Encoding: chunked\r\n\r\n${size.toString(16)}\r\n${body}\r\n0\r\n\r\n`
                : `${head}Content-Length: ${String(size)}\r\n\r\n${body}`,
            );
          },
        );
        let text = '';
        socket.setEncoding('utf8').on('data', (d: string) => (text += d));
        socket.on('close', () => resolve(text.replace(/\r\nDate: [^\r]*/i, '')));
        socket.on('error', reject);
      });
    const pod = { kind: 'Pod', metadata: { generateName: 'direct-' } };
    const cases: [string, string][] = [
      ['/mutate', review(pod)],
      ['/mutate', review(pod).replace('"u-1"', '"u-2"')],
      ['/mutate?timeout=10s', review(pod).replace('"u-1"', '"u-\\"3"')],
      ['/validate', review({ kind: 'Pod', metadata: { name: 'bad' } })],
      ['/mutate', '{not json'],
      ['/mutate', '{"__proto__":{"polluted":true}}'],
      ['/mutate', '[]'],
    ];
    for (const [path, body] of cases) {
      const direct = await raw(path, body, false);
      const viaFastify = await raw(path, body, true);
      assert.match(direct, /^HTTP\/1\.1 (200|400) /, body);
      assert.equal(direct, viaFastify, `${path} ${body}`);
    }
  });

  it('when answering a review fails on a bug of ours then it is a 500 Status, counted, and the server goes on', async () => {
    const a = await call(
      server,
      cert.caPem,
      '/mutate',
      review({ kind: 'Pod', metadata: { name: 'boom' } }),
    );
    assert.equal(a.status, 500);
    assert.deepEqual(JSON.parse(a.body), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason: 'InternalError',
      code: 500,
      message: 'sidecarctl could not review',
    });
    const m = await call(server, cert.caPem, '/metrics', undefined, 'GET');
    assert.match(
      m.body,
      /sidecarctl_webhook_reviews_total\{endpoint="mutate",outcome="error",entry=""\} 1/,
    );
    assert.ok(logs.some((l) => l.includes('"msg":"review failed"') && l.includes('a bug of ours')));
    const ok = await call(
      server,
      cert.caPem,
      '/mutate',
      review({ kind: 'Pod', metadata: { name: 'p' } }),
    );
    assert.equal(ok.status, 200);
  });
});
