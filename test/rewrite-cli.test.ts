import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'src/cli/main.ts');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node --import tsx src/cli/main.ts ...` from the project root. */
function cli(args: readonly string[], input = ''): Run {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempCopy(src: string, mode = 0o640): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-rewrite-'));
  const file = join(dir, 'pod.yaml');
  copyFileSync(join(ROOT, src), file);
  chmodSync(file, mode);
  return { dir, file };
}

describe('sidecarctl migrate and inject (CLI)', () => {
  it('when migrate --in-place runs then the file is rewritten atomically with its mode kept, and a second run leaves it byte-identical', () => {
    const { dir, file } = tempCopy('examples/seed/traditional-sidecar.yaml');
    const r = cli(['migrate', '--in-place', '--k8s-version', '1.29', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /moved proxy to initContainers as a native sidecar/);
    const once = readFileSync(file, 'utf8');
    assert.match(once, /initContainers:\n {4}- name: log-shipper\n/);
    assert.equal(statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir), ['pod.yaml']);
    assert.equal(cli(['migrate', '--in-place', file]).code, 0);
    assert.equal(readFileSync(file, 'utf8'), once);
  });

  it('when migrate targets 1.28 without the gate then it exits 1 and says why on one line', () => {
    const r = cli(['migrate', '--k8s-version', '1.28', 'examples/seed/traditional-sidecar.yaml']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr,
      /^sidecarctl: cannot migrate to native sidecars: the SidecarContainers feature gate is off in 1\.28.*\n$/,
    );
  });

  it('when migrate prints a diff then it is a unified diff of the moved lines', () => {
    const r = cli(['migrate', '-o', 'diff', 'examples/seed/traditional-sidecar.yaml']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^--- a\/examples\/seed\/traditional-sidecar\.yaml\n\+\+\+ b\/examples\/seed\/traditional-sidecar\.yaml\n@@ /,
    );
    assert.match(r.stdout, /\n\+ {2}initContainers:\n/);
  });

  it('when inject prints the patch of the Vault example then re-injecting its output gives an empty patch', () => {
    const patch = cli([
      'inject',
      '-o',
      'patch',
      '--k8s-version',
      '1.29',
      'examples/inject/vault-sidecar.yaml',
    ]);
    assert.equal(patch.code, 0, patch.stderr);
    const ops = JSON.parse(patch.stdout) as { op: string; path: string }[];
    assert.ok(ops.some((o) => o.op === 'add' && o.path === '/spec/initContainers'));
    assert.ok(ops.some((o) => o.path === '/metadata/annotations/sidecarctl.io~1inject-status'));
    const out = cli(['inject', '--k8s-version', '1.29', 'examples/inject/vault-sidecar.yaml']);
    const again = cli(['inject', '-o', 'patch', '--k8s-version', '1.29', '-'], out.stdout);
    assert.equal(again.stdout, '[]\n');
    const same = cli(['inject', '--k8s-version', '1.29', '-'], out.stdout);
    assert.equal(same.stdout, out.stdout);
  });

  for (const flags of [
    ['--k8s-version', '1.26'],
    ['--k8s-version', '1.28', '--feature-gates', 'SidecarContainers=true'],
    ['--k8s-version', '1.29'],
  ]) {
    it(`when every catalog entry is injected with ${flags.join(' ')} then sidecarctl validate exits 0`, () => {
      const out = cli([
        'inject',
        ...flags,
        'examples/inject/all-entries.yaml',
        'examples/inject/vault-sidecar.yaml',
      ]);
      assert.equal(out.code, 0, out.stderr);
      const v = cli(['validate', ...flags, '-'], out.stdout);
      assert.equal(v.code, 0, v.stdout);
    });
  }

  it('when --explain is given then each pod and entry gets its reason on stderr', () => {
    const r = cli([
      'inject',
      '--explain',
      '--k8s-version',
      '1.26',
      '--with',
      'debug-toolbox',
      'examples/inject/job.yaml',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /Job\/default\/report: fluent-bit: injected: asked for; classic sidecar/,
    );
    assert.match(r.stderr, /Job\/default\/report: debug-toolbox: not injected: .*jobPolicy: skip/);
    assert.match(r.stderr, /Warning: .*keeps this run-to-completion pod running/);
  });

  it('when a user catalog entry is given then pods can ask for it', () => {
    const r = cli([
      'inject',
      '--catalog',
      'examples/inject/catalog',
      '--with',
      'otel-collector',
      '-o',
      'json',
      'examples/seed/traditional-sidecar.yaml',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as {
      objects: {
        decisions: { entry: string; injected: boolean }[];
        object: { spec: { initContainers: { name: string; restartPolicy: string }[] } };
      }[];
    };
    assert.deepEqual(
      report.objects[0]!.decisions.map((d) => [d.entry, d.injected]),
      [['otel-collector', true]],
    );
    assert.deepEqual(report.objects[0]!.object.spec.initContainers[0], {
      ...report.objects[0]!.object.spec.initContainers[0],
      name: 'otel-collector',
      restartPolicy: 'Always',
    });
  });

  it('when a catalog entry is invalid then inject exits 2 naming the file, line and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-catalog-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'apiVersion: sidecarctl.io/v1alpha1\nkind: CatalogEntry\nmetadata: {name: x}\nspec:\n  containers:\n    - name: x\n  jobPolicy: sometimes\n',
    );
    const r = cli(['inject', '--catalog', file, 'examples/inject/job.yaml']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr,
      new RegExp(
        `^sidecarctl: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6:7: invalid catalog entry: missing required field "image" \\(spec\\.containers\\[0\\]\\.image\\)\n$`,
      ),
    );
  });

  it('when a file holds other documents then they stay byte-identical', () => {
    const text = readFileSync(join(ROOT, 'examples/seed/logging-sidecar.yaml'), 'utf8');
    const input = text.replace(
      '  name: logging-sidecar\n',
      '  name: logging-sidecar\n  annotations:\n    sidecarctl.io/inject: envoy\n',
    );
    const r = cli(['inject', '-'], input);
    assert.equal(r.code, 0, r.stderr);
    const [configMap] = r.stdout.split('\n---\n');
    assert.equal(configMap, input.split('\n---\n')[0]);
    assert.ok(r.stdout.startsWith("# The seed's log-collection sidecar"));
  });

  it('when an injected Job is simulated then the native form completes and the classic one does not', () => {
    const native = cli(['inject', '--k8s-version', '1.29', 'examples/inject/job.yaml']);
    const sim = cli(
      [
        'simulate',
        '-',
        '--scenario',
        'examples/inject/job-scenario.yaml',
        '--k8s-version',
        '1.29',
        '-o',
        'json',
      ],
      native.stdout,
    );
    assert.equal(sim.code, 0, sim.stderr);
    assert.equal(
      (JSON.parse(sim.stdout) as { status: { phase: string } }).status.phase,
      'Succeeded',
    );
    const classic = cli(['inject', '--k8s-version', '1.26', 'examples/inject/job.yaml']);
    const lint = cli(['validate', '--k8s-version', '1.26', '-o', 'json', '-'], classic.stdout);
    assert.match(lint.stdout, /"rule": "classic-sidecar-blocks-completion"/);
    const stuck = cli(
      ['simulate', '-', '--scenario', 'examples/inject/job-scenario.yaml', '--k8s-version', '1.26'],
      classic.stdout,
    );
    assert.equal(stuck.code, 1);
    assert.match(stuck.stderr, /has not completed by 2m: still running: fluent-bit/);
  });

  it('when --in-place is asked for stdin then it is a usage error', () => {
    const r = cli(
      ['inject', '--in-place', '-'],
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: b}]}\n',
    );
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^sidecarctl: --in-place needs file paths, not stdin\n$/);
  });
});
