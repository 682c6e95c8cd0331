import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  prestartContainer,
  spawnContainer,
  type ContainerProcess,
  type ContainerSpawnSpec,
} from './container-process.js';
import { processesWith, until } from '../process-watch.test-support.js';
import { namespacesOrSkip } from './namespaces.test-support.js';
import { createSandbox, type PodSandbox } from './sandbox.js';

const { caps, skip } = await namespacesOrSkip();
const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
let root = '';

function spec(
  name: string,
  argv: string[],
  extra: Partial<ContainerSpawnSpec> = {},
): ContainerSpawnSpec {
  const stageDir = join(root, 'stage', name);
  mkdirSync(stageDir, { recursive: true });
  return { name, argv, env, mounts: [], hostname: 'test-pod', stageDir, ...extra };
}

/** Resolves once the container wrote its first output: its app runs (and set its traps). */
function up(c: ContainerProcess): Promise<unknown> {
  return new Promise((r) => c.stdout.once('data', r));
}

function output(c: ContainerProcess): Promise<string> {
  let out = '';
  c.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  c.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  return c.exited.then(() => out);
}

/** Starts a runtime in a child process, kills it with SIGKILL and waits for its containers to go. */
async function crashLeavesNothing(
  mode: 'pod' | 'process' | 'prestart',
  hook = false,
): Promise<void> {
  const token = `sidecarctl-crash-${String(process.pid)}-${String(Date.now())}`;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'fixtures', 'runtime-child.ts'),
      join(root, 'crash'),
      token,
      mode,
      ...(hook ? ['hook'] : []),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((r) => child.stdout.once('data', r));
  // the outer shell and the two inner ones (one setsid-escaped) carry the token in their argv,
  // and the hook's two shells (one setsid-escaped) too; a waiting chain: setpriv (as unshare)
  // and its init
  assert.ok(
    await until(() => processesWith(token).length >= (hook || mode === 'prestart' ? 5 : 3), 60_000),
    'the container processes run',
  );
  child.kill('SIGKILL');
  const gone = await until(() => processesWith(token).length === 0, 30_000);
  assert.ok(gone, `left behind: ${processesWith(token).join(', ')}`);
}

