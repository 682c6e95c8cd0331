import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { SidecarError } from '../errors.js';
import { builtinCatalog } from '../catalog/load.js';
import { fromText } from '../manifest/load.js';
import { podTemplateOf } from '../manifest/pod-templates.js';
import { resolveVersion, type VersionInfo } from '../model/versions.js';
import { applyPatchTo } from '../rewrite/patch.js';
import { rewriteInput } from '../rewrite/rewrite-files.js';
import { validateInput } from '../validate/validate.js';
import { migrateObject, type MigrateResult } from './migrate.js';

const catalog = builtinCatalog();
const V129 = resolveVersion('1.29');
const V128GATE = resolveVersion('1.28', { SidecarContainers: true });
const ROOT = new URL('../../', import.meta.url);
const CORPUS = '/work/shared/corpus/';

type Obj = Record<string, unknown>;

function migrateText(
  text: string,
  version = V129,
  sidecars: string[] = [],
): { out: string; results: MigrateResult[] } {
  const r = rewriteInput(fromText(text), (o) => {
    const res = migrateObject(o.value, catalog, { version, sidecars });
    return { patch: res.patch, result: res };
  });
  return { out: r.files[0]!.after, results: r.objects.map((o) => o.result) };
}

function initNames(text: string): string[] {
  const tpl = podTemplateOf(fromText(text).objects[0]!)!;
  return ((tpl.spec as Obj)['initContainers'] as Obj[]).map((c) => String(c['name']));
}

/**
 * Every line of the input is still in the output, in the same order, byte for byte, except the
 * lines of moved blocks, which may only change their indentation; every other new line is one
 * that migrate adds (restartPolicy, startupProbe, the default-container annotation and the keys
 * that hold them).
 */
function assertOnlyMovedAndAdded(before: string, after: string): void {
  const a = before.split('\n');
  const b = after.split('\n');
  const movedPool = new Map<string, number>();
  let j = 0;
  const unmatched: string[] = [];
  for (const line of a) {
    const k = b.indexOf(line, j);
    if (k >= 0 && k - j < 400) {
      for (const extra of b.slice(j, k)) unmatched.push(extra);
      j = k + 1;
    } else if (!/^\s*metadata: \{\}$/.test(line)) {
      // (an empty `metadata: {}` becomes a block when the annotation is added to it)
      movedPool.set(line.trim(), (movedPool.get(line.trim()) ?? 0) + 1);
    }
  }
  unmatched.push(...b.slice(j));
  const allowed =
    /^\s*(restartPolicy: Always|initContainers:|annotations:|metadata:|kubectl\.kubernetes\.io\/default-container: \S+)$/;
  for (const line of unmatched) {
    const n = movedPool.get(line.trim()) ?? 0;
    if (n > 0) movedPool.set(line.trim(), n - 1);
    else assert.match(line, allowed, `unexpected new line ${JSON.stringify(line)}`);
  }
  for (const [line, n] of movedPool) assert.equal(n, 0, `line ${JSON.stringify(line)} was lost`);
}

