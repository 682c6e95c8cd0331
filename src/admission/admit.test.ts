import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { resolveVersion } from '../model/versions.js';
import { applyPatchTo } from '../rewrite/patch.js';
import { builtinCatalog } from '../catalog/load.js';
import { injectObject } from '../inject/inject.js';
import { admit } from './admit.js';
import type { AdmissionOptions } from './types.js';

type Obj = Record<string, unknown>;
const V127 = resolveVersion('1.27');
const V129 = resolveVersion('1.29');
const V133 = resolveVersion('1.33');
const VAULT_PATH = fileURLToPath(
  new URL('../../examples/inject/vault-sidecar.yaml', import.meta.url),
);
const VAULT = parse(readFileSync(VAULT_PATH, 'utf8')) as Obj;

const create = (version = V133, more: Partial<AdmissionOptions> = {}): AdmissionOptions => ({
  operation: 'CREATE',
  version,
  ...more,
});

function nativePod(initPolicy: string): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'x' },
    spec: {
      initContainers: [{ name: 'proxy', image: 'envoy:1', restartPolicy: initPolicy }],
      containers: [{ name: 'app', image: 'app:1' }],
    },
  };
}

describe('admit: validation as kube-apiserver', () => {
  it('admits a native-sidecar pod unchanged', () => {
    const pod = nativePod('Always');
    const r = admit(pod, create(V129, { inject: true, migrate: true }));
    assert.equal(r.allowed, true);
    assert.deepEqual(r.patch, []);
    assert.equal(r.object, pod);
    assert.equal(r.status, undefined);
  });

  it('refuses restartPolicy Always on an init container in 1.27 as strict decoding does (400)', () => {
    const r = admit(nativePod('Always'), create(V127));
    assert.equal(r.allowed, false);
    assert.deepEqual(r.status, {
      code: 400,
      reason: 'BadRequest',
      message:
        'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.initContainers[0].restartPolicy"',
    });
  });

  it('under fieldValidation Warn, 1.27 drops the unknown field with a warning and admits', () => {
    const r = admit(nativePod('Always'), create(V127, { fieldValidation: 'Warn' }));
    assert.equal(r.allowed, true);
    assert.deepEqual(r.warnings, ['unknown field "spec.initContainers[0].restartPolicy"']);
    assert.deepEqual(r.patch, [{ op: 'remove', path: '/spec/initContainers/0/restartPolicy' }]);
  });

  it('refuses an unsupported init restartPolicy with the 422 Invalid Status, word for word', () => {
    const r = admit(nativePod('Never'), create(V133));
    assert.equal(r.allowed, false);
    assert.deepEqual(r.status, {
      code: 422,
      reason: 'Invalid',
      message:
        'Pod "x" is invalid: spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"',
      details: {
        name: 'x',
        kind: 'Pod',
        causes: [
          {
            reason: 'FieldValueNotSupported',
            message: 'Unsupported value: "Never": supported values: "Always"',
            field: 'spec.initContainers[0].restartPolicy',
          },
        ],
      },
    });
    assert.deepEqual(r.patch, []);
  });

  it('prints several errors as [e1, e2] and a Job template path as spec.template.spec...', () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j' },
      spec: {
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [{ name: 'a' }, { name: 'b' }],
          },
        },
      },
    };
    const r = admit(job, create(V133));
    assert.equal(r.status?.code, 422);
    assert.equal(
      r.status?.message,
      'Job.batch "j" is invalid: [spec.template.spec.containers[0].image: Required value, spec.template.spec.containers[1].image: Required value]',
    );
    assert.equal(r.status?.details?.kind, 'Job');
    assert.equal(r.status?.details?.group, 'batch');
    assert.deepEqual(r.status?.details?.causes?.[0], {
      reason: 'FieldValueRequired',
      message: 'Required value',
      field: 'spec.template.spec.containers[0].image',
    });
  });

  it('admits a generateName-only pod and validates it in the request namespace', () => {
    const pod = { ...nativePod('Always'), metadata: { generateName: 'x-' } };
    assert.equal(admit(pod, create(V133, { namespace: 'team-a' })).allowed, true);
    assert.equal(admit(pod, create(V133, { namespace: 'Bad_NS' })).allowed, false);
  });

  it('never throws: a non-object spec is a 400, not a crash', () => {
    const r = admit(
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: 'no' },
      create(),
    );
    assert.equal(r.allowed, false);
    assert.equal(r.status?.code, 400);
  });
});

