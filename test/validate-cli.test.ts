import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, ROOT } from './cli-helper.js';

const SIDECAR_POD = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
  - name: proxy
    image: envoyproxy/envoy:v1.28.0
    restartPolicy: Always
  containers:
  - name: app
    image: myapp:v1
`;

describe('sidecarctl validate (CLI)', () => {
  it('when asked for its version then it prints the package version and exits 0', () => {
    const r = runCli(['--version']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('when run as the kubectl plugin binary then help works', () => {
    const bin = join(ROOT, 'dist', 'cli', 'main.js');
    assert.ok(existsSync(bin));
    const r = runCli(['--help'], { bin });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /validate/);
  });

  it('when a sidecar pod is validated for 1.27 then the unknown field is an api error with exit 1', () => {
    const r = runCli(['validate', '--k8s-version', '1.27', '-o', 'json', '-'], {
      input: SIDECAR_POD,
    });
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as {
      k8sVersion: string;
      objects: {
        file: string;
        kind: string;
        name: string;
        diagnostics: { category: string; field: string; line: number }[];
      }[];
      errors: number;
    };
    assert.equal(report.k8sVersion, '1.27');
    assert.equal(report.objects[0]!.kind, 'Pod');
    const d = report.objects[0]!.diagnostics.find(
      (x) => x.field === 'spec.initContainers[0].restartPolicy' && x.category === 'api',
    );
    assert.ok(d, JSON.stringify(report.objects[0]!.diagnostics));
    assert.equal(d.line, 8);
    assert.ok(report.errors >= 1);
  });

  it('when the same pod is validated for 1.29 then it has no api error', () => {
    const r = runCli(['validate', '--k8s-version', '1.29', '-o', 'json', '-'], {
      input: SIDECAR_POD,
    });
    const report = JSON.parse(r.stdout) as { objects: { diagnostics: { category: string }[] }[] };
    assert.deepEqual(
      report.objects[0]!.diagnostics.filter((d) => d.category === 'api'),
      [],
    );
  });

  it('when one file is malformed then it is a syntax error at its line and the other files are still checked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-cli-'));
    writeFileSync(join(dir, 'a-bad.yaml'), 'kind: Pod\nmetadata: {name: x\n');
    writeFileSync(join(dir, 'b-good.yaml'), SIDECAR_POD);
    const r = runCli(['validate', '--k8s-version', '1.27', dir]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /a-bad\.yaml:\d+:\d+: error\[yaml-syntax\]/);
    assert.match(
      r.stdout,
      /b-good\.yaml:8:5: error\[[a-z-]+\]: unknown field "spec\.initContainers\[0\]\.restartPolicy"/,
    );
    assert.equal(r.stderr, '');
  });

  it('when the usage is wrong or a path is unreadable then it exits 2 with one line and no stack trace', () => {
    for (const args of [
      ['validate', '--bogus'],
      ['validate', '/no/such/path.yaml'],
      ['validate', '--k8s-version', '1.40', '-'],
      ['validate', '--k8s-version', '1.33', '--feature-gates', 'SidecarContainers=false', '-'],
      ['validate', '-o', 'xml', '-'],
      ['validate', '--disable', 'no-such-rule', '-'],
    ]) {
      const r = runCli(args, { input: SIDECAR_POD });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^sidecarctl: /, args.join(' '));
      assert.doesNotMatch(r.stderr, /\n\s+at /, args.join(' '));
    }
  });

  it('when SARIF is asked for then it is a SARIF 2.1.0 log with a result per diagnostic', () => {
    const r = runCli(['validate', '--k8s-version', '1.27', '-o', 'sarif', '-'], {
      input: SIDECAR_POD,
    });
    const sarif = JSON.parse(r.stdout) as {
      version: string;
      runs: {
        results: {
          ruleId: string;
          locations: { physicalLocation: { region: { startLine: number } } }[];
        }[];
      }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const lines = sarif.runs[0]!.results.map(
      (x) => x.locations[0]!.physicalLocation.region.startLine,
    );
    assert.ok(lines.includes(8));
  });

  it('when the bundled examples are validated then no seed example has an error', () => {
    const r = runCli(['validate', fileURLToPath(new URL('../examples/seed', import.meta.url))]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  it('when a --catalog entry names an image then validate treats its containers as that sidecar', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-catalog-'));
    const entry = join(dir, 'helper.yaml');
    writeFileSync(
      entry,
      'apiVersion: sidecarctl.io/v1alpha1\nkind: CatalogEntry\nmetadata: {name: helper}\nspec:\n  match: {images: [example/helper]}\n  containers: [{name: helper, image: example/helper:1.0}]\n',
    );
    const job =
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - {name: app, image: myapp:v1}\n      - {name: shipper, image: example/helper:1.0}\n';
    const without = runCli(['validate', '-'], { input: job });
    assert.doesNotMatch(without.stdout, /classic-sidecar-blocks-completion/);
    const r = runCli(['validate', '--catalog', entry, '-'], { input: job });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /helper sidecar "shipper" is a regular container that never exits/);
  });
});
