/**
 * Inputs the fuzz test (fuzz.test.ts) found or the hardening brief named, each through the
 * library entry point of the command that broke on it: every one must end in a result or a
 * SidecarError that is not SIDECAR_E_INTERNAL.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../src/catalog/builtin.js';
import { isSidecarError } from '../src/errors.js';
import { injectObject } from '../src/inject/inject.js';
import { fromText } from '../src/manifest/load.js';
import { migrateObject } from '../src/migrate/migrate.js';
import { parseVersion, resolveVersion } from '../src/model/versions.js';
import { formatRewrite } from '../src/rewrite/output.js';
import { rewriteInput } from '../src/rewrite/rewrite-files.js';
import { resourcesReport } from '../src/resources/report.js';
import { simulateInput } from '../src/simulate/simulate-input.js';
import { renderView } from '../src/ui/render.js';
import { formatText } from '../src/validate/format.js';
import { validateInput } from '../src/validate/validate.js';

const version = resolveVersion(parseVersion('1.33'));
const catalog = builtinCatalog();

function inject(text: string) {
  return rewriteInput(fromText(text), (o) => {
    const r = injectObject(o.value, catalog, { version, with: ['fluent-bit'] });
    return { patch: r.patch, result: r };
  });
}

function migrate(text: string) {
  return rewriteInput(fromText(text), (o) => {
    const r = migrateObject(o.value, catalog, { version });
    return { patch: r.patch, result: r };
  });
}

/** The SidecarError `fn` throws (failing on any other error, or on none). */
function sidecarError(fn: () => unknown): { code: string; describe(): string } {
  try {
    fn();
  } catch (e) {
    assert.ok(isSidecarError(e), `not a SidecarError: ${String(e)}`);
    assert.notEqual(e.code, 'SIDECAR_E_INTERNAL');
    return e;
  }
  assert.fail('no error');
}

const POD = (containers: string): string =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n${containers}`;

describe('hostile input', () => {
  it('when a container name or image is !!binary then inject reads it as its text', () => {
    const rw = inject(POD('    - name: !!binary YXBw\n      image: !!binary bXlhcHA6djE=\n'));
    const after = rw.objects[0]!.after as { spec: { initContainers: { name: string }[] } };
    assert.equal(after.spec.initContainers[0]!.name, 'fluent-bit');
    assert.match(
      formatRewrite(rw, 'yaml', () => ({}), {}),
      /fluent-bit/,
    );
  });

  it('when an alias is recursive then inject and migrate -o json stop with a PARSE error at its line', () => {
    const text = POD('    - &c\n      name: app\n      image: x\n      x: [*c]\n');
    for (const run of [() => inject(text), () => migrate(text)]) {
      const e = sidecarError(run);
      assert.equal(e.code, 'SIDECAR_E_PARSE');
      assert.match(e.describe(), /^input\.yaml:9:11: .*alias \*c .*recursive/);
      assert.doesNotMatch(e.describe(), /\n/);
    }
  });

  it('when nesting is deeper than the stack allows then every command says "nested too deeply" at file:line', () => {
    const text = POD(`    - name: app\n      env: ${'['.repeat(3000)}${']'.repeat(3000)}\n`);
    assert.match(
      sidecarError(() => inject(text)).describe(),
      /^input\.yaml:7:\d+: .*nested too deeply/,
    );
    assert.match(sidecarError(() => simulateInput(fromText(text))).describe(), /nested too deeply/);
    const report = validateInput(fromText(text), { version });
    assert.match(
      formatText(report),
      /^input\.yaml:7:\d+: error\[yaml-syntax\]: document is nested too deeply/,
    );
  });

  it('when a container is not an object or its name not a string then inject and migrate leave the pod with a warning', () => {
    for (const containers of [
      '    - null\n    - name: log-shipper\n      image: fluent/fluent-bit:3.1.9\n',
      '    - name: app\n      image: x\n    - name: {n: [log-shipper]}\n      image: fluent/fluent-bit:3.1.9\n',
      '    - name: app\n      image: x\n    - name: app\n      image: fluent/fluent-bit:3.1.9\n',
    ]) {
      for (const rw of [inject(POD(containers)), migrate(POD(containers))]) {
        const o = rw.objects[0]!;
        assert.deepEqual(o.patch, []);
        assert.match((o.result as { warnings: string[] }).warnings.join('\n'), /left unchanged/);
      }
    }
  });

  it('when a name is an object whose toString is not a function then messages still print it', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {toString: 1}\n  annotations: {sidecarctl.io/inject: fluent-bit}\nspec:\n  containers: [{name: app, image: x}]\n';
    assert.equal(inject(text).objects.length, 1);
    assert.equal(migrate(text).objects.length, 1);
  });

  it('when the kind is __proto__ or constructor then the object is no pod template', () => {
    for (const kind of ['__proto__', 'constructor', 'toString']) {
      const input = fromText(`apiVersion: v1\nkind: ${kind}\nmetadata: {name: p}\nspec: {}\n`);
      assert.equal(resourcesReport(input, version).report.objects.length, 0);
      assert.equal(validateInput(input, { version }).errors >= 0, true);
      assert.equal(sidecarError(() => simulateInput(input)).code, 'SIDECAR_E_NO_POD');
    }
  });
  it('when names hold terminal escapes then validate and simulate text show them escaped', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: "p\\e[31m"}\nspec:\n  containers: [{name: "a\\e]0;t\\a", image: x}]\n';
    const input = fromText(text);
    const validated = formatText(validateInput(input, { version }));
    const simulated = renderView(simulateInput(input)[0]!.view, 'text');
    for (const out of [validated, simulated]) {
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(out, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      assert.match(out, /a\\x1b\]0;t\\x07/);
    }
    assert.match(simulated, /^Pod default\/p\\x1b\[31m on/);
    for (const format of ['svg', 'html'] as const) {
      const out = renderView(simulateInput(input)[0]!.view, format);
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(out, /[\u0000-\u0008\u000b-\u001f]/);
    }
  });
  it('when an edit would put an alias before its anchor then the document is written out whole instead', () => {
    const shipper =
      '    - name: app\n      image: myapp:v1\n    - name: log-shipper\n      image: fluent/fluent-bit:3.1.9\n';
    const cases = [
      // inject adds a volume: the volumes list aliases a mount of a container
      [
        inject,
        POD(
          `${shipper}      volumeMounts:\n        - &a1\n          name: data\n          mountPath: /data\n`,
        ) + '  volumes:\n    - *a1\n',
      ],
      // migrate moves log-shipper (holding the anchor) after proxy (holding the alias)
      [
        migrate,
        POD(
          `${shipper}      volumeMounts: &a1\n        - name: data\n          mountPath: /data\n    - name: proxy\n      image: *a1\n`,
        ),
      ],
    ] as const;
    for (const [run, text] of cases) {
      const rw = run(text);
      assert.ok(rw.files[0]!.changed);
      const back = fromText(rw.files[0]!.after);
      assert.equal(back.documents[0]!.error, undefined);
      assert.deepEqual(back.objects[0]!.value, rw.objects[0]!.after);
    }
  });
});
