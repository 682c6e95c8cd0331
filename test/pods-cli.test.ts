/**
 * `run`, `logs`, `get` and `delete` on one state directory: a re-run starts a fresh log set,
 * `get` lists the pods as kubectl does, `delete` prunes them (a running one gracefully).
 * Process isolation, so no namespaces are needed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT, runCli } from './cli-helper.js';

function pod(name: string, restartPolicy: string, script: string): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  restartPolicy: ${restartPolicy}
  terminationGracePeriodSeconds: 3
  containers:
  - name: c
    image: busybox
    command: ["sh", "-c", ${JSON.stringify(script)}]
`;
}

function setup(): { state: string; dir: string; file: (name: string, text: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-pods-'));
  return {
    dir,
    state: join(dir, 'state'),
    file: (name, text) => {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    },
  };
}

describe('pods of the state directory (CLI)', { timeout: 120_000 }, () => {
  it('when a pod name is run again then logs and logs -p show only the new run, and get lists it', () => {
    const { state, dir, file } = setup();
    const mark = join(dir, 'mark');
    const first = file(
      'first.yaml',
      pod(
        'again',
        'OnFailure',
        `if [ -f ${mark} ]; then echo first-run-second; else touch ${mark}; echo first-run-first; exit 1; fi`,
      ),
    );
    const flags = ['--state-dir', state, '--isolation', 'process'];
    assert.equal(runCli(['run', first, ...flags], { timeoutMs: 60_000 }).code, 0);
    // (ends with: process isolation may put a wrapper's warning first)
    assert.match(
      runCli(['logs', 'again', '-p', '--state-dir', state]).stdout,
      /first-run-first\n$/,
    );

    const second = file('second.yaml', pod('again', 'Never', 'echo second-run'));
    assert.equal(runCli(['run', second, ...flags], { timeoutMs: 60_000 }).code, 0);
    const logs = runCli(['logs', 'again', '--state-dir', state]);
    assert.match(logs.stdout, /(^|\n)second-run\n$/);
    assert.doesNotMatch(logs.stdout, /first-run/);
    const previous = runCli(['logs', 'again', '-p', '--state-dir', state]);
    assert.equal(previous.code, 1);
    assert.match(previous.stderr, /previous terminated container "c" in pod "again" not found/);

    const get = runCli(['get', 'pods', '--state-dir', state]);
    assert.equal(get.code, 0, get.stderr);
    const lines = get.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    assert.match(lines[1]!, /^again\s+0\/1\s+Completed\s+0\s+\d+s$/);
    const json = JSON.parse(runCli(['get', '-o', 'json', '--state-dir', state]).stdout) as {
      kind: string;
      items: { metadata: { name: string }; status: { phase: string } }[];
    };
    assert.equal(json.kind, 'List');
    assert.equal(json.items[0]!.metadata.name, 'again');
    assert.equal(json.items[0]!.status.phase, 'Succeeded');
  });

  it('when pods are deleted then their directory is gone, and a missing one is NotFound with exit 1', () => {
    const { state, file } = setup();
    const p = file('p.yaml', pod('gone', 'Never', 'echo hi'));
    const flags = ['--state-dir', state, '--isolation', 'process'];
    assert.equal(runCli(['run', p, ...flags], { timeoutMs: 60_000 }).code, 0);
    const del = runCli(['delete', 'pod', 'gone', '--state-dir', state]);
    assert.equal(del.code, 0, del.stderr);
    assert.equal(del.stdout, 'pod "gone" deleted\n');
    assert.equal(existsSync(join(state, 'pods', 'default_gone')), false);
    const again = runCli(['delete', 'gone', '--state-dir', state]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /\(NotFound\): pods "gone" not found/);
    const get = runCli(['get', '--state-dir', state]);
    assert.equal(get.code, 0);
    assert.equal(get.stderr, 'No resources found in default namespace.\n');
    assert.equal(runCli(['delete', '--state-dir', state]).code, 2);
  });

  it('when a running pod is deleted then its run deletes it gracefully and ends, and nothing is left', async () => {
    const { state, file } = setup();
    const p = file('p.yaml', pod('long', 'Never', 'echo started; exec sleep 600'));
    const run = spawn(
      process.execPath,
      [CLI, 'run', p, '--state-dir', state, '--isolation', 'process'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    run.stdout.setEncoding('utf8');
    const ended = new Promise<number | null>((r) => run.on('close', r));
    await new Promise<void>((resolve) =>
      run.stdout.on('data', (d: string) => {
        out += d;
        if (out.includes('c | started')) resolve();
      }),
    );
    const get = runCli(['get', '--state-dir', state]);
    assert.match(get.stdout, /^long\s+1\/1\s+Running\s+0\s+\d+s$/m);
    const del = runCli(['delete', 'long', '--state-dir', state], { timeoutMs: 30_000 });
    assert.equal(del.code, 0, del.stderr);
    assert.equal(del.stdout, 'pod "long" deleted\n');
    assert.equal(await ended, 0);
    assert.match(out, /ContainerKilling .*SIGTERM/);
    assert.equal(existsSync(join(state, 'pods', 'default_long')), false);
  });
});
