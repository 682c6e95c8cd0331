// Bundles the CLI into dist/cli/, over tsc's output of the same entry: ~80 own module files and
// ~100 of yaml and commander cost ~0.1 s of start-up on every command; a few bundled files cost
// little. Two builds of the same entry (src/cli/main.ts):
// - dist/cli/main.js + chunks/: ES modules, one file per command and shared chunks (the tests and
//   `node dist/cli/main.js` run it), and rewrite-worker.js beside it;
// - dist/cli/cli.cjs: one CommonJS file, which bin/sidecarctl runs with V8's code cache made
//   here (cli.cjs.cache): Node 20 has no compile cache for ES modules, and a vm.Script takes one.
//   Parsing and compiling the modules of `run` is then mostly skipped;
// - dist/cli/cli-run.cjs: the same for `run` alone (entry src/cli/run-main.ts), which the
//   launcher runs for a command line that names `run`: a fifth of the size, so reading it and
//   loading its code cache no longer delay every pod's start by the other commands' code.
// The library (dist/index.js and its .d.ts) stays as tsc emitted it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  minify: true,
  logLevel: 'warning',
  // A native addon (node-pty) finds its .node file next to its own package; client-node is ESM
  // with its own dependency tree: both load from node_modules, when a command needs them.
  external: ['node-pty', '@kubernetes/client-node'],
};

rmSync('dist/cli/chunks', { recursive: true, force: true });
// A cache of an older bundle must never meet a newer one (V8 checks the source's length only).
rmSync('dist/cli/cli.cjs.cache', { force: true });
rmSync('dist/cli/cli-run.cjs.cache', { force: true });
await build({
  ...common,
  // rewrite-worker.js: the worker threads of a big inject/migrate (src/rewrite/rewrite-parallel.ts),
  // which both CLI builds start from here.
  entryPoints: ['src/cli/main.ts', 'src/cli/rewrite-worker.ts'],
  outdir: 'dist/cli',
  splitting: true,
  format: 'esm',
  // Dependencies are bundled too: yaml alone is ~80 CommonJS files, each a module load.
  // The banner gives bundled CommonJS code a require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __sidecarctlRequire } from 'node:module'; const require = __sidecarctlRequire(import.meta.url);",
  },
  chunkNames: 'chunks/[name]-[hash]',
});
/** One CommonJS bundle of `entry`, as bin/sidecarctl runs it. */
async function buildCjs(entry, outfile) {
  await build({
    ...common,
    entryPoints: [entry],
    outfile,
    format: 'cjs',
    inject: ['scripts/cjs-import-meta-url.js'],
    define: { 'import.meta.url': 'importMetaUrl' },
  });
  // bin/sidecarctl wraps the bundle in a function (as require does): the `#!` line becomes a comment.
  const cjs = readFileSync(outfile, 'utf8');
  if (cjs.startsWith('#!')) writeFileSync(outfile, `//${cjs}`);
}
await buildCjs('src/cli/main.ts', 'dist/cli/cli.cjs');
await buildCjs('src/cli/run-main.ts', 'dist/cli/cli-run.cjs');

// The code caches: the launcher compiles and runs each bundle once and keeps what V8 compiled
// (the functions that ran). The whole CLI's with every command loaded (`__complete` loads them
// all); `run`'s by running a pod of the shape `run` is timed on (an init container, a native
// sidecar, an app; each a shell builtin or `sleep`), in a state and runtime directory of its own
// that is removed after, so the code of a pod's start is in it too; else with `run --help`.
// Optional: without a cache the CLI compiles as usual, so a failure here is only a warning.
const WARM_POD = `apiVersion: v1
kind: Pod
metadata: {name: code-cache}
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 1
  initContainers:
  - {name: init, image: x, command: ['true']}
  - {name: sidecar, image: x, restartPolicy: Always, command: ['sleep', '30']}
  containers:
  - {name: app, image: x, command: ['true']}
`;

/** Runs bin/sidecarctl once with these arguments, keeping its bundle's code cache. */
function warm(args, env = {}) {
  return spawnSync(process.execPath, ['bin/sidecarctl', ...args], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env, SIDECARCTL_WRITE_CODE_CACHE: '1' },
    timeout: 60_000,
  });
}

/** The code cache of `run`'s bundle, made by a real run. */
function warmRun() {
  const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-code-cache-'));
  try {
    const pod = join(dir, 'pod.yaml');
    writeFileSync(pod, WARM_POD);
    // Host processes whatever SIDECARCTL_RUNTIME says: the code cache is of `run`'s own runtime.
    const args = [
      'run',
      pod,
      '--runtime',
      'process',
      '--events',
      '-',
      '--state-dir',
      join(dir, 'state'),
    ];
    return warm(args, { XDG_RUNTIME_DIR: join(dir, 'runtime') });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const whole = warm(['__complete', '']);
let run = warmRun();
if (run.status !== 0) run = warm(['run', '--help']);
for (const [bundle, r] of [
  ['cli.cjs', whole],
  ['cli-run.cjs', run],
])
  if (r.status !== 0)
    process.stderr.write(`bundle-cli: no code cache for dist/cli/${bundle}: ${String(r.stderr)}\n`);
