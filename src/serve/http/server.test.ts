/**
 * The API server over HTTPS without kubectl: auth, Status errors, body limits, negotiation.
 */
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { startTestServe, type TestServe } from './kubectl.test-support.js';

interface Res {
  readonly code: number;
  readonly type: string;
  readonly body: Record<string, unknown>;
  readonly warning: string | string[] | undefined;
}

function call(
  s: TestServe,
  method: string,
  path: string,
  opts: { token?: boolean; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Res> {
  const url = new URL(path, s.started.url);
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== false) headers['authorization'] = `Bearer ${s.started.token}`;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ca: s.started.caCert }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          code: res.statusCode ?? 0,
          type: String(res.headers['content-type']),
          body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : { text },
          warning: res.headers['warning'],
        });
      });
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const POD = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

describe('serve API server', () => {
  let s: TestServe;
  before(async () => {
    s = await startTestServe('1.33');
  });
  after(async () => {
    await s.close();
  });

  it('answers 401 Unauthorized without the token, but /version and /healthz', async () => {
    const r = await call(s, 'GET', '/api/v1/namespaces/default/pods', { token: false });
    assert.deepEqual(
      [r.code, r.body['reason'], r.body['message'], r.body['kind']],
      [401, 'Unauthorized', 'Unauthorized', 'Status'],
    );
    const bad = await call(s, 'GET', '/api', {
      token: false,
      headers: { authorization: 'Bearer nope' },
    });
    assert.equal(bad.code, 401);
    assert.equal(
      (await call(s, 'GET', '/version', { token: false })).body['gitVersion'],
      'v1.33.0',
    );
    assert.equal((await call(s, 'GET', '/healthz', { token: false })).code, 200);
  });

  it('reports 1.29 for an older modelled version', async () => {
    const old = await startTestServe('1.27');
    try {
      const r = await call(old, 'GET', '/version', { token: false });
      assert.deepEqual([r.body['minor'], r.body['gitVersion']], ['29', 'v1.29.0+sidecarctl.1.27']);
    } finally {
      await old.close();
    }
  });

  it('answers malformed bodies with 400 Status and oversized ones with 413', async () => {
    const path = '/api/v1/namespaces/default/pods';
    const json = { 'content-type': 'application/json' };
    const r = await call(s, 'POST', path, { body: '{bad', headers: json });
    assert.deepEqual([r.code, r.body['reason']], [400, 'BadRequest']);
    assert.match(String(r.body['message']), /^couldn't get version\/kind; json parse error: /);
    const y = await call(s, 'POST', path, {
      body: 'a: [',
      headers: { 'content-type': 'application/yaml' },
    });
    assert.deepEqual([y.code, y.body['reason']], [400, 'BadRequest']);
    const arr = await call(s, 'POST', path, { body: '[1]', headers: json });
    assert.equal(arr.code, 400);
    const big = await call(s, 'POST', path, {
      body: Buffer.alloc(3 * 1024 * 1024 + 1, 32),
      headers: json,
    });
    assert.deepEqual(
      [big.code, big.body['reason'], big.body['message']],
      [413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'],
    );
  });

  it('404s unknown paths and resources with the apiserver message', async () => {
    for (const p of [
      '/api/v1/foos',
      '/apis/apps/v1/namespaces/default/controllerrevisions',
      '/apis/policy/v1/namespaces/default/poddisruptionbudgets',
      '/nope',
    ]) {
      const r = await call(s, 'GET', p);
      assert.deepEqual(
        [r.code, r.body['message']],
        [404, 'the server could not find the requested resource'],
        p,
      );
    }
    const missing = await call(s, 'GET', '/api/v1/namespaces/default/pods/zzz');
    assert.deepEqual([missing.code, missing.body['message']], [404, 'pods "zzz" not found']);
  });

  it('lists apps/v1 workloads as empty and refuses to store one, saying what serve runs', async () => {
    const list = await call(s, 'GET', '/apis/apps/v1/namespaces/default/deployments');
    assert.deepEqual(
      [list.code, list.body['kind'], list.body['items']],
      [200, 'DeploymentList', []],
    );
    const post = await call(s, 'POST', '/apis/apps/v1/namespaces/default/statefulsets');
    assert.equal(post.code, 405);
    assert.equal(post.body['reason'], 'MethodNotAllowed');
    assert.match(
      String(post.body['message']),
      /^sidecarctl serve runs Pods and Jobs, not StatefulSets/,
    );
  });

  it('negotiates aggregated discovery from Accept', async () => {
    const both =
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
    const v2 = await call(s, 'GET', '/api', { headers: { accept: both } });
    assert.equal(v2.body['apiVersion'], 'apidiscovery.k8s.io/v2');
    assert.equal(v2.type, 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const beta = await call(s, 'GET', '/apis', {
      headers: { accept: both.split(',').slice(1).join(',') },
    });
    assert.equal(beta.body['apiVersion'], 'apidiscovery.k8s.io/v2beta1');
    const legacy = await call(s, 'GET', '/api', { headers: { accept: 'application/json, */*' } });
    assert.equal(legacy.body['kind'], 'APIVersions');
  });

  it('answers JSON to a protobuf Accept, Tables with the exact media type', async () => {
    const created = await call(s, 'POST', '/api/v1/namespaces/default/pods', {
      body: POD,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(created.code, 201);
    const proto = await call(s, 'GET', '/api/v1/namespaces/default/pods/p', {
      headers: { accept: 'application/vnd.kubernetes.protobuf,application/json' },
    });
    assert.deepEqual([proto.code, proto.type], [200, 'application/json']);
    const table = await call(s, 'GET', '/api/v1/pods', {
      headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
    });
    assert.deepEqual(
      [table.type, table.body['kind']],
      ['application/json;as=Table;v=v1;g=meta.k8s.io', 'Table'],
    );
  });

  it('warns about unknown fields under fieldValidation=Warn', async () => {
    const body = POD.replace('"name":"p"', '"name":"w"').replace('"spec":{', '"spec":{"bogus":1,');
    const r = await call(s, 'POST', '/api/v1/namespaces/default/pods?fieldValidation=Warn', {
      body,
      headers: { 'content-type': 'application/json' },
    });
    assert.deepEqual([r.code, r.warning], [201, '299 - "unknown field \\"spec.bogus\\""']);
  });

  it('runs admission on pod create: 422 with its Status, warnings as headers', async () => {
    const admitting = await startTestServe('1.33', {
      admit: (obj) =>
        (obj['metadata'] as { name: string }).name === 'bad'
          ? {
              allowed: false,
              patch: [],
              object: obj,
              warnings: [],
              status: { code: 422, reason: 'Invalid', message: 'Pod "bad" is invalid: spec: nope' },
            }
          : {
              allowed: true,
              patch: [],
              object: {
                ...obj,
                metadata: { ...(obj['metadata'] as object), labels: { admitted: 'yes' } },
              },
              warnings: ['be careful'],
            },
    });
    try {
      const json = { 'content-type': 'application/json' };
      const bad = await call(admitting, 'POST', '/api/v1/namespaces/default/pods', {
        body: POD.replace('"name":"p"', '"name":"bad"'),
        headers: json,
      });
      assert.deepEqual(
        [bad.code, bad.body['reason'], bad.body['message']],
        [422, 'Invalid', 'Pod "bad" is invalid: spec: nope'],
      );
      const ok = await call(admitting, 'POST', '/api/v1/namespaces/default/pods', {
        body: POD,
        headers: json,
      });
      assert.deepEqual([ok.code, ok.warning], [201, '299 - "be careful"']);
      assert.deepEqual((ok.body['metadata'] as { labels: unknown }).labels, { admitted: 'yes' });
    } finally {
      await admitting.close();
    }
  });

  it('streams logs from the PodBackend as text/plain, and checks the container first', async () => {
    const asked: unknown[] = [];
    const logging = await startTestServe('1.33', {
      backend: {
        logs: (ns, pod, opts) => {
          asked.push([ns, pod, opts.container, opts.follow, opts.tailLines]);
          return Readable.from([Buffer.from('line 1\n'), Buffer.from('line 2\n')]);
        },
        execTarget: () => {
          throw new Error('unused');
        },
      },
    });
    try {
      const json = { 'content-type': 'application/json' };
      await call(logging, 'POST', '/api/v1/namespaces/default/pods', { body: POD, headers: json });
      const r = await call(
        logging,
        'GET',
        '/api/v1/namespaces/default/pods/p/log?follow=true&tailLines=5',
      );
      assert.deepEqual([r.code, r.type, r.body['text']], [200, 'text/plain', 'line 1\nline 2\n']);
      assert.deepEqual(asked, [['default', 'p', 'c', true, 5]]);
      const nope = await call(logging, 'GET', '/api/v1/namespaces/default/pods/p/log?container=x');
      assert.deepEqual(
        [nope.code, nope.body['message']],
        [400, 'container x is not valid for pod p'],
      );
    } finally {
      await logging.close();
    }
  });

  it('refuses exec upgrades without a token on the raw socket', async () => {
    const r = await call(s, 'POST', '/api/v1/namespaces/default/pods/p/exec?command=true', {
      token: false,
      headers: { connection: 'Upgrade', upgrade: 'SPDY/3.1' },
    });
    assert.deepEqual([r.code, r.body['reason']], [401, 'Unauthorized']);
    const noUpgrade = await call(s, 'POST', '/api/v1/namespaces/default/pods/p/exec?command=true');
    assert.deepEqual([noUpgrade.code, noUpgrade.body['reason']], [400, 'BadRequest']);
  });
});
