/**
 * `sidecarctl run` and `sidecarctl logs` end to end: real pods from examples/run and small
 * inline ones, real processes, each bounded in time. Tests that need Linux namespaces skip with
 * the reason printed where the machine forbids them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processesWith, until } from '../src/runtime/process-watch.test-support.js';
import { namespacesOrSkip } from '../src/runtime/isolation/namespaces.test-support.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'src/cli/main.ts');
const { skip } = await namespacesOrSkip();

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let state = '';

function start(args: readonly string[], input = '') {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(input);
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const done = new Promise<Run>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // A run killed by a signal says which, for the assertion messages.
      resolve({
        code,
        stdout,
        stderr: signal === null ? stderr : `${stderr}[killed by ${signal}]\n`,
      });
    }),
  );
  return { child, done, out: () => stdout, err: () => stderr };
}

function cli(args: readonly string[], input = ''): Promise<Run> {
  return start([...args, '--state-dir', state], input).done;
}

function pod(name: string, containers: string, extra = ''): string {
  return `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  restartPolicy: Never\n  terminationGracePeriodSeconds: 3\n${extra}  containers:\n${containers}`;
}

// Each run is killed after 90 s; the suite as a whole gets room for a loaded machine, where
// starting the CLI through tsx alone can take 15 s.
describe('sidecarctl run', { skip, timeout: 900_000 }, () => {
  before(() => {
    state = mkdtempSync(join(tmpdir(), 'sidecarctl-run-cli-'));
    chmodSync(state, 0o755);
  });
  after(() => rmSync(state, { recursive: true, force: true }));

  it('when the logging example runs then the Job pod succeeds, -o json holds events and status, and logs reads the sidecar', async () => {
    const eventsFile = join(state, 'events.jsonl');
    const r = await cli([
      'run',
      'examples/run/logging-sidecar.yaml',
      '-o',
      'json',
      '--events',
      eventsFile,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const body = JSON.parse(r.stdout) as {
      events: { type: string; container?: string }[];
      status: { phase: string; initContainerStatuses: { name: string }[] };
    };
    assert.equal(body.status.phase, 'Succeeded');
    assert.deepEqual(
      body.status.initContainerStatuses.map((s) => s.name),
      ['fluent-bit'],
    );
    const starts = body.events.filter((e) => e.type === 'ContainerStarted').map((e) => e.container);
    assert.deepEqual(starts, ['fluent-bit', 'app']);
    const lines = readFileSync(eventsFile, 'utf8').trimEnd().split('\n');
    assert.deepEqual(
      lines.map((l) => JSON.parse(l) as unknown),
      body.events,
    );
    const logs = await cli(['logs', 'logging-sidecar', '-c', 'fluent-bit', '--tail', '2']);
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /^\[app\] \S+ event 5\nfluent-bit: flushed, bye\n$/);
  });

  it('when two pods listen on the same port then both succeed, each answered by its own server', async () => {
    // The client tries again until its pod's server listens: no fixed wait for the server.
    const client = `const ask = () => require('net').connect(18081, '127.0.0.1').on('data', (d) => { console.log('answer ' + d); process.exit(0); }).on('error', () => setTimeout(ask, 100)); ask()`;
    const server = `node -e "require('net').createServer((s) => s.end(process.env.POD)).listen(18081, '127.0.0.1')" & node -e "${client}"`;
    const podOf = (n: string) =>
      pod(
        n,
        `  - name: c\n    image: x\n    command: ['sh', '-c', ${JSON.stringify(server)}]\n    env: [{name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]\n    ports: [{containerPort: 18081}]\n`,
      );
    const r = await cli(['run', '-'], `${podOf('one')}\n---\n${podOf('two')}`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^one\/c \| answer one$/m);
    assert.match(r.stdout, /^two\/c \| answer two$/m);
  });

  it('when a pod fails then run exits 1 and says which pod', async () => {
    const r = await cli(
      ['run', '-'],
      pod('bad', `  - {name: c, image: x, command: ['sh', '-c', 'exit 3']}\n`),
    );
    assert.equal(r.code, 1);
    assert.match(r.stderr, /sidecarctl: run: pod default\/bad Failed/);
  });

  it('when run is asked for -o svg then it draws the real run with a lane per container, and nothing else on stdout', async () => {
    const r = await cli(
      ['run', '-', '-o', 'svg', '--isolation', 'process'],
      pod(
        'drawn',
        `  - {name: app, image: x, command: ['sh', '-c', 'echo hi; exit 0']}\n`,
        `  initContainers:\n  - {name: setup, image: x, command: ['sh', '-c', 'exit 0']}\n`,
      ),
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^<svg [^>]*>\n<title>default\/drawn on Kubernetes /);
    assert.match(r.stdout, /<\/svg>\n$/);
    const lanes = [...r.stdout.matchAll(/data-lane="([^"]+)" data-kind="([^"]+)"/g)].map(
      (m) => `${m[1]!}:${m[2]!}`,
    );
    assert.deepEqual(lanes, ['setup:init', 'app:regular']);
    assert.doesNotMatch(r.stdout, /app \| hi/);
  });

  it('when run is asked for -o html then it writes the timeline page of the real run: its lanes, kubectl row and events', async () => {
    const r = await cli(
      ['run', '-', '-o', 'html', '--isolation', 'process'],
      pod('paged', `  - {name: app, image: x, command: ['sh', '-c', 'exit 0']}\n`),
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^<!DOCTYPE html>\n/);
    assert.ok(r.stdout.includes('<section class="panel" data-key="default/paged">'));
    assert.ok(r.stdout.includes('data-lane="app" data-kind="regular"'));
    assert.match(r.stdout, /<td>paged<\/td><td>0\/1<\/td><td>Completed<\/td><td>0<\/td>/);
    assert.match(
      r.stdout,
      /<td>Normal<\/td><td>Started<\/td><td>pod\/paged<\/td><td>Started container app<\/td>/,
    );
  });

  it('when the command is a script from a configMap volume then it runs, and a command not found ends StartError 128', async () => {
    const input = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: scripts}\ndata:\n  run.sh: |\n    #!/bin/sh\n    echo "script args: $*"\n---\n${pod(
      'script',
      `  - {name: c, image: x, command: ['/scripts/run.sh', 'a', 'b'], volumeMounts: [{name: s, mountPath: /scripts}]}\n  - {name: missing, image: x, command: ['no-such-command-sidecarctl']}\n`,
    )}  volumes: [{name: s, configMap: {name: scripts, defaultMode: 0755}}]\n`;
    const r = await cli(['run', '-', '-o', 'json'], input);
    assert.equal(r.code, 1, r.stderr);
    const body = JSON.parse(r.stdout) as {
      status: {
        containerStatuses: {
          name: string;
          state: { terminated?: { exitCode: number; reason?: string } };
        }[];
      };
    };
    const term = Object.fromEntries(
      body.status.containerStatuses.map((c) => [c.name, c.state.terminated]),
    );
    assert.deepEqual(
      [term['c']?.exitCode, term['missing']?.exitCode, term['missing']?.reason],
      [0, 128, 'StartError'],
    );
    const logs = await cli(['logs', 'script', '-c', 'c']);
    assert.equal(logs.stdout, 'script args: a b\n');
  });

  it('when a container has no command then run refuses before starting anything, exit 2', async () => {
    const r = await cli(['run', '-'], pod('nocmd', `  - {name: app, image: myapp:v1}\n`));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /container "app" has no command.*--image myapp:v1=ENTRYPOINT/);
  });

  it('when --isolation process meets volumeMounts then run refuses the pod and names the fix', async () => {
    const r = await cli(['run', 'examples/run/logging-sidecar.yaml', '--isolation', 'process']);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /--isolation=process cannot run it: volumeMounts \(\/var\/log\/app, \/fluent-bit\/etc\) need a mount namespace/,
    );
  });

  it('when run gets SIGTERM then it deletes the pod gracefully, sidecar last, and exits 0', async () => {
    const run = start(['run', 'examples/run/native-sidecar.yaml', '--state-dir', state]);
    assert.ok(
      await until(() => /app \| app: sent request 1/.test(run.out()), 60_000),
      'the app runs',
    );
    run.child.kill('SIGTERM');
    const r = await run.done;
    assert.equal(r.code, 0, r.stderr);
    const order = [...r.stdout.matchAll(/(\S+)\s+ContainerExited exitCode=(\d+)/g)].map(
      (m) => `${m[1]!} ${m[2]!}`,
    );
    assert.deepEqual(order, ['init-logs 0', 'app 0', 'proxy 0', 'log-collector 0']);
  });

  it('when --publish maps a port then the host reaches the container through it', async () => {
    const run = start([
      'run',
      'examples/run/native-sidecar.yaml',
      '--state-dir',
      state,
      '--publish',
      '18082:15001',
    ]);
    assert.ok(
      await until(() => /ProbeResult startup Success/.test(run.out()), 60_000),
      'the proxy is up',
    );
    let body: string;
    try {
      body = await new Promise<string>((resolve, reject) => {
        request({ host: '127.0.0.1', port: 18082, path: '/' }, (res) => {
          let b = '';
          res
            .setEncoding('utf8')
            .on('data', (d: string) => (b += d))
            .on('end', () => resolve(b));
        })
          .on('error', reject)
          .end();
      });
    } finally {
      run.child.kill('SIGINT');
      await run.done;
    }
    assert.equal(body, 'hello from the proxy sidecar\n');
  });

  it('when logs -f follows a running container then it prints the new lines and ends with the container', async () => {
    const file = join(state, 'ticker.yaml');
    writeFileSync(
      file,
      pod(
        'ticker',
        `  - {name: c, image: x, command: ['sh', '-c', 'for i in 1 2 3 4 5 6; do echo "line $i"; sleep 0.3; done']}\n`,
      ),
    );
    const run = start(['run', file, '--state-dir', state]);
    assert.ok(await until(() => /c \| line 2/.test(run.out()), 60_000), 'the container runs');
    const follow = await cli(['logs', '-f', 'ticker']);
    await run.done;
    assert.equal(follow.code, 0, follow.stderr);
    assert.match(follow.stdout, /line 2\n(.*\n)*line 6\n$/);
  });

  it('when Ctrl-C comes twice then the pod is killed at once instead of waiting for its grace period', async () => {
    const file = join(state, 'stubborn.yaml');
    writeFileSync(
      file,
      `apiVersion: v1\nkind: Pod\nmetadata: {name: stubborn}\nspec:\n  terminationGracePeriodSeconds: 60\n  containers:\n  - {name: c, image: x, command: ['sh', '-c', 'trap "" TERM INT; echo up; while :; do sleep 1; done']}\n`,
    );
    const run = start(['run', file, '--state-dir', state, '--events', '-']);
    // Its "up" line, not ContainerStarted: the shell must have run its trap before the SIGTERM
    // (a SIGTERM 14 ms after the start ended the pod before the second Ctrl-C, on a loaded
    // machine, and that Ctrl-C then found no handler).
    assert.ok(await until(() => /^c \| up$/m.test(run.err()), 60_000), 'the container runs');
    run.child.kill('SIGINT');
    assert.ok(
      await until(
        () => /"ContainerKilling","container":"c","signal":"SIGTERM"/.test(run.out()),
        60_000,
      ),
      'SIGTERM sent',
    );
    run.child.kill('SIGINT');
    const r = await run.done;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /"type":"ContainerExited","container":"c","exitCode":137/);
  });

  it('when run is killed with SIGKILL then no container process is left behind', async () => {
    const token = `sidecarctl-run-crash-${String(Date.now())}`;
    const file = join(state, 'crash.yaml');
    writeFileSync(
      file,
      pod(
        'crash',
        `  - {name: c, image: x, command: ['sh', '-c', "setsid sh -c 'sleep 300; true' ${token} & sh -c 'sleep 301; true' ${token} & wait"]}\n`,
      ),
    );
    const run = start(['run', file, '--state-dir', state]);
    assert.ok(await until(() => processesWith(token).length >= 3, 60_000), 'the container runs');
    run.child.kill('SIGKILL');
    await run.done;
    assert.ok(
      await until(() => processesWith(token).length === 0, 30_000),
      `left behind: ${processesWith(token).join(', ')}`,
    );
  });

  it('when the state directory fills up then run stops the pod and exits 2 with one line, nothing left running', async (t) => {
    if (process.getuid?.() !== 0) {
      t.skip('mounting a small tmpfs needs root');
      return;
    }
    const disk = mkdtempSync(join(tmpdir(), 'sidecarctl-run-full-'));
    try {
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', disk], { stdio: 'pipe' });
      } catch (e) {
        t.skip(`cannot mount a tmpfs: ${e instanceof Error ? e.message.split('\n')[0]! : ''}`);
        return;
      }
      const token = `sidecarctl-run-full-${String(Date.now())}`;
      const file = join(state, 'full.yaml');
      writeFileSync(
        file,
        pod(
          'full',
          `  - {name: c, image: x, command: ['sh', '-c', "sh -c 'sleep 300; true' ${token} & yes sidecarctl-fills-the-disk | head -c 4000000; wait"]}\n`,
        ),
      );
      const r = await start(['run', file, '--state-dir', disk, '-o', 'json']).done;
      assert.equal(r.code, 2, r.stderr);
      assert.match(
        r.stderr,
        /^sidecarctl: run: pod default\/full: cannot write the state directory: ENOSPC[^\n]*\n$/,
      );
      assert.ok(
        await until(() => processesWith(token).length === 0, 30_000),
        `left behind: ${processesWith(token).join(', ')}`,
      );
    } finally {
      try {
        execFileSync('umount', ['-l', disk], { stdio: 'pipe' });
      } catch {
        // not mounted
      }
      rmSync(disk, { recursive: true, force: true });
    }
  });
});
