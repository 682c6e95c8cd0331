// Bundles the CLI into dist/cli/ (one file per command, shared chunks), over tsc's output of
// the same entry: ~80 own module files and ~100 of yaml and commander cost ~0.1 s of start-up on
// every command; a few bundled files cost little.
// The library (dist/index.js and its .d.ts) stays as tsc emitted it.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist/cli/chunks', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies are bundled too: yaml alone is ~80 CommonJS files, each a module load.
  // The banner gives bundled CommonJS code a require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __sidecarctlRequire } from 'node:module'; const require = __sidecarctlRequire(import.meta.url);",
  },
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  minify: true,
  logLevel: 'warning',
});
