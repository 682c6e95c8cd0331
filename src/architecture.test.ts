/**
 * The arrows of docs/architecture.md as a test, in the spirit of fastify's error-doc test: every
 * `from '…'` and `import('…')` of a library file under src/ (tests and test support excluded) is
 * an edge from one folder to another, and each rule below names edges that must not exist.
 * Imports inside one folder are always allowed. To add a rule, add one line to RULES with an
 * edge that breaks it (`bad`): the unit test proves the rule catches it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One import: `file` imports `target` (both repo-relative, `src/...`, `.ts`). */
export interface Edge {
  readonly file: string;
  readonly target: string;
  /** The specifier as written, for the message; the target when absent. */
  readonly specifier?: string;
}

/**
 * A rule over the folders (areas) of src/: a file in `from` may import only the areas in `only`,
 * or must not import the areas in `not`. An area is the first folder under src/ (`lifecycle`), or
 * a root file's name (`errors.ts`). `'*'` in `from` is every area.
 */
export interface Rule {
  readonly from: readonly string[];
  readonly only?: readonly string[];
  readonly not?: readonly string[];
  readonly why: string;
  /** An edge that breaks the rule, for the unit test. */
  readonly bad: readonly [string, string];
}

// One line per rule (prettier leaves the table alone).
// prettier-ignore
export const RULES: readonly Rule[] = [
  { from: ['lifecycle'], only: ['model'], why: 'the engine is pure: it imports only the model', bad: ['src/lifecycle/x.ts', 'src/manifest/y.ts'] },
  { from: ['*'], not: ['cli'], why: 'the library never imports the commands', bad: ['src/simulate/x.ts', 'src/cli/y.ts'] },
  { from: ['simulate'], not: ['runtime'], why: 'the two drivers do not know each other', bad: ['src/simulate/x.ts', 'src/runtime/y.ts'] },
  { from: ['runtime'], not: ['simulate'], why: 'the two drivers do not know each other', bad: ['src/runtime/x.ts', 'src/simulate/y.ts'] },
  { from: ['api', 'lint'], not: ['validate'], why: 'rules sit below the validator that collects them; their contract is rules/', bad: ['src/lint/x.ts', 'src/validate/y.ts'] },
  { from: ['model'], only: ['errors.ts'], why: 'the model is the floor: it imports only itself and the error catalog', bad: ['src/model/x.ts', 'src/manifest/y.ts'] },
  { from: ['errors.ts'], only: [], why: 'the error catalog is below everything', bad: ['src/errors.ts', 'src/model/y.ts'] },
  { from: ['manifest'], only: ['model', 'errors.ts'], why: 'manifest/ sits under everything but the model', bad: ['src/manifest/x.ts', 'src/rewrite/y.ts'] },
  { from: ['timeline'], not: ['simulate', 'runtime', 'cli'], why: 'a timeline is the same for both drivers', bad: ['src/timeline/x.ts', 'src/runtime/y.ts'] },
  { from: ['pki'], only: [], why: 'certificates are a leaf: they know nothing of the project', bad: ['src/pki/x.ts', 'src/model/y.ts'] },
  { from: ['webhook'], not: ['runtime', 'simulate'], why: 'the cluster webhook is stateless: it admits, it never runs pods', bad: ['src/webhook/x.ts', 'src/runtime/y.ts'] },
  { from: ['admission'], not: ['serve', 'runtime', 'simulate'], why: 'the one admission function is shared by serve and the webhook, below both', bad: ['src/admission/x.ts', 'src/serve/y.ts'] },
  { from: ['admission', 'api', 'catalog', 'pki', 'webhook', 'inject', 'lifecycle', 'lint', 'manifest', 'migrate', 'model', 'resources', 'rewrite', 'rules', 'runtime', 'simulate', 'timeline', 'validate', 'ui'], not: ['serve'], why: 'the local API server sits on top of the library, beside cli/', bad: ['src/runtime/x.ts', 'src/serve/y.ts'] },
  { from: ['admission', 'api', 'catalog', 'pki', 'webhook', 'inject', 'lifecycle', 'lint', 'manifest', 'migrate', 'model', 'resources', 'rewrite', 'rules', 'runtime', 'simulate', 'timeline', 'validate'], not: ['ui'], why: 'the timeline page sits on the timeline, below cli/ and serve/ that show it', bad: ['src/timeline/x.ts', 'src/ui/y.ts'] },
  { from: ['ui'], not: ['runtime', 'simulate'], why: 'the page draws a view the same whichever driver made it', bad: ['src/ui/x.ts', 'src/runtime/y.ts'] },
];

/** The area of a repo-relative path under src/; null outside src/. */
export function areaOf(path: string): string | null {
  const parts = path.split('/');
  if (parts[0] !== 'src' || parts.length < 2) return null;
  return parts[1]!;
}

