import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SidecarError } from '../errors.js';
import { fromText } from '../manifest/load.js';
import { podTemplateOf } from '../manifest/pod-templates.js';
import { resolveVersion, type VersionInfo } from '../model/versions.js';
import { applyPatchTo } from '../rewrite/patch.js';
import { rewriteInput } from '../rewrite/rewrite-files.js';
import { parseScenarioValue } from '../simulate/scenario.js';
import { simulate } from '../simulate/driver.js';
import { validateInput } from '../validate/validate.js';
import { builtinCatalog } from '../catalog/load.js';
import { injectObject, parseStatus, STATUS_ANNOTATION, type InjectOptions } from './inject.js';

const catalog = builtinCatalog();
const V126 = resolveVersion('1.26');
const V128GATE = resolveVersion('1.28', { SidecarContainers: true });
const V129 = resolveVersion('1.29');
const V133 = resolveVersion('1.33');
const read = (p: string): string => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');
const VAULT = read('examples/inject/vault-sidecar.yaml');
const ALL = read('examples/inject/all-entries.yaml');
const JOB = read('examples/inject/job.yaml');

type Obj = Record<string, unknown>;

/** Injects every object of a text, as the CLI does, and returns the new text. */
function injectText(text: string, options: InjectOptions): string {
  const r = rewriteInput(fromText(text), (o) => {
    const res = injectObject(o.value, catalog, options);
    return { patch: res.patch, result: res };
  });
  return r.files[0]!.after;
}

function podSpec(text: string): Obj {
  const o = fromText(text).objects[0]!;
  return podTemplateOf(o)!.spec as Obj;
}

function names(list: unknown): string[] {
  return (list as Obj[]).map((c) => String(c['name']));
}