function errors(text: string, version: VersionInfo): string[] {
  return validateInput(fromText(text, 'out.yaml'), { version }).objects.flatMap((o) =>
    o.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.rule} ${d.field} ${d.message}`),
  );
}

describe('migrateObject', () => {
  it('when the seed traditional-sidecar pod is migrated then log-shipper and proxy become native sidecars after the app moves nothing else', () => {
    const text = readFileSync(new URL('examples/seed/traditional-sidecar.yaml', ROOT), 'utf8');
    const { out } = migrateText(text);
    assert.deepEqual(initNames(out), ['log-shipper', 'proxy']);
    assertOnlyMovedAndAdded(text, out);
    assert.deepEqual(errors(out, V129), []);
  });

  for (const file of [
    'content__en__examples__application__deployment-sidecar-legacy.yaml',
    'content__en__examples__application__job__job-sidecar-legacy.yaml',
  ]) {
    it(`when the Kubernetes docs' ${file.includes('job') ? 'Job' : 'Deployment'} legacy sidecar is migrated then it matches the docs' native version`, () => {
      const text = readFileSync(CORPUS + 'kubernetes__website/' + file, 'utf8');
      const { out } = migrateText(text);
      const native = readFileSync(
        CORPUS + 'kubernetes__website/' + file.replace('-legacy', ''),
        'utf8',
      );
      const tpl = (t: string): Obj => podTemplateOf(fromText(t).objects[0]!)!.spec as Obj;
      const ours = tpl(out);
      const docs = tpl(native);
      // The docs rename the sidecar (sidecar-container -> logshipper); compare everything else.
      const strip = (c: Obj): Obj => ({ ...c, name: '' });
      assert.deepEqual(
        (ours['initContainers'] as Obj[]).map(strip),
        (docs['initContainers'] as Obj[]).map(strip),
      );
      assert.deepEqual(ours['containers'], docs['containers']);
      assertOnlyMovedAndAdded(text, out);
      assert.deepEqual(errors(out, V129), []);
    });
  }

  const istioFiles = readdirSync(CORPUS + 'istio__istio').filter((f) => f.includes('-old-version'));
  it('when the Istio old-version outputs are listed then there are some to check', () => {
    assert.ok(istioFiles.length >= 5);
  });
  for (const file of istioFiles) {
    it(`when Istio's ${file.replace('pkg__kube__inject__testdata__inject__', '')} is migrated then istio-proxy follows istio-init as in Istio's native mode`, () => {
      const text = readFileSync(CORPUS + 'istio__istio/' + file, 'utf8');
      const { out } = migrateText(text);
      const init = initNames(out);
      assert.equal(init[init.indexOf('istio-init') + 1], 'istio-proxy');
      if (file.startsWith('pkg__kube__inject__testdata__inject__native-sidecar')) {
        // Istio's own native output for the same pod: istio-init, istio-proxy, other-sidecar.
        const native = readFileSync(
          CORPUS + 'istio__istio/pkg__kube__inject__testdata__inject__native-sidecar.yaml.injected',
          'utf8',
        );
        assert.deepEqual(init, initNames(native));
      }
      assertOnlyMovedAndAdded(text, out);
      assert.deepEqual(errors(out, V129), []);
    });
  }

  it('when an init container needs the network then a migrated proxy goes before it', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: setup
      image: busybox:1.36
    - name: vault-agent-init
      image: hashicorp/vault:1.17.2
  containers:
    - name: app
      image: app:1
    - name: envoy
      image: envoyproxy/envoy:v1.28.0
`;
    const { out } = migrateText(text);
    assert.deepEqual(initNames(out), ['setup', 'envoy', 'vault-agent-init']);
    assertOnlyMovedAndAdded(text, out);
  });

  it('when the patch is applied to the input object then it gives the migrated object', () => {
    const text = readFileSync(
      CORPUS +
        'istio__istio/pkg__kube__inject__testdata__inject__native-sidecar-old-version.yaml.injected',
      'utf8',
    );
    const obj = fromText(text).objects[0]!.value;
    const r = migrateObject(obj, catalog, { version: V129 });
    assert.ok(r.patch.some((op) => op.op === 'move'));
    assert.deepEqual(applyPatchTo(obj, r.patch), r.object);
  });

  it('when a sidecar has a readinessProbe then a startupProbe is derived and the readinessProbe kept', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      image: app:1
    - name: envoy
      image: envoyproxy/envoy:v1.28.0
      readinessProbe:
        httpGet: {path: /ready, port: 15090}
`;
    const { out, results } = migrateText(text);
    const sc = (
      (podTemplateOf(fromText(out).objects[0]!)!.spec as Obj)['initContainers'] as Obj[]
    )[0]!;
    // The handler comes from the readinessProbe, the start-up budget from the envoy entry (30 x 1 s).
    assert.deepEqual(sc['startupProbe'], {
      httpGet: { path: '/ready', port: 15090 },
      periodSeconds: 1,
      failureThreshold: 30,
    });
    assert.deepEqual(sc['readinessProbe'], { httpGet: { path: '/ready', port: 15090 } });
    assert.ok(results[0]!.changes.some((c) => c.field === 'spec.initContainers[0].startupProbe'));
  });

  it("when an Istio proxy is migrated then its derived startupProbe gets Istio's start-up budget, not 3 failures", () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      image: app:1
    - name: istio-proxy
      image: docker.io/istio/proxyv2:1.22.0
      readinessProbe:
        httpGet: {path: /healthz/ready, port: 15021}
        periodSeconds: 15
        failureThreshold: 4
`;
    const { out } = migrateText(text);
    const sc = (
      (podTemplateOf(fromText(out).objects[0]!)!.spec as Obj)['initContainers'] as Obj[]
    )[0]!;
    assert.deepEqual(sc['startupProbe'], {
      httpGet: { path: '/healthz/ready', port: 15021 },
      periodSeconds: 1,
      failureThreshold: 600,
    });
  });

  it('when a readinessProbe needs two successes then no startupProbe is derived (it must be 1)', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: app, image: a}\n    - name: envoy\n      image: envoyproxy/envoy:v1\n      readinessProbe: {tcpSocket: {port: 1}, successThreshold: 2}\n';
    const { out, results } = migrateText(text);
    const sc = (
      (podTemplateOf(fromText(out).objects[0]!)!.spec as Obj)['initContainers'] as Obj[]
    )[0]!;
    assert.equal(sc['startupProbe'], undefined);
    assert.match(results[0]!.warnings.join(), /successThreshold 2/);
  });

  it('when a Job calls /quitquitquit and Istio holds the app then both workarounds go', () => {
    const text = `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    metadata:
      annotations:
        proxy.istio.io/config: '{ "holdApplicationUntilProxyStarts": true }'
        keep: "me"
    spec:
      restartPolicy: Never
      containers:
        - name: job
          image: busybox:1.36
          command: ["sh", "-c", "./run.sh && curl -fsI -X POST http://localhost:15020/quitquitquit"]
        - name: istio-proxy
          image: docker.io/istio/proxyv2:1.20.0
          lifecycle:
            postStart:
              exec:
                command: [pilot-agent, wait]
            preStop:
              exec:
                command: ["sleep", "5"]
`;
    const { out, results } = migrateText(text);
    const tpl = podTemplateOf(fromText(out).objects[0]!)!;
    const spec = tpl.spec as Obj;
    assert.deepEqual(((spec['containers'] as Obj[])[0]!['command'] as string[])[2], './run.sh');
    const proxy = (spec['initContainers'] as Obj[])[0]!;
    assert.equal(proxy['lifecycle'], undefined);
    assert.deepEqual(tpl.podMetadata['annotations'], {
      keep: 'me',
      'kubectl.kubernetes.io/default-container': 'job',
    });
    const fields = results[0]!.changes.map((c) => c.field);
    assert.deepEqual(fields, [
      'spec.template.spec.containers[1]',
      'spec.template.spec.initContainers[0].restartPolicy',
      'spec.template.spec.initContainers[0].lifecycle.preStop',
      'spec.template.spec.initContainers[0].lifecycle.postStart',
      'spec.template.metadata.annotations[proxy.istio.io/config]',
      'spec.template.spec.containers[0].command[2]',
      'spec.template.metadata.annotations[kubectl.kubernetes.io/default-container]',
    ]);
    assert.deepEqual(errors(out, V129), []);
  });

  it('when the target is 1.28 with the gate then sleep-only preStop hooks stay (no termination ordering yet)', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: app, image: a}\n    - name: log-shipper\n      image: fluent/fluent-bit:3.1.9\n      lifecycle:\n        preStop:\n          exec:\n            command: [sleep, "10"]\n';
    const kept = (
      (podTemplateOf(fromText(migrateText(text, V128GATE).out).objects[0]!)!.spec as Obj)[
        'initContainers'
      ] as Obj[]
    )[0]!;
    assert.ok(kept['lifecycle'] !== undefined);
    const gone = (
      (podTemplateOf(fromText(migrateText(text, V129).out).objects[0]!)!.spec as Obj)[
        'initContainers'
      ] as Obj[]
    )[0]!;
    assert.equal(gone['lifecycle'], undefined);
  });

  it('when migrate runs twice then the second run changes nothing, and --sidecar naming a native sidecar is not an error', () => {
    const text = readFileSync(new URL('examples/seed/traditional-sidecar.yaml', ROOT), 'utf8');
    const once = migrateText(text).out;
    const twice = migrateText(once, V129, ['proxy']);
    assert.equal(twice.out, once);
    assert.match(
      twice.results[0]!.changes.map((c) => c.message).join(),
      /already a native sidecar/,
    );
  });

  it('when every container looks like a sidecar then nothing moves and it says so', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: envoy, image: envoyproxy/envoy:v1}\n';
    const { out, results } = migrateText(text);
    assert.equal(out, text);
    assert.match(results[0]!.warnings.join(), /every container looks like a sidecar/);
  });

  for (const [v, gates] of [
    ['1.27', {}],
    ['1.28', {}],
  ] as const) {
    it(`when the target is ${v}${Object.keys(gates).length === 0 ? '' : ' with gates'} then migrate refuses with SIDECAR_E_MIGRATE_VERSION (exit 1)`, () => {
      assert.throws(
        () =>
          migrateObject(
            fromText('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n')
              .objects[0]!.value,
            catalog,
            { version: resolveVersion(v, gates) },
          ),
        (e: unknown) =>
          e instanceof SidecarError && e.code === 'SIDECAR_E_MIGRATE_VERSION' && e.exitCode === 1,
      );
    });
  }
});
