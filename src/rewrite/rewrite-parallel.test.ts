import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { SidecarError } from '../errors.js';
import { documentCuts } from './document-split.js';
import { rewritePathsParallel } from './rewrite-parallel.js';
import { rewritePaths } from './rewrite-stream.js';
import { testJob, type TestDigest } from './rewrite-parallel.test-support.js';
import type { FileRewrite } from './rewrite-files.js';

const WORKER = new URL('./rewrite-parallel.test-support.ts', import.meta.url);

/** Documents of the shapes a cut must keep whole: see document-split.ts. */
const FRAGMENTS: readonly string[] = [
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a # keep\nspec:\n  containers:\n    - name: app\n      image: a:1\n',
  '# between documents\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata:\n  script: |\n    ---\n    echo ---\n',
  '',
  'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: i0}\n  spec: {containers: [{name: app, image: x}]}\n- {apiVersion: v1, kind: Service, metadata: {name: i1}}\n',
  'apiVersion: v1\nkind: Pod\nmetadata: &m\n  name: anchored\nspec:\n  containers:\n  - name: app\n    image: b:2\n    args: ["--", "---"]\n',
  '{apiVersion: v1, kind: Service, metadata: {name: flow}}\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ended\nspec:\n  containers: []\n...\n# after the end\n',
  'just a scalar\n',
];

/** A file of `picks` fragments, each document opened by a `---` line of one of the forms. */
function fileOf(picks: readonly number[], crlf: boolean): string {
  const markers = ['---\n', '--- # doc\n', '---\t\n'];
  const text = picks
    .map((p, i) => (i === 0 && p % 2 === 0 ? '' : markers[p % markers.length]!) + FRAGMENTS[p]!)
    .join('');
  return crlf ? text.replace(/\n/g, '\r\n') : text;
}

interface Outcome {
  readonly files: readonly FileRewrite[];
  readonly digests: readonly (Omit<TestDigest, 'thread'> & { at: number })[];
  readonly threads: ReadonlySet<number>;
}

function oneThread(args: string[], stdin: string): Outcome | string {
  const digests: (Omit<TestDigest, 'thread'> & { at: number })[] = [];
  const job = testJob();
  try {
    const files = rewritePaths(
      args,
      job.transform,
      (o) => {
        const { file, item, name, ops } = job.digest(o);
        digests.push({ file, item, name, ops, at: o.object.document.index });
      },
      () => stdin,
    );
    return { files, digests, threads: new Set([0]) };
  } catch (e) {
    return errorOf(e);
  }
}

async function parallel(
  args: string[],
  stdin: string,
  pieceChars: number,
  worker = WORKER,
  data: unknown = null,
): Promise<Outcome | string> {
  const digests: (Omit<TestDigest, 'thread'> & { at: number })[] = [];
  const threads = new Set<number>();
  try {
    const files = await rewritePathsParallel(
      args,
      testJob(),
      ({ thread, ...d }, at) => {
        threads.add(thread);
        digests.push({ ...d, at });
      },
      { worker, data, minChars: 0, pieceChars, threads: 2, readStdin: () => stdin },
    );
    return { files, digests, threads };
  } catch (e) {
    return errorOf(e);
  }
}

function errorOf(e: unknown): string {
  return e instanceof SidecarError ? `${e.code}: ${e.message}` : String(e);
}

function same(actual: Outcome | string, expected: Outcome | string): void {
  if (typeof expected === 'string' || typeof actual === 'string') {
    assert.equal(actual, expected);
    return;
  }
  assert.deepEqual(actual.files, expected.files);
  assert.deepEqual(actual.digests, expected.digests);
}

describe('rewritePathsParallel', () => {
  it('when a file is cut into pieces then the files, objects and document indexes are those of one thread', async () => {
    const text = fileOf([0, 1, 2, 3, 4, 5, 0, 6, 7, 0, 8, 0, 3, 0], false);
    const expected = oneThread(['-'], text);
    const actual = await parallel(['-'], text, 1);
    same(actual, expected);
    assert.ok(typeof actual !== 'string' && !actual.threads.has(0), 'rewritten on workers');
  });

  it('when random files of every document shape are cut anywhere then nothing differs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(FRAGMENTS.length - 1), { minLength: 2, maxLength: 14 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 400 }),
        async (picks, crlf, pieceChars) => {
          const text = fileOf(picks, crlf);
          const actual = await parallel(['-'], text, pieceChars);
          same(actual, oneThread(['-'], text));
          // Whenever the text was cut, the workers did it all.
          if (typeof actual !== 'string' && documentCuts(text, pieceChars).length > 0)
            assert.deepEqual([...actual.threads].includes(0), false);
        },
      ),
      { numRuns: 12, seed: 4242 },
    );
  });

  it('when there are several files then each is joined from its own pieces', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-parallel-'));
    try {
      writeFileSync(join(dir, 'a.yaml'), fileOf([0, 0, 5, 0], false));
      writeFileSync(
        join(dir, 'b.json'),
        '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"}}\n',
      );
      writeFileSync(join(dir, 'c.yaml'), fileOf([1, 0, 4, 0, 2], false));
      const expected = oneThread([dir], '');
      const actual = await parallel([dir], '', 1);
      same(actual, expected);
      assert.equal(typeof expected !== 'string' && expected.files.length, 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when a document is not valid YAML or a transform throws then the error is the one-thread error', async () => {
    const bad = `${fileOf([0, 0, 0], false)}---\nkind: Pod\nmetadata: {name: [\n---\n${FRAGMENTS[0]!}`;
    const boom = fileOf([0, 0], false) + '---\napiVersion: v1\nkind: Pod\nmetadata: {name: boom}\n';
    for (const text of [bad, boom, '# nothing\n---\n---\n']) {
      const expected = oneThread(['-'], text);
      assert.equal(typeof expected, 'string');
      same(await parallel(['-'], text, 1), expected);
    }
  });

  it('when a worker dies part way then this thread does the rest and no object comes twice', async () => {
    const text = fileOf([0, 0, 5, 0, 4, 0, 0, 5, 0, 0, 2, 0, 0, 5], false);
    const actual = await parallel(['-'], text, 1, WORKER, { dieAfter: 2 });
    same(actual, oneThread(['-'], text));
    // Units were taken from the workers before one died, and the rest on this thread.
    assert.ok(typeof actual !== 'string' && actual.threads.has(0) && actual.threads.size > 1);
  });

  it('when the workers cannot start then the rewrite is done on this thread, once', async () => {
    const text = fileOf([0, 5, 0, 4], false);
    const actual = await parallel(['-'], text, 1, new URL('./no-such-worker.ts', import.meta.url));
    same(actual, oneThread(['-'], text));
    assert.deepEqual(typeof actual !== 'string' && [...actual.threads], [0]);
  });
});
