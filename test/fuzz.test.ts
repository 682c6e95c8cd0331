/**
 * Property-based fuzz test: mutated real manifests (examples/) through every command's library
 * entry point. No input may throw anything but a SidecarError with a non-internal code, print
 * unparsable JSON or raw control characters, warn on stderr, or take longer than the budget.
 *
 * FUZZ_SECONDS sets how long it runs (default 40, as part of `npm test`; `npm run fuzz` runs it
 * for 600), FUZZ_SEED the seed (default fixed in `npm test`, random in `npm run fuzz`; printed
 * on failure with the counterexample), FUZZ_CASE_MS the CPU-time budget of one step (default 2000).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { drive, type Failure } from './fuzz/drive.js';
import {
  editText,
  loadSeeds,
  mutate,
  mutation,
  print,
  textEdit,
  type Style,
} from './fuzz/mutate.js';

const SECONDS = Number(process.env['FUZZ_SECONDS'] ?? '40');
const SEED =
  process.env['FUZZ_SEED'] === undefined || process.env['FUZZ_SEED'] === ''
    ? 20261201
    : process.env['FUZZ_SEED'] === 'random'
      ? Math.floor(Math.random() * 2 ** 31)
      : Number(process.env['FUZZ_SEED']);
const CASE_MS = Number(process.env['FUZZ_CASE_MS'] ?? '2000');

const EXAMPLES = fileURLToPath(new URL('../examples', import.meta.url));
const files = loadSeeds(EXAMPLES);
// A pod and its Scenario in one stream, so the simulator runs the scripted (mutated) scenario.
const pairs = files.flatMap((s) => {
  const m = /scenarios\/seed-(.+)\.yaml$/.exec(s.path);
  const pod = m === null ? undefined : files.find((f) => f.path.endsWith(`seed/${m[1]!}.yaml`));
  return pod === undefined
    ? []
    : [{ path: `${pod.path} + ${s.path}`, text: '', values: [...pod.values, ...s.values] }];
});
const seeds = [...files, ...pairs];
const catalogSeed = seeds.findIndex((s) => s.path.endsWith('catalog/otel-collector.yaml'));
const target = seeds.find((s) => s.path.endsWith('inject/web.yaml'))!;

const fuzzCase = fc.record({
  seed: fc.nat({ max: seeds.length - 1 }),
  doc: fc.nat({ max: 7 }),
  mutations: fc.array(mutation, { minLength: 0, maxLength: 4 }),
  style: fc.constantFrom<Style>('block', 'block', 'flow', 'json'),
  edit: fc.option(textEdit, { freq: 6 }),
  k8sVersion: fc.constantFrom('1.27', '1.28', '1.29', '1.31', '1.33'),
  asCatalog: fc.boolean(),
});

type Case = typeof fuzzCase extends fc.Arbitrary<infer T> ? T : never;

function render(c: Case): string {
  const seed = seeds[c.seed]!;
  const target = c.doc % Math.max(seed.values.length, 1);
  const values = seed.values.map((v, i) => (i === target ? mutate(v, c.mutations) : v));
  const text = print(values, c.style);
  return c.edit === null ? text : editText(text, c.edit);
}

describe('fuzz', () => {
  it(`when mutated manifests go through every command then nothing but a SidecarError comes out (${String(SECONDS)} s, seed ${String(SEED)})`, (t) => {
    assert.ok(seeds.length > 10, 'the seeds are the files under examples/');
    assert.ok(catalogSeed >= 0);
    let cases = 0;
    const started = performance.now();
    const stray: string[] = [];
    const onWarning = (w: Error): void => void stray.push(w.message);
    process.on('warning', onWarning);
    try {
      fc.assert(
        fc.property(fuzzCase, (c) => {
          cases++;
          const text = render(c);
          const failures: Failure[] = drive(text, {
            k8sVersion: c.k8sVersion,
            budgetMs: CASE_MS,
            ...(c.asCatalog || c.seed === catalogSeed ? { catalogInto: target.text } : {}),
          });
          if (failures.length > 0) {
            const shown = text.length > 2000 ? `${text.slice(0, 2000)}...` : text;
            throw new Error(
              `${failures.map((f) => `${f.step}: ${f.what}`).join('\n')}\n--- input (${seeds[c.seed]!.path}) ---\n${shown}`,
            );
          }
        }),
        {
          seed: SEED,
          numRuns: Number.MAX_SAFE_INTEGER,
          interruptAfterTimeLimit: SECONDS * 1000,
          markInterruptAsFailure: false,
          includeErrorInReport: true,
        },
      );
    } finally {
      process.off('warning', onWarning);
      t.diagnostic(
        `fuzz: ${String(cases)} cases in ${((performance.now() - started) / 1000).toFixed(1)} s, seed ${String(SEED)}`,
      );
    }
    assert.deepEqual(stray, [], 'no Node warning reaches stderr');
  });
});
