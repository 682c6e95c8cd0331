import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import Module from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { ROOT, runCli } from './cli-helper.js';

const BIN = join(ROOT, 'bin', 'sidecarctl');

/** Runs bin/sidecarctl as a shell runs it (its `#!/bin/sh` line), with this environment. */
function execBin(args: readonly string[], env: NodeJS.ProcessEnv): ReturnType<typeof spawnSync> {
  return spawnSync(BIN, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env });
}

/** A copy of the installed package in a temporary directory: bin/, package.json and dist/cli/. */
function installedCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-launcher-'));
  mkdirSync(join(dir, 'dist'));
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  cpSync(join(ROOT, 'dist', 'cli'), join(dir, 'dist', 'cli'), { recursive: true });
  return dir;
}

describe('the bin launcher (bin/sidecarctl)', () => {
  it('when installed under its three names then the three files are the same launcher', () => {
    const text = readFileSync(BIN, 'utf8');
    for (const name of ['kubectl-sidecar', 'kubectl_complete-sidecar'])
      assert.equal(readFileSync(join(ROOT, 'bin', name), 'utf8'), text, name);
  });

  it('when --version or version [--client] is asked then it prints the bytes the CLI prints', () => {
    for (const args of [['--version'], ['version'], ['version', '--client']]) {
      const cli = runCli(args);
      const viaNode = runCli(args, { bin: BIN });
      const viaShell = execBin(args, process.env);
      assert.equal(cli.code, 0);
      assert.deepEqual(
        [viaNode.code, viaNode.stdout, viaNode.stderr],
        [0, cli.stdout, ''],
        args.join(' '),
      );
      assert.deepEqual([viaShell.status, viaShell.stdout], [0, cli.stdout], args.join(' '));
    }
    // Anything else is the CLI's: a format, or a bad flag (usage error, exit 2).
    assert.match(runCli(['version', '-o', 'json'], { bin: BIN }).stdout, /"gitVersion": "v/);
    assert.equal(runCli(['version', '--nope'], { bin: BIN }).code, 2);
  });

  it('when NODE_EXTRA_CA_CERTS is set then node starts without it and the CLI sees it restored', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-launcher-'));
    try {
      // Runs in the node process at exit: what the CLI (and what it spawns) sees by then.
      const preload = join(dir, 'report.cjs');
      writeFileSync(
        preload,
        "process.on('exit', () => process.stderr.write('seen=' + String(process.env.NODE_EXTRA_CA_CERTS) + ',' + String(process.env.SIDECARCTL_NODE_EXTRA_CA_CERTS) + '\\n'));\n",
      );
      const env = {
        ...process.env,
        NODE_EXTRA_CA_CERTS: join(dir, 'missing.pem'),
        NODE_OPTIONS: `--require ${preload}`,
      };
      const r = execBin(['version', '-o', 'json'], env);
      assert.equal(r.status, 0, String(r.stderr));
      // Node warns at start-up about an extra-certs file it cannot read: it never tried.
      assert.doesNotMatch(String(r.stderr), /extra certs/);
      assert.match(String(r.stderr), new RegExp(`seen=${join(dir, 'missing.pem')},undefined\\n`));
      const without = execBin(['--version'], { ...env, NODE_EXTRA_CA_CERTS: undefined });
      assert.match(String(without.stderr), /seen=undefined,undefined\n/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when the bundle runs from bin then it prints what the ES module build prints', () => {
    const args = ['validate', 'examples/seed/traditional-sidecar.yaml'];
    const esm = runCli(args);
    const bundle = runCli(args, { bin: BIN });
    assert.deepEqual(
      [bundle.code, bundle.stdout, bundle.stderr],
      [esm.code, esm.stdout, esm.stderr],
    );
  });

  it('when the command is run then its own bundle runs it, with what the whole CLI prints', () => {
    for (const args of [
      ['run', '--help'],
      ['run', '/no/such/pod.yaml'],
      ['--help', 'run'],
    ]) {
      const esm = runCli(args);
      const bundle = runCli(args, { bin: BIN });
      assert.deepEqual(
        [bundle.code, bundle.stdout, bundle.stderr],
        [esm.code, esm.stdout, esm.stderr],
        args.join(' '),
      );
    }
    const dir = installedCopy();
    try {
      const bin = join(dir, 'bin', 'sidecarctl');
      // A stand-in for run's bundle says which bundle ran.
      const runBundle = join(dir, 'dist', 'cli', 'cli-run.cjs');
      writeFileSync(runBundle, "process.stdout.write('run bundle\\n');\n");
      assert.equal(runCli(['run', 'pod.yaml'], { bin }).stdout, 'run bundle\n');
      assert.equal(runCli(['--help', 'run'], { bin }).stdout, 'run bundle\n');
      assert.notEqual(runCli(['validate', '--help'], { bin }).stdout, 'run bundle\n');
      assert.notEqual(runCli(['__complete', 'run', ''], { bin }).stdout, 'run bundle\n');
      // Without it, the whole CLI's bundle runs `run`.
      rmSync(runBundle);
      const whole = runCli(['run', '--help'], { bin });
      assert.deepEqual([whole.code, whole.stdout], [0, runCli(['run', '--help']).stdout]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when built then both bundles have a code cache that V8 takes', () => {
    const sizes: number[] = [];
    for (const name of ['cli.cjs', 'cli-run.cjs']) {
      const file = join(ROOT, 'dist', 'cli', name);
      const cachedData = readFileSync(`${file}.cache`);
      const script = new Script(Module.wrap(readFileSync(file, 'utf8')), {
        filename: file,
        cachedData,
      });
      assert.equal(script.cachedDataRejected, false, name);
      sizes.push(readFileSync(file).length);
    }
    // run's bundle is ASCII: Node reads it into a one-byte string, which V8 also compiles faster.
    const runBytes = readFileSync(join(ROOT, 'dist', 'cli', 'cli-run.cjs'));
    assert.equal(
      runBytes.findIndex((b) => b > 0x7f),
      -1,
    );
    // run's bundle leaves out the other commands' code.
    assert.ok(
      sizes[1]! * 3 < sizes[0]!,
      `cli-run.cjs ${String(sizes[1])} B, cli.cjs ${String(sizes[0])} B`,
    );
  });

  it('when the code cache is garbage, or the bundle or the whole build is missing, then it still runs or says why', () => {
    const dir = installedCopy();
    try {
      const bin = join(dir, 'bin', 'sidecarctl');
      const args = ['validate', join(ROOT, 'examples/seed/traditional-sidecar.yaml')];
      const want = runCli(args);
      const cache = join(dir, 'dist', 'cli', 'cli.cjs.cache');
      writeFileSync(cache, Buffer.alloc(4096, 7));
      const garbage = runCli(args, { bin });
      assert.deepEqual([garbage.code, garbage.stdout], [want.code, want.stdout]);
      rmSync(join(dir, 'dist', 'cli', 'cli.cjs'));
      const esm = runCli(args, { bin });
      assert.deepEqual([esm.code, esm.stdout], [want.code, want.stdout]);
      rmSync(join(dir, 'dist'), { recursive: true });
      const none = runCli(args, { bin });
      assert.equal(none.code, 2);
      assert.match(none.stderr, /^sidecarctl: cannot load the CLI \(run npm run build\)/);
      assert.doesNotMatch(none.stderr, /\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