function breaks(rule: Rule, from: string, to: string): boolean {
  if (from === to) return false;
  if (!rule.from.includes('*') && !rule.from.includes(from)) return false;
  if (rule.only !== undefined && !rule.only.includes(to)) return true;
  return rule.not?.includes(to) ?? false;
}

function allowed(rule: Rule): string {
  const list = (areas: readonly string[]): string =>
    areas.map((a) => (a.endsWith('.ts') ? a : `${a}/`)).join(', ');
  if (rule.only !== undefined)
    return `may import only ${list(rule.only) || 'itself'} (${rule.why})`;
  return `must not import ${list(rule.not ?? [])} (${rule.why})`;
}

/** Every edge that breaks a rule, as a message naming the file, the import and the rule. */
export function checkEdges(edges: readonly Edge[], rules: readonly Rule[] = RULES): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const from = areaOf(e.file);
    const to = areaOf(e.target);
    if (from === null || to === null) continue;
    for (const rule of rules) {
      if (!breaks(rule, from, to)) continue;
      const what = rule.from.includes('*') ? 'nothing' : rule.from.map((a) => `${a}/`).join(', ');
      out.push(
        `${e.file} imports '${e.specifier ?? e.target}' (${e.target}): ${what} ${allowed(rule)}`,
      );
    }
  }
  return out;
}

/** Tests, test support and fixtures: they may reach anywhere (e2e helpers drive the CLI). */
function isTestFile(path: string): boolean {
  return /\.test\.ts$|\.test-support\.ts$|\/fixtures\//.test(path);
}

const SPECIFIER =
  /\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** The project-relative import edges of one source text (package imports are skipped). */
export function edgesOf(file: string, text: string): Edge[] {
  const out: Edge[] = [];
  for (const m of text.matchAll(SPECIFIER)) {
    const specifier = m[1] ?? m[2] ?? m[3]!;
    if (!specifier.startsWith('.')) continue;
    const target = join(dirname(file), specifier).replace(/\.js$/, '.ts');
    out.push({ file, target, specifier });
  }
  return out;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function libraryEdges(): Edge[] {
  const files = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
    .map((f) => `src/${f.split('\\').join('/')}`)
    .filter((f) => f.endsWith('.ts') && !isTestFile(f))
    .sort();
  return files.flatMap((f) => edgesOf(f, readFileSync(join(ROOT, f), 'utf8')));
}

describe('architecture', () => {
  it('when the library is read then every import points the way docs/architecture.md draws it', () => {
    const edges = libraryEdges();
    assert.ok(edges.length > 100, `only ${String(edges.length)} imports found under src/`);
    const wrong = checkEdges(edges);
    assert.deepEqual(wrong, [], `imports against the arrows:\n${wrong.join('\n')}`);
  });

  it('when an edge goes the wrong way then each rule reports it, naming the file and import', () => {
    for (const rule of RULES) {
      const [file, target] = rule.bad;
      const found = checkEdges([{ file, target }], [rule]);
      assert.equal(found.length, 1, `${file} -> ${target} must break: ${allowed(rule)}`);
      assert.ok(found[0]!.startsWith(`${file} imports '${target}'`), found[0]);
    }
  });

  it('when a lifecycle file imports manifest/ then it is reported; lifecycle -> model is not', () => {
    const found = checkEdges([
      { file: 'src/lifecycle/x.ts', target: 'src/manifest/y.ts', specifier: '../manifest/y.js' },
      { file: 'src/lifecycle/x.ts', target: 'src/model/versions.ts' },
      { file: 'src/lifecycle/x.ts', target: 'src/lifecycle/events.ts' },
      { file: 'src/cli/main.ts', target: 'src/cli/commands/run.ts' },
    ]);
    assert.deepEqual(found, [
      "src/lifecycle/x.ts imports '../manifest/y.js' (src/manifest/y.ts): lifecycle/ may import only model/ (the engine is pure: it imports only the model)",
    ]);
  });

  it('when a source text is read then from, dynamic and side-effect imports become edges', () => {
    const text = [
      "import { a } from '../model/versions.js';",
      "import type { B } from './b.js';",
      "export { c } from '../errors.js';",
      "const d = await import('./commands/run.js');",
      "import './side.js';",
      "import { readFileSync } from 'node:fs';",
    ].join('\n');
    assert.deepEqual(
      edgesOf('src/cli/main.ts', text).map((e) => e.target),
      [
        'src/model/versions.ts',
        'src/cli/b.ts',
        'src/errors.ts',
        'src/cli/commands/run.ts',
        'src/cli/side.ts',
      ],
    );
  });
});
