/**
 * `sidecarctl webhook serve` through the built CLI, over real TLS on 127.0.0.1: the patch it
 * answers, applied to the object, is exactly what `sidecarctl inject` makes of it; a second review
 * of the patched object changes nothing; malformed reviews get a 400 and the server goes on;
 * SIGTERM ends it with exit 0.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPatch, type Operation } from 'rfc6902';
import { parse, parseAllDocuments } from 'yaml';
import { makeServingCertificate } from '../src/pki/certificates.js';
import { CLI, ROOT, runCli } from './cli-helper.js';
import { webhookServeArgs } from './webhook-serve.test-support.js';

type Obj = Record<string, unknown>;

let dir = '';
let ca = '';
let url = '';
let child: ChildProcess;

function post(path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      { method: 'POST', ca, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function reviewOf(object: Obj, uid: string, request: Obj = {}): string {
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: { group: '', version: 'v1', kind: String(object['kind']) },
      resource: { group: '', version: 'v1', resource: 'pods' },
      operation: 'CREATE',
      namespace: 'default',
      object,
      dryRun: false,
      ...request,
    },
  });
}

interface Response {
  uid: string;
  allowed: boolean;
  patch?: string;
  patchType?: string;
  warnings?: string[];
}

async function mutate(object: Obj, uid: string, request: Obj = {}): Promise<Response> {
  const r = await post('/mutate', reviewOf(object, uid, request));
  assert.equal(r.status, 200, r.body);
  return (JSON.parse(r.body) as { response: Response }).response;
}

function opsOf(r: Response): Operation[] {
  return r.patch === undefined
    ? []
    : (JSON.parse(Buffer.from(r.patch, 'base64').toString('utf8')) as Operation[]);
}

/** `sidecarctl inject` of one object at 1.33, as YAML in and out. */
function injectCli(object: Obj): Obj {
  const r = runCli(['inject', '--k8s-version', '1.33', '-'], { input: JSON.stringify(object) });
  assert.equal(r.code, 0, r.stderr);
  return parse(r.stdout) as Obj;
}

const annotationsOf = (pod: Obj): Record<string, string> =>
  ((pod['metadata'] as Obj)['annotations'] ?? {}) as Record<string, string>;

/** A pod as a ReplicaSet creates it: a generateName and no name, no namespace of its own. */
function replicaSetPod(): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: 'web-7d4b9c-',
      labels: { app: 'web', 'pod-template-hash': '7d4b9c' },
      annotations: { 'sidecarctl.io/inject': 'envoy,fluent-bit' },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web-7d4b9c',
          uid: '3f1c2a9e-0000-4000-8000-000000000001',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }] },
  };
}

/** What another mutating webhook adds: a container of its own and an annotation. */
function byAnotherWebhook(pod: Obj): Obj {
  const copy = structuredClone(pod);
  const md = copy['metadata'] as Obj;
  md['annotations'] = { ...annotationsOf(copy), 'other.example.com/injected': 'true' };
  const spec = copy['spec'] as { containers: Obj[] };
  spec.containers = [...spec.containers, { name: 'other-agent', image: 'example.com/agent:1' }];
  return copy;
}

function patched(object: Obj, r: Response): Obj {
  const copy = structuredClone(object);
  if (r.patch === undefined) return copy;
  const ops = JSON.parse(Buffer.from(r.patch, 'base64').toString('utf8')) as Operation[];
  const errors = applyPatch(copy, ops).filter((e) => e !== null);
  assert.deepEqual(errors, []);
  return copy;
}

