import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  linkSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SidecarError } from '../errors.js';
import { fromSources } from '../manifest/load.js';
import { tempPathFor, writeFileAtomic } from './atomic-write.js';
import { writeInPlace } from './output.js';
import { rewriteInput } from './rewrite-files.js';

const isRoot = process.getuid?.() === 0;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sidecarctl-write-'));
}

function isWriteError(path: string, reason: RegExp): (e: unknown) => boolean {
  return (e: unknown) =>
    e instanceof SidecarError &&
    e.code === 'SIDECAR_E_WRITE' &&
    e.message.includes(path) &&
    reason.test(e.message) &&
    !e.message.includes('\n');
}

describe('writeFileAtomic', () => {
  it('when the path is a symlink then its target is rewritten and the link stays a link', () => {
    const dir = tempDir();
    const target = join(dir, 'real.yaml');
    const link = join(dir, 'link.yaml');
    writeFileSync(target, 'old\n');
    symlinkSync('real.yaml', link);
    writeFileAtomic(link, 'new\n');
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readFileSync(target, 'utf8'), 'new\n');
    assert.deepEqual(readdirSync(dir).sort(), ['link.yaml', 'real.yaml']);
  });

  it('when the file has owner and group then they are kept', { skip: !isRoot }, () => {
    const dir = tempDir();
    const file = join(dir, 'pod.yaml');
    writeFileSync(file, 'old\n');
    chownSync(file, 1234, 5678);
    writeFileAtomic(file, 'new\n');
    const st = statSync(file);
    assert.equal(st.uid, 1234);
    assert.equal(st.gid, 5678);
    assert.equal(readFileSync(file, 'utf8'), 'new\n');
  });

  it('when the file has several hard links then they all see the new text', () => {
    const dir = tempDir();
    const file = join(dir, 'pod.yaml');
    const other = join(dir, 'other.yaml');
    writeFileSync(file, 'old text, longer than the new one\n');
    linkSync(file, other);
    const ino = statSync(file).ino;
    writeFileAtomic(file, 'new\n');
    assert.equal(statSync(file).ino, ino);
    assert.equal(statSync(file).nlink, 2);
    assert.equal(readFileSync(other, 'utf8'), 'new\n');
    assert.deepEqual(readdirSync(dir).sort(), ['other.yaml', 'pod.yaml']);
  });

  it('when the file is read-only then it is refused on one line naming it', () => {
    const dir = tempDir();
    const file = join(dir, 'pod.yaml');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o444);
    assert.throws(
      () => writeFileAtomic(file, 'new\n'),
      isWriteError(file, /permission denied: file is read-only/),
    );
    assert.equal(readFileSync(file, 'utf8'), 'old\n');
    assert.deepEqual(readdirSync(dir), ['pod.yaml']);
  });

  it('when a dead process left a temporary file then the next write removes it', () => {
    const dir = tempDir();
    const file = join(dir, 'pod.yaml');
    writeFileSync(file, 'old\n');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const stale = tempPathFor(file, dead);
    writeFileSync(stale, 'x'.repeat(1000));
    const alive = tempPathFor(file, process.ppid);
    writeFileSync(alive, 'still being written by a running process');
    writeFileAtomic(file, 'new\n');
    assert.deepEqual(readdirSync(dir).sort(), [alive.slice(dir.length + 1), 'pod.yaml'].sort());
    assert.equal(readFileSync(file, 'utf8'), 'new\n');
  });

  it('when the process is terminated while writing then no temporary file is left and the file is whole', async () => {
    const dir = tempDir();
    const file = join(dir, 'big.yaml');
    const a = 'a'.repeat(8 * 1024 * 1024) + '\n';
    const b = 'b'.repeat(8 * 1024 * 1024) + '\n';
    writeFileSync(file, a);
    const mod = fileURLToPath(new URL('./atomic-write.ts', import.meta.url));
    const script = `
      const { withSignalCleanup, writeFileAtomic } = await import(${JSON.stringify(mod)});
      const a = 'a'.repeat(8 * 1024 * 1024) + '\\n', b = 'b'.repeat(8 * 1024 * 1024) + '\\n';
      process.stdout.write('ready\\n');
      withSignalCleanup(() => { for (let i = 0; i < 40; i++) writeFileAtomic(${JSON.stringify(file)}, i % 2 ? a : b); });
    `;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.kill('SIGTERM');
    // tsx relays signals itself, so the child's exit status is not asserted here.
    await new Promise((resolve) => child.on('exit', resolve));
    assert.deepEqual(readdirSync(dir), ['big.yaml']);
    const text = readFileSync(file, 'utf8');
    assert.ok(text === a || text === b);
  });
});

describe('writeInPlace', () => {
  it('when one of several files cannot be written then none of them is rewritten', () => {
    const dir = tempDir();
    const ok = join(dir, 'a.yaml');
    const ro = join(dir, 'b.yaml');
    const text = 'kind: Pod\nmetadata:\n  name: p\n';
    writeFileSync(ok, text);
    writeFileSync(ro, text);
    chmodSync(ro, 0o444);
    const rewrite = rewriteInput(
      fromSources([
        { path: ok, text },
        { path: ro, text },
      ]),
      () => ({ patch: [{ op: 'add', path: '/metadata/labels', value: { a: 'b' } }], result: 0 }),
    );
    assert.throws(
      () => writeInPlace(rewrite),
      isWriteError(ro, /permission denied: file is read-only/),
    );
    assert.equal(readFileSync(ok, 'utf8'), text);
    assert.equal(readFileSync(ro, 'utf8'), text);
    assert.deepEqual(readdirSync(dir).sort(), ['a.yaml', 'b.yaml']);
  });
});