function errorsOf(text: string, version: VersionInfo): string[] {
  const report = validateInput(fromText(text, 'out.yaml'), { version });
  return report.objects.flatMap((o) =>
    o.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.rule}: ${d.field}: ${d.message}`),
  );
}

describe('injectObject', () => {
  it('when the seed Vault pod is injected on 1.29 then it gets the memory volume, a pre-populating init container and a native agent with a startupProbe', () => {
    const spec = podSpec(injectText(VAULT, { version: V129 }));
    const init = spec['initContainers'] as Obj[];
    assert.deepEqual(names(init), ['vault-agent-init', 'vault-agent']);
    assert.equal(init[0]!['restartPolicy'], undefined);
    assert.equal(init[1]!['restartPolicy'], 'Always');
    assert.deepEqual((init[1]!['startupProbe'] as Obj)['exec'], {
      command: ['/bin/sh', '-c', 'test -s /vault/secrets/db-creds'],
    });
    assert.deepEqual(spec['volumes'], [{ name: 'vault-secrets', emptyDir: { medium: 'Memory' } }]);
    const config = JSON.parse(
      Buffer.from(String((init[0]!['env'] as Obj[])[0]!['value']), 'base64').toString(),
    ) as Obj;
    assert.equal((config['template'] as Obj[])[0]!['destination'], '/vault/secrets/db-creds');
    assert.equal(config['exit_after_auth'], true);
    assert.deepEqual(((config['auto_auth'] as Obj)['method'] as Obj)['config'], { role: 'myapp' });
    assert.deepEqual(spec['serviceAccountName'], 'myapp');
  });

  it('when agent-pre-populate-only is set then only the init container is added', () => {
    const text = VAULT.replace(
      'vault.hashicorp.com/role: "myapp"',
      'vault.hashicorp.com/role: "myapp"\n    vault.hashicorp.com/agent-pre-populate-only: "true"',
    );
    const spec = podSpec(injectText(text, { version: V129 }));
    assert.deepEqual(names(spec['initContainers']), ['vault-agent-init']);
  });

  it('when agent-pre-populate is false then the native agent alone holds the app with its startupProbe', () => {
    const text = VAULT.replace(
      'vault.hashicorp.com/role: "myapp"',
      'vault.hashicorp.com/role: "myapp"\n    vault.hashicorp.com/agent-pre-populate: "false"',
    );
    const spec = podSpec(injectText(text, { version: V129 }));
    assert.deepEqual(names(spec['initContainers']), ['vault-agent']);
  });

  it("when agent-init-first is set then vault-agent-init runs before the pod's own init containers", () => {
    const text = VAULT.replace(
      'vault.hashicorp.com/role: "myapp"',
      'vault.hashicorp.com/role: "myapp"\n    vault.hashicorp.com/agent-init-first: "true"',
    ).replace(
      '  containers:\n',
      '  initContainers:\n    - name: setup\n      image: busybox:1.36\n  containers:\n',
    );
    assert.deepEqual(names(podSpec(injectText(text, { version: V129 }))['initContainers']), [
      'vault-agent-init',
      'setup',
      'vault-agent',
    ]);
  });

  it('when vault-k8s already injected the pod then the agent is not injected again', () => {
    const text = VAULT.replace(
      'vault.hashicorp.com/role: "myapp"',
      'vault.hashicorp.com/role: "myapp"\n    vault.hashicorp.com/agent-inject-status: injected',
    );
    const r = injectObject(fromText(text).objects[0]!.value, catalog, { version: V129 });
    assert.deepEqual(r.patch, []);
    assert.match(r.decisions[0]!.reason, /already injected/);
  });

  it('when the pod is injected then the function is pure and its patch turns the input into its output', () => {
    const input = fromText(ALL).objects[0]!.value;
    const before = JSON.stringify(input);
    const r = injectObject(input, catalog, { version: V133 });
    assert.equal(JSON.stringify(input), before);
    assert.deepEqual(applyPatchTo(input, r.patch), r.object);
    assert.ok(r.patch.every((op) => ['add', 'remove', 'replace'].includes(op.op)));
  });

  for (const [label, version, mode] of [
    ['1.26 (classic)', V126, 'classic'],
    ['1.28 with the gate on (native)', V128GATE, 'native'],
    ['1.29 (native)', V129, 'native'],
    ['1.33 (native)', V133, 'native'],
  ] as const) {
    it(`when the seed Vault pod and a pod asking for every entry are injected on ${label} then validate finds no error and a second run changes nothing`, () => {
      for (const text of [VAULT, ALL]) {
        const out = injectText(text, { version });
        assert.notEqual(out, text);
        assert.deepEqual(errorsOf(out, version), []);
        const again = injectObject(fromText(out).objects[0]!.value, catalog, { version });
        assert.deepEqual(again.patch, []);
        assert.equal(injectText(out, { version }), out);
        const md = fromText(out).objects[0]!;
        const tpl = podTemplateOf(md)!;
        const status = parseStatus(
          (tpl.podMetadata['annotations'] as Obj)[STATUS_ANNOTATION] as string,
        );
        assert.equal(status?.mode, mode);
      }
    });
  }

  it('when some entries go in and one cannot then the status annotation says the mode and why, and why the other was left out', () => {
    const pod: Obj = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', annotations: { 'sidecarctl.io/inject': 'envoy,fluent-bit,nope' } },
      spec: { containers: [{ name: 'app', image: 'a' }] },
    };
    const statusOf = (o: Obj): Obj =>
      JSON.parse(((o['metadata'] as Obj)['annotations'] as Obj)[STATUS_ANNOTATION] as string);
    const native = statusOf(injectObject(pod, catalog, { version: V133 }).object);
    assert.equal(native['why'], 'native: Kubernetes 1.33 has native sidecars (mode auto)');
    assert.deepEqual(Object.keys(native['skipped'] as Obj), ['nope']);
    assert.match(String((native['skipped'] as Obj)['nope']), /no catalog entry named "nope"/);
    const classic = statusOf(injectObject(pod, catalog, { version: V126 }).object);
    assert.equal(classic['why'], 'classic: Kubernetes 1.26 has no native sidecars (mode auto)');
    const forced = statusOf(injectObject(pod, catalog, { version: V133, mode: 'classic' }).object);
    assert.equal(forced['why'], 'classic: asked by --mode');
  });

  it('when every entry is injected natively then the mesh proxies come first and network users after them', () => {
    const init = names(podSpec(injectText(ALL, { version: V133 }))['initContainers']);
    const at = (n: string): number => init.indexOf(n);
    assert.equal(at('istio-proxy'), 0);
    for (const user of ['vault-agent-init', 'vault-agent', 'cloud-sql-proxy', 'arms-agent']) {
      assert.ok(
        at(user) > at('istio-proxy') && at(user) > at('envoy') && at(user) > at('linkerd-proxy'),
        user,
      );
    }
    assert.ok(at('vault-agent-init') < at('vault-agent'));
  });

  it('when classic mode is used then a proxy goes first with its hold hook and kubectl keeps defaulting to the app', () => {
    const out = injectText(ALL, { version: V126 });
    const spec = podSpec(out);
    const containers = names(spec['containers']);
    assert.equal(containers[0], 'envoy');
    assert.ok(containers.includes('app'));
    assert.ok(containers.every((n) => n !== 'vault-agent-init'));
    assert.deepEqual(names(spec['initContainers']), ['vault-agent-init']);
    const istio = (spec['containers'] as Obj[]).find((c) => c['name'] === 'istio-proxy')!;
    assert.deepEqual(((istio['lifecycle'] as Obj)['postStart'] as Obj)['exec'], {
      command: ['pilot-agent', 'wait'],
    });
    const tpl = podTemplateOf(fromText(out).objects[0]!)!;
    assert.equal(
      (tpl.podMetadata['annotations'] as Obj)['kubectl.kubernetes.io/default-container'],
      'app',
    );
  });

  it('when a Job gets a classic sidecar then inject warns and validate reports that it would not complete', () => {
    const r = injectObject(fromText(JOB).objects[0]!.value, catalog, { version: V126 });
    assert.equal(r.mode, 'classic');
    assert.match(r.warnings.join('\n'), /keeps this run-to-completion pod running/);
    const out = injectText(JOB, { version: V126 });
    const report = validateInput(fromText(out), { version: V126 });
    const rules = report.objects.flatMap((o) => o.diagnostics.map((d) => d.rule));
    assert.ok(rules.includes('classic-sidecar-blocks-completion'), rules.join(','));
  });

  it('when a Job gets its sidecar natively then simulate shows it completing', () => {
    const out = injectText(JOB, { version: V129 });
    const tpl = podTemplateOf(fromText(out).objects[0]!)!;
    const scenario = parseScenarioValue({
      apiVersion: 'sidecarctl.io/v1alpha1',
      kind: 'Scenario',
      metadata: { name: 'job' },
      spec: { until: '120s', containers: { report: { runs: [{ exitAfter: '2s' }] } } },
    });
    const sim = simulate(tpl, scenario, V129);
    assert.equal(sim.status.phase, 'Succeeded');
    const started = sim.events
      .filter((e) => e.type === 'ContainerStarted')
      .map((e) => ('container' in e ? e.container : ''));
    assert.deepEqual(started.slice(0, 2), ['fluent-bit', 'report']);
  });

  it('when the same Job keeps a classic sidecar then simulate shows it never completing', () => {
    const out = injectText(JOB, { version: V126 });
    const tpl = podTemplateOf(fromText(out).objects[0]!)!;
    const scenario = parseScenarioValue({
      apiVersion: 'sidecarctl.io/v1alpha1',
      kind: 'Scenario',
      metadata: { name: 'job' },
      spec: { until: '120s', containers: { report: { runs: [{ exitAfter: '2s' }] } } },
    });
    assert.equal(simulate(tpl, scenario, V126).status.phase, 'Running');
  });

  it('when a Job asks for an entry whose policy is skip then classic mode leaves it out and says why', () => {
    const text = JOB.replace(
      'sidecarctl.io/inject: fluent-bit',
      'sidecarctl.io/inject: debug-toolbox',
    );
    const r = injectObject(fromText(text).objects[0]!.value, catalog, { version: V126 });
    assert.deepEqual(r.patch, []);
    assert.equal(r.decisions[0]?.injected, false);
    assert.match(r.decisions[0]!.reason, /jobPolicy: skip/);
  });

  it('when a container of that name exists then the entry is skipped instead of clashing', () => {
    const text = JOB.replace(
      'sidecarctl.io/inject: fluent-bit',
      'sidecarctl.io/inject: envoy',
    ).replace(
      '    spec:\n',
      '    spec:\n      initContainers:\n        - name: envoy\n          image: envoyproxy/envoy:v1.28.0\n          restartPolicy: Always\n',
    );
    const r = injectObject(fromText(text).objects[0]!.value, catalog, { version: V129 });
    assert.deepEqual(r.patch, []);
    assert.match(r.decisions[0]!.reason, /already has a container named "envoy"/);
  });

  it('when a parameter annotation is set then the entry uses it', () => {
    const text = JOB.replace(
      'sidecarctl.io/inject: fluent-bit',
      'sidecarctl.io/inject: fluent-bit\n        sidecarctl.io/fluent-bit.image: my/fluent-bit:9',
    );
    const spec = podSpec(injectText(text, { version: V129 }));
    assert.equal((spec['initContainers'] as Obj[])[0]!['image'], 'my/fluent-bit:9');
  });

  it('when the parameters change after an injection then the old injection is replaced, not doubled', () => {
    const first = injectText(JOB, { version: V129 });
    const changed = first.replace(
      'sidecarctl.io/inject: fluent-bit',
      'sidecarctl.io/inject: fluent-bit\n        sidecarctl.io/fluent-bit.image: my/fluent-bit:9',
    );
    const spec = podSpec(injectText(changed, { version: V129 }));
    assert.deepEqual(names(spec['initContainers']), ['fluent-bit']);
    assert.equal((spec['initContainers'] as Obj[])[0]!['image'], 'my/fluent-bit:9');
    assert.deepEqual(names(spec['volumes']), ['logs', 'fluent-bit-config']);
  });

  it('when native mode is forced on 1.26 then it refuses with SIDECAR_E_INJECT_MODE', () => {
    assert.throws(
      () =>
        injectObject(fromText(JOB).objects[0]!.value, catalog, { version: V126, mode: 'native' }),
      (e: unknown) =>
        e instanceof SidecarError && e.code === 'SIDECAR_E_INJECT_MODE' && e.exitCode === 1,
    );
  });

  it('when the annotation sits on the Deployment instead of its pod template then nothing is injected and it says where to put it', () => {
    const text = ALL.replace(
      '  labels:\n    app: web\n',
      '  labels:\n    app: web\n  annotations:\n    sidecarctl.io/inject: envoy\n',
    ).replace(/ {8}sidecarctl\.io\/inject: .*\n/, '');
    const r = injectObject(fromText(text).objects[0]!.value, catalog, { version: V129 });
    assert.deepEqual(r.patch, []);
    assert.match(
      r.warnings.join(),
      /put them on the pod template \(spec\.template\.metadata\.annotations\)/,
    );
    assert.equal(r.decisions[0]?.entry, 'envoy');
  });

  it('when --with names an unknown entry then it is explained, not injected', () => {
    const r = injectObject(fromText(VAULT).objects[0]!.value, catalog, {
      version: V129,
      with: ['nope'],
    });
    assert.equal(r.decisions.find((d) => d.entry === 'nope')?.injected, false);
    assert.equal(r.decisions.find((d) => d.entry === 'vault-agent')?.injected, true);
  });
});