describe('containers in pod namespaces', { skip, timeout: 180_000 }, () => {
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'sidecarctl-iso-'));
    chmodSync(root, 0o755);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('when two pods listen on the same localhost port then each container reaches its own pod', async () => {
    const server = (text: string) =>
      `require('net').createServer((s) => s.end('${text}')).listen(18080, '127.0.0.1', () => console.log('listening'))`;
    const client = `require('net').connect(18080, '127.0.0.1').on('data', (d) => { console.log(String(d)); process.exit(0); })`;
    const pods: PodSandbox[] = [
      await createSandbox(caps, 'default/a'),
      await createSandbox(caps, 'default/b'),
    ];
    try {
      const servers = pods.map((sb, i) => {
        const c = spawnContainer(
          spec(`srv${String(i)}`, [process.execPath, '-e', server(`pod-${String(i)}`)]),
          'pod',
          caps,
          sb,
        );
        return c;
      });
      await Promise.all(servers.map((c) => new Promise((r) => c.stdout.once('data', r))));
      const answers = await Promise.all(
        pods.map((sb, i) =>
          output(
            spawnContainer(
              spec(`cli${String(i)}`, [process.execPath, '-e', client]),
              'pod',
              caps,
              sb,
            ),
          ),
        ),
      );
      assert.deepEqual(
        answers.map((a) => a.trim()),
        ['pod-0', 'pod-1'],
      );
      for (const c of servers) c.kill();
      await Promise.all(servers.map((c) => c.exited));
    } finally {
      for (const p of pods) p.close();
    }
  });

  it('when one container writes a volume then another reads it at a different mountPath', async () => {
    const vol = join(root, 'vol');
    mkdirSync(vol);
    chmodSync(vol, 0o777);
    const sb = await createSandbox(caps, 'default/v');
    try {
      const writer = spawnContainer(
        spec('writer', ['sh', '-c', 'echo shared-line > /var/log/app-test-sidecarctl/out.log'], {
          mounts: [{ source: vol, target: '/var/log/app-test-sidecarctl', readOnly: false }],
        }),
        'pod',
        caps,
        sb,
      );
      assert.equal((await writer.exited).exitCode, 0);
      const reader = spawnContainer(
        spec(
          'reader',
          [
            'sh',
            '-c',
            'cat /sidecarctl-test/in/out.log; (echo x > /sidecarctl-test/in/ro) 2>/dev/null || echo read-only',
          ],
          {
            mounts: [{ source: vol, target: '/sidecarctl-test/in', readOnly: true }],
          },
        ),
        'pod',
        caps,
        sb,
      );
      assert.equal(await output(reader), 'shared-line\nread-only\n');
    } finally {
      sb.close();
    }
  });

  it('when the app is signalled then it sees SIGTERM, and a forced kill ends it with 137', async () => {
    const sb = await createSandbox(caps, 'default/s');
    try {
      const trapped = spawnContainer(
        spec('trap', ['sh', '-c', 'trap "exit 3" TERM; echo up; sleep 30 & wait']),
        'pod',
        caps,
        sb,
      );
      await up(trapped);
      trapped.signal('SIGTERM');
      assert.deepEqual(await trapped.exited, { exitCode: 3, signal: null });
      const plain = spawnContainer(
        spec('plain', ['sh', '-c', 'echo up; exec sleep 30']),
        'pod',
        caps,
        sb,
      );
      await up(plain);
      plain.signal('SIGTERM');
      assert.deepEqual(await plain.exited, { exitCode: 143, signal: 15 });
      const stubborn = spawnContainer(
        spec('stubborn', ['sh', '-c', 'trap "" TERM; sleep 30 & wait']),
        'pod',
        caps,
        sb,
      );
      await stubborn.ready;
      stubborn.kill();
      assert.equal((await stubborn.exited).exitCode, 137);
    } finally {
      sb.close();
    }
  });

  it('when the runtime is killed with SIGKILL then no container process is left behind', () =>
    crashLeavesNothing('pod'));

  it('when the runtime is killed with SIGKILL then a container waiting for its start is left behind neither', () =>
    crashLeavesNothing('prestart'));

  it('when a container started ahead starts then it runs the script of its start: a volume made after the chain, its hostname, its exit code', async (t) => {
    if (caps.tools.bash === null) return t.skip('no bash');
    const sb = await createSandbox(caps, 'default/ahead');
    try {
      const argv = ['sh', '-c', 'cat /sidecarctl-test/ahead/f; hostname; exit 3'];
      const waiting = prestartContainer({ argv, env }, caps, sb);
      assert.ok(waiting !== null);
      // made after the chain was spawned: the mount plan is made at the start
      const vol = join(root, 'ahead-vol');
      mkdirSync(vol);
      writeFileSync(join(vol, 'f'), 'made-later\n');
      const mounts = [{ source: vol, target: '/sidecarctl-test/ahead', readOnly: true }];
      const c = waiting.start(spec('ahead', argv, { mounts, hostname: 'ahead-pod' }));
      assert.ok(c !== null);
      assert.equal(waiting.start(spec('ahead', argv)), null, 'used once');
      const out = output(c);
      await c.ready;
      assert.equal(await out, 'made-later\nahead-pod\n');
      assert.deepEqual(await c.exited, { exitCode: 3, signal: null });
    } finally {
      sb.close();
    }
  });

  it('when a container started ahead is discarded, or started with another command, then nothing of it is left', async (t) => {
    if (caps.tools.bash === null) return t.skip('no bash');
    const token = `sidecarctl-ahead-${String(process.pid)}-${String(Date.now())}`;
    const sb = await createSandbox(caps, 'default/discard');
    try {
      const argv = ['sleep', '300', token];
      const a = prestartContainer({ argv, env }, caps, sb)!;
      const b = prestartContainer({ argv, env }, caps, sb)!;
      assert.ok(await until(() => processesWith(token).length >= 4, 60_000), 'both chains wait');
      a.discard();
      assert.equal(b.start(spec('other', ['sleep', '301', token])), null, 'another argv');
      b.discard();
      assert.ok(
        await until(() => processesWith(token).length === 0, 30_000),
        `left behind: ${processesWith(token).join(', ')}`,
      );
    } finally {
      sb.close();
    }
  });
});

describe('containers under process isolation', { timeout: 180_000 }, () => {
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'sidecarctl-proc-'));
    chmodSync(root, 0o755);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('when the runtime is killed with SIGKILL then no container process is left behind, setsid-escaped ones included', () =>
    crashLeavesNothing('process'));

  it('when the runtime is killed with SIGKILL then an exec hook still running ends too, setsid-escaped children included', () =>
    crashLeavesNothing('process', true));

  it("when the app ends then what it left behind ends too, and its exit code is the container's", async () => {
    const token = `sidecarctl-orphan-${String(process.pid)}-${String(Date.now())}`;
    const c = spawnContainer(
      spec('orphans', ['sh', '-c', `setsid sh -c 'sleep 300; true' ${token} & exit 3`]),
      'process',
      caps,
      null,
    );
    await c.ready;
    assert.deepEqual(await c.exited, { exitCode: 3, signal: null });
    assert.ok(await until(() => processesWith(token).length === 0, 10_000), 'the orphan is gone');
  });

  it('when the app is signalled then it gets the signal, and a forced kill gives 137', async () => {
    const plain = spawnContainer(spec('plain', ['sleep', '30']), 'process', caps, null);
    await plain.ready;
    plain.signal('SIGTERM');
    assert.deepEqual(await plain.exited, { exitCode: 143, signal: 15 });
    const stubborn = spawnContainer(
      spec('stubborn', ['sh', '-c', 'trap "" TERM; sleep 30 & wait']),
      'process',
      caps,
      null,
    );
    await stubborn.ready;
    stubborn.kill();
    assert.equal((await stubborn.exited).exitCode, 137);
  });
});