describe('sidecarctl webhook serve', { timeout: 120_000 }, () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sidecarctl-webhook-serve-'));
    const cert = await makeServingCertificate({
      commonName: 'w',
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1'],
    });
    ca = cert.caPem;
    writeFileSync(join(dir, 'tls.crt'), cert.certPem);
    writeFileSync(join(dir, 'tls.key'), cert.keyPem);
    child = spawn(process.execPath, webhookServeArgs(CLI, dir), {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = /"url":"(https:\/\/127\.0\.0\.1:\d+)"/.exec(out);
        if (m !== null) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`webhook serve exited ${String(code)}`)));
    });
  });

  after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  for (const file of ['examples/inject/vault-sidecar.yaml', 'examples/inject/web.yaml']) {
    it(`when ${file} is reviewed then the patched object is what sidecarctl inject makes of it, and a second review changes nothing`, async () => {
      const docs = parseAllDocuments(readFileSync(join(ROOT, file), 'utf8')).map(
        (d) => d.toJS() as Obj,
      );
      const injected = runCli(['inject', '--k8s-version', '1.33', join(ROOT, file)]);
      assert.equal(injected.code, 0, injected.stderr);
      const expected = parseAllDocuments(injected.stdout).map((d) => d.toJS() as Obj);
      for (const [i, object] of docs.entries()) {
        const r = await mutate(object, `uid-${String(i)}`);
        assert.equal(r.uid, `uid-${String(i)}`);
        assert.equal(r.allowed, true);
        const after = patched(object, r);
        assert.deepEqual(after, expected[i]);
        const again = await mutate(after, `again-${String(i)}`);
        assert.equal(again.patch, undefined, 'the second review must not patch');
      }
    });
  }

  it("when the seed's Vault pod is reviewed then it gets its agent", async () => {
    const pod = parse(
      readFileSync(join(ROOT, 'examples/inject/vault-sidecar.yaml'), 'utf8'),
    ) as Obj;
    const after = patched(pod, await mutate(pod, 'vault'));
    const spec = after['spec'] as { initContainers?: { name: string }[] };
    assert.ok(
      (spec.initContainers ?? []).some((c) => c.name.startsWith('vault-agent')),
      JSON.stringify(spec.initContainers),
    );
  });

  it("when a pod has only a generateName and its namespace is only the request's then it is injected as inject does, with the status annotation saying what and why", async () => {
    const pod = replicaSetPod();
    const r = await mutate(pod, 'gen', { namespace: 'team-a' });
    assert.equal(r.allowed, true);
    assert.equal(r.patchType, 'JSONPatch');
    const after = patched(pod, r);
    assert.deepEqual(after, injectCli(pod));
    const status = JSON.parse(annotationsOf(after)['sidecarctl.io/inject-status']!) as Obj;
    assert.deepEqual(status['entries'], ['envoy', 'fluent-bit']);
    assert.equal(status['mode'], 'native');
    assert.match(String(status['why']), /^native: Kubernetes 1\.33 has native sidecars/);
    assert.deepEqual(status['initContainers'], ['envoy', 'fluent-bit']);
    assert.equal(
      (after['metadata'] as Obj)['namespace'],
      undefined,
      'the namespace is not ours to set',
    );
  });

  it('when a review is a dry run then the answer is the one of the same review for real', async () => {
    const pod = replicaSetPod();
    const real = await post('/mutate', reviewOf(pod, 'same-uid', { dryRun: false }));
    const dry = await post('/mutate', reviewOf(pod, 'same-uid', { dryRun: true }));
    assert.equal(dry.status, 200);
    assert.equal(dry.body, real.body);
    const validated = await post('/validate', reviewOf(pod, 'v', { dryRun: true }));
    assert.equal((JSON.parse(validated.body) as { response: Response }).response.allowed, true);
  });

  it('when another webhook changed the pod before us then we add only our part and leave theirs', async () => {
    const theirs = byAnotherWebhook(replicaSetPod());
    const r = await mutate(theirs, 'after-them');
    const ops = opsOf(r);
    assert.ok(ops.length > 0);
    // Only additions: nothing of theirs is replaced or removed (their container, as every
    // regular container, gets the entries' app mounts, as `sidecarctl inject` gives them).
    for (const op of ops) assert.equal(op.op, 'add', JSON.stringify(op));
    const after = patched(theirs, r);
    assert.deepEqual(after, injectCli(theirs));
    assert.equal(annotationsOf(after)['other.example.com/injected'], 'true');
    const containers = (after['spec'] as { containers: Obj[] }).containers;
    assert.deepEqual(
      containers.map((c) => [c['name'], c['image']]),
      [
        ['app', 'nginx:1.27'],
        ['other-agent', 'example.com/agent:1'],
      ],
    );
    assert.equal((await mutate(after, 'again')).patch, undefined);
  });

  it('when another webhook changed the pod after us then the reinvocation changes nothing', async () => {
    const pod = replicaSetPod();
    const ours = patched(pod, await mutate(pod, 'first'));
    const reinvoked = byAnotherWebhook(ours);
    // Their webhook also edits one of ours (as meshes add env to every container): respected.
    const init = (reinvoked['spec'] as { initContainers: Obj[] }).initContainers;
    init[0] = { ...init[0], env: [{ name: 'MESH', value: 'on' }] };
    const r = await mutate(reinvoked, 'reinvocation');
    assert.equal(r.allowed, true);
    assert.equal(r.patch, undefined, JSON.stringify(opsOf(r)));
  });

  it('when a review is malformed then it is a 400 Status and the next review is answered', async () => {
    for (const body of ['', '{', '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}']) {
      const r = await post('/mutate', body);
      assert.equal(r.status, 400, body);
    }
    const ok = await mutate(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'a', image: 'b' }] },
      },
      'after',
    );
    assert.equal(ok.allowed, true);
  });

  it('when a Job with a classic sidecar is validated then the lifecycle error denies it, naming the rule and field', async () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j', namespace: 'default' },
      spec: {
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [
              { name: 'app', image: 'busybox:1.36' },
              { name: 'envoy', image: 'envoyproxy/envoy:v1.30.0' },
            ],
          },
        },
      },
    };
    const r = await post('/validate', reviewOf(job, 'job'));
    const res = (
      JSON.parse(r.body) as {
        response: { allowed: boolean; status: { message: string }; warnings: string[] };
      }
    ).response;
    assert.equal(res.allowed, false);
    assert.match(
      res.status.message,
      /^classic-sidecar-blocks-completion: spec\.template\.spec\.containers\[1\]: Envoy sidecar "envoy"/,
    );
    // Best practices (sidecar-no-resources) are validate's business, not the cluster's.
    assert.deepEqual(res.warnings, []);
  });

  it('when it gets SIGTERM then it exits 0', async () => {
    const code = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await code, 0);
  });
});
