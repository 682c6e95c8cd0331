import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli-helper.js';

const WARNINGS_ONLY = 'examples/seed/traditional-sidecar.yaml';

describe('kubectl conventions (CLI)', () => {
  it('when inputs are given with -f/--filename (repeatable) then they are read as positional paths are', () => {
    const both = runCli([
      'validate',
      '-f',
      WARNINGS_ONLY,
      '--filename',
      'examples/seed/native-sidecar.yaml',
    ]);
    assert.equal(both.code, 0, both.stderr);
    assert.match(both.stdout, /in 2 object\(s\)/);
    const r = runCli(['resources', '-f', 'examples/seed/sidecar-resources.yaml']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^POD\s+effective\s+1150m/m);
    const mixed = runCli(['validate', WARNINGS_ONLY, '-f', 'examples/seed/native-sidecar.yaml']);
    assert.match(mixed.stdout, /in 2 object\(s\)/);
  });

  it('when validate finds only warnings then it exits 0 by default and 1 with --fail-on warning', () => {
    assert.equal(runCli(['validate', WARNINGS_ONLY]).code, 0);
    assert.equal(runCli(['validate', '--fail-on', 'error', WARNINGS_ONLY]).code, 0);
    assert.equal(runCli(['validate', '--fail-on', 'warning', WARNINGS_ONLY]).code, 1);
    const bad = runCli(['validate', '--fail-on', 'info', WARNINGS_ONLY]);
    assert.equal(bad.code, 2);
  });

  it('when version is asked then it prints the client version, and -o json|yaml the clientVersion object', () => {
    const text = runCli(['version']);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^Client Version: v\d+\.\d+\.\d+\n$/);
    const json = JSON.parse(runCli(['version', '--client', '-o', 'json']).stdout) as {
      clientVersion: { gitVersion: string; platform: string };
    };
    assert.match(json.clientVersion.gitVersion, /^v\d+\.\d+\.\d+$/);
    assert.equal(json.clientVersion.platform, `${process.platform}/${process.arch}`);
    assert.match(runCli(['version', '-o', 'yaml']).stdout, /^clientVersion:\n {2}gitVersion: v/);
  });

  it('when a rule is explained then its why, example and fix print; an unknown one is exit 2 with a suggestion', () => {
    const r = runCli(['explain', 'yaml-syntax']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^RULE: +yaml-syntax$/m);
    assert.match(r.stdout, /^WHY:\n {2}\S/m);
    assert.match(r.stdout, /^EXAMPLE:\n {2}metadata:/m);
    assert.match(r.stdout, /^FIX:\n {2}\S/m);
    const other = runCli(['explain', 'sidecar-gate-disabled']);
    assert.equal(other.code, 0);
    assert.match(other.stdout, /^CATEGORY: compat$/m);
    const unknown = runCli(['explain', 'sidecar-gate']);
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /^sidecarctl: unknown rule "sidecar-gate" \(did you mean sidecar-gate-disabled\?\)/,
    );
  });

  it('when run refuses a pod before it starts then no note is printed: one error line', () => {
    const state = mkdtempSync(join(tmpdir(), 'sidecarctl-note-'));
    const r = runCli(['run', '-', '--state-dir', state], {
      input:
        'apiVersion: v1\nkind: Pod\nmetadata: {name: nocmd}\nspec:\n  containers:\n  - {name: app, image: myapp:v1}\n',
    });
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.stderr, /note:/);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  });

  it('when help is printed then every line fits 80 columns', () => {
    for (const c of [
      '',
      'validate',
      'resources',
      'simulate',
      'run',
      'logs',
      'get',
      'delete',
      'version',
      'explain',
      'completion',
      'migrate',
      'inject',
      'serve',
    ]) {
      const r = runCli([...(c === '' ? [] : [c]), '--help']);
      assert.equal(r.code, 0);
      const lines = r.stdout.split('\n');
      for (const line of lines)
        assert.ok(line.length <= 80, `${c} --help: ${String(line.length)}: ${line}`);
      // The description's paragraphs flow: no line ends where the next line's first word fits.
      const end = lines.findIndex((l) => /^(Options|Arguments|Commands):/.test(l));
      const description = lines.slice(2, end < 0 ? lines.length : end);
      description.forEach((line, i) => {
        const next = description[i + 1] ?? '';
        if (line === '' || next === '' || /^(\s|[-*$] )/.test(next)) return;
        const word = next.split(' ')[0]!;
        assert.ok(line.length + 1 + word.length > 80, `${c} --help: "${word}" fits after: ${line}`);
      });
    }
  });

  it('when -n names a namespace then objects without one are in it, and one of another namespace is refused', () => {
    const r = runCli([
      'simulate',
      '-n',
      'team',
      'examples/seed/native-sidecar.yaml',
      '--scenario',
      'examples/scenarios/seed-native-sidecar.yaml',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Pod team\/native-sidecar on Kubernetes/);
    const other = runCli(['simulate', '-n', 'team', '-'], {
      input:
        'apiVersion: v1\nkind: Pod\nmetadata: {name: x, namespace: other}\nspec: {containers: [{name: c, image: i}]}\n',
    });
    assert.equal(other.code, 2);
    assert.match(
      other.stderr,
      /^sidecarctl: the namespace from the provided object "other" does not match the namespace "team"/,
    );
  });
});
