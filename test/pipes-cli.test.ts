/**
 * The CLI in a shell pipeline: a slow writer on stdin, and a reader that leaves early.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CLI, ROOT } from './cli-helper.js';

const POD =
  'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: app, image: busybox:1.36}\n';

function sh(script: string) {
  return spawnSync('sh', ['-c', script], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, CLI, POD, NODE: process.execPath },
  });
}

describe('sidecarctl in pipelines', () => {
  it('when stdin is a pipe whose writer is slower than the reader then validate - reads it all', () => {
    // The writer waits for the reader to have started (it holds a pipe open) before writing.
    const r = sh(
      '{ read _ < /dev/null; sleep 1; printf "%s" "$POD"; } | "$NODE" "$CLI" validate -',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /in 1 object\(s\)/);
    assert.equal(r.stderr, '');
  });

  it('when the reader of stdout goes away then the CLI stops quietly (no EPIPE stack trace)', () => {
    const r = sh('"$NODE" "$CLI" webhook manifests --cert-manager | head -1');
    assert.equal(r.stdout, 'apiVersion: v1\n');
    assert.equal(r.stderr, '');
  });

  it('when stdin is a directory then it is a one-line read error (exit 2)', () => {
    const r = sh('"$NODE" "$CLI" validate - < /');
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'sidecarctl: cannot read stdin: is a directory\n');
  });
});
