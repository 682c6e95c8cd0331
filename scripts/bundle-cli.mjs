// Bundles the CLI into dist/cli/, over tsc's output of the same entry: ~80 own module files and
// ~100 of yaml and commander cost ~0.1 s of start-up on every command; a few bundled files cost
// little. Two builds of the same entry (src/cli/main.ts):
// - dist/cli/main.js + chunks/: ES modules, one file per command and shared chunks (the tests and
//   `node dist/cli/main.js` run it);
// - dist/cli/cli.cjs: one CommonJS file, which bin/sidecarctl runs with V8's code cache made
//   here (cli.cjs.cache): Node 20 has no compile cache for ES modules, and a vm.Script takes one.
//   Parsing and compiling the modules of `run` is then mostly skipped.
// The library (dist/index.js and its .d.ts) stays as tsc emitted it.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const common = {
  entryPoints: ['src/cli/main.ts'],
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
await build({
  ...common,
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
await build({
  ...common,
  outfile: 'dist/cli/cli.cjs',
  format: 'cjs',
  inject: ['scripts/cjs-import-meta-url.js'],
  define: { 'import.meta.url': 'importMetaUrl' },
});
// bin/sidecarctl wraps the bundle in a function (as require does): the `#!` line becomes a comment.
const cjs = readFileSync('dist/cli/cli.cjs', 'utf8');
if (cjs.startsWith('#!')) writeFileSync('dist/cli/cli.cjs', `//${cjs}`);

// The code cache: the launcher compiles and runs the bundle once with every command loaded
// (`__complete` loads them all) and keeps what V8 compiled. Optional: without it the CLI compiles
// as usual, so a failure here is only a warning.
const warm = spawnSync(process.execPath, ['bin/sidecarctl', '__complete', ''], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'pipe'],
  env: { ...process.env, SIDECARCTL_WRITE_CODE_CACHE: '1' },
  timeout: 60_000,
});
if (warm.status !== 0)
  process.stderr.write(`bundle-cli: no code cache for dist/cli/cli.cjs: ${String(warm.stderr)}\n`);
