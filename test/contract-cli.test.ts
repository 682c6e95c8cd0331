import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, ROOT } from './cli-helper.js';

const BROKEN = 'apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n';
const TEMPLATE =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  containers: []\n';
const EXAMPLE = join(ROOT, 'examples/run/native-sidecar.yaml');

function files(): {
  dir: string;
  broken: string;
  template: string;
  empty: string;
  emptyDir: string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-contract-'));
  const broken = join(dir, 'broken.yaml');
  const template = join(dir, 'template.yaml');
  const empty = join(dir, 'empty.yaml');
  const emptyDir = join(dir, 'nothing');
  writeFileSync(broken, BROKEN);
  writeFileSync(template, TEMPLATE);
  writeFileSync(empty, '');
  mkdirSync(emptyDir);
  return { dir, broken, template, empty, emptyDir };
}

describe('exit status and errors (CLI)', () => {
  it('when a file is broken YAML then validate reports a syntax finding (1) and every other command exits 2 with one line', () => {
    const f = files();
    const v = runCli(['validate', f.broken]);
    assert.equal(v.code, 1);
    assert.match(v.stdout, /error\[yaml-syntax\]/);
    for (const cmd of ['resources', 'simulate', 'migrate', 'inject']) {
      const r = runCli([cmd, f.broken]);
      assert.equal(r.code, 2, `${cmd}: ${r.stderr}`);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, `${cmd}: ${r.stderr}`);
      assert.match(r.stderr, /^sidecarctl: .*broken\.yaml:\d+:\d+: /);
    }
  });

  it('when an input is empty then it answers as an empty folder does: exit 2, one line', () => {
    const f = files();
    for (const cmd of ['validate', 'resources', 'simulate']) {
      for (const input of [[f.empty], [f.emptyDir], ['-']]) {
        const r = runCli([cmd, ...input], { input: '' });
        assert.equal(r.code, 2, `${cmd} ${input.join(' ')}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, /^sidecarctl: no manifest (objects|files)/);
        assert.equal(r.stderr.trimEnd().split('\n').length, 1);
      }
    }
  });

  it('when a key is a Helm template then it is an unrendered template, and no YAML warning reaches stderr', () => {
    const f = files();
    const v = runCli(['validate', f.template]);
    assert.equal(v.code, 1);
    assert.match(
      v.stdout,
      /template\.yaml:4:9: error\[yaml-syntax\]: unrendered template "\{\{ \.Release\.Name \}\}" \(Helm\/Go template/,
    );
    assert.equal(v.stderr, '');
    const r = runCli(['resources', f.template]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^sidecarctl: .*unrendered template/);
    assert.doesNotMatch(r.stderr, /Warning|stringified/);
  });

  it('when the state directory cannot be made then run says so on one line naming --state-dir, without hanging', () => {
    const f = files();
    for (const dir of ['/proc/sidecarctl-x/y', join(f.broken, 'sub')]) {
      const r = runCli(['run', '--state-dir', dir, EXAMPLE], { timeoutMs: 20_000 });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^sidecarctl: state directory .* --state-dir or XDG_STATE_HOME/);
      assert.doesNotMatch(r.stderr, /internal error/);
    }
  });
});