describe('admit: injection as sidecarctl inject', () => {
  it('the Vault pod is refused as is (vault-secrets is no volume) and admitted injected', () => {
    assert.equal(admit(VAULT, create(V133)).allowed, false);
    const r = admit(VAULT, create(V133, { inject: true }));
    assert.equal(r.allowed, true, r.status?.message);
    assert.deepEqual(applyPatchTo(VAULT, [...r.patch]), r.object);
    const spec = (r.object as { spec: { initContainers: { name: string }[] } }).spec;
    assert.deepEqual(
      spec.initContainers.map((c) => c.name),
      ['vault-agent-init', 'vault-agent'],
    );
  });

  it('gives exactly the patch `sidecarctl inject -o patch` prints for the Vault pod', () => {
    const main = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
    const cli = spawnSync(
      process.execPath,
      ['--import', 'tsx', main, 'inject', '--k8s-version', '1.33', '-o', 'patch', VAULT_PATH],
      { encoding: 'utf8', timeout: 120_000 },
    );
    assert.equal(cli.status, 0, cli.stderr);
    const r = admit(VAULT, create(V133, { inject: true }));
    assert.deepEqual(r.patch, JSON.parse(cli.stdout));
  });

  it('is idempotent: admitting the admitted object again gives an empty patch', () => {
    const options = create(V133, { inject: true, migrate: true });
    const first = admit(VAULT, options);
    const again = admit(first.object, options);
    assert.equal(again.allowed, true);
    assert.deepEqual(again.patch, []);
  });

  it('injects nothing on UPDATE (validation only)', () => {
    const r = admit(VAULT, { operation: 'UPDATE', version: V133, inject: true, oldObject: VAULT });
    assert.equal(r.allowed, false);
    assert.match(r.status?.message ?? '', /volumeMounts\[0\]\.name: Not found: "vault-secrets"/);
  });

  it('migrates classic sidecars only where the version has native ones', () => {
    const classic = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'c' },
      spec: {
        containers: [
          { name: 'app', image: 'app:1' },
          { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.22.0' },
        ],
      },
    };
    const migrated = admit(classic, create(V133, { migrate: true }));
    assert.equal(migrated.allowed, true, migrated.status?.message);
    assert.ok(migrated.patch.length > 0);
    const old = admit(classic, create(V127, { migrate: true }));
    assert.equal(old.allowed, true);
    assert.deepEqual(old.patch, []);
  });

  it('refuses native mode forced on a version without sidecars with a 400, not a crash', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'n',
        annotations: { 'sidecarctl.io/inject': 'envoy', 'sidecarctl.io/mode': 'native' },
      },
      spec: { containers: [{ name: 'app', image: 'app:1' }] },
    };
    const r = admit(pod, create(V127, { inject: true }));
    assert.equal(r.allowed, false);
    assert.equal(r.status?.code, 400);
    assert.equal(r.status?.reason, 'BadRequest');
  });

  it('admits objects without a pod template unchanged', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } };
    const r = admit(cm, create(V133, { inject: true, migrate: true }));
    assert.equal(r.allowed, true);
    assert.deepEqual(r.patch, []);
  });

  it('injects into a Job template as the library does, and the admitted Job validates', () => {
    const path = fileURLToPath(new URL('../../examples/inject/job.yaml', import.meta.url));
    const job = parse(readFileSync(path, 'utf8')) as Obj;
    const r = admit(job, create(V133, { inject: true }));
    assert.equal(r.allowed, true, r.status?.message);
    const lib = injectObject(job, builtinCatalog(), { version: V133, mode: 'auto', with: [] });
    assert.ok(lib.patch.length > 0);
    assert.deepEqual(r.patch, lib.patch);
    assert.deepEqual(r.warnings, lib.warnings);
  });
});
