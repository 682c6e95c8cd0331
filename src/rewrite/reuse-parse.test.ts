import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { visit, type Node } from 'yaml';
import { fromText } from '../manifest/load.js';
import type { Patch } from './patch.js';
import { rewriteParses } from './rewrite-parses.js';
import { withLoadedParse } from './reuse-parse.js';
import { patchYamlText } from './yaml-text-patch.js';

const FILE = `# first
apiVersion: v1
kind: ConfigMap
metadata: {name: c}
---
# second
apiVersion: v1
kind: Pod
metadata:
  name: p  # the pod
spec:
  containers:
    - name: app
      image: app:1
`;

const PATCH: Patch = [
  { op: 'add', path: '/metadata/annotations', value: { a: 'b' } },
  { op: 'add', path: '/spec/containers/0/restartPolicy', value: 'Always' },
];

function ranges(node: unknown): string {
  const out: string[] = [];
  visit(node as Node, (_k, n) => {
    if (n === null) return;
    out.push(JSON.stringify((n as Node).range ?? null));
  });
  return out.join(' ');
}

describe('withLoadedParse', () => {
  const doc = fromText(FILE).documents[1]!.doc!;
  const from = doc.contents!.range[0];
  const slice = FILE.slice(from);
  const edit = (): string => patchYamlText(slice, 0, [], PATCH);

  it('when a document is edited with the load parse then the text is what a fresh parse gives, without a parse', () => {
    const fresh = edit();
    const before = rewriteParses.calls;
    const reused = withLoadedParse(slice, doc, from, edit);
    assert.equal(rewriteParses.calls, before);
    assert.equal(reused, fresh);
    assert.match(reused, /^ {2}name: p {2}# the pod\n {2}annotations:\n {4}a: b\n/m);
  });

  it('when the edit is done or throws then the load parse has its own offsets again', () => {
    const kept = ranges(doc);
    withLoadedParse(slice, doc, from, edit);
    assert.equal(ranges(doc), kept);
    assert.throws(() =>
      withLoadedParse(slice, doc, from, () => {
        throw new Error('boom');
      }),
    );
    assert.equal(ranges(doc), kept);
    // And nothing of it is left for the next edit, which must parse its own text.
    const before = rewriteParses.calls;
    edit();
    assert.equal(rewriteParses.calls, before + 1);
  });

  it('when a key or a value is empty (`? ` alone) then the edit still uses the load parse and keeps its offsets', () => {
    // Found by the fuzz test: a null key is no node, and reading its range threw.
    const text = FILE.replace('spec:\n', 'spec:\n  ? \n  empty:\n');
    const d = fromText(text).documents[1]!.doc!;
    const f = d.contents!.range[0];
    const s = text.slice(f);
    const kept = ranges(d);
    const fresh = patchYamlText(s, 0, [], PATCH);
    assert.equal(
      withLoadedParse(s, d, f, () => patchYamlText(s, 0, [], PATCH)),
      fresh,
    );
    assert.equal(ranges(d), kept);
  });

  it('when the document has a tag, an anchor or a date then it is parsed again', () => {
    for (const extra of ['  note: !!str x\n', '  a: &x 1\n', '  at: 2024-01-01\n']) {
      const text = FILE.replace('spec:\n', `spec:\n${extra}`);
      const d = fromText(text).documents[1]!.doc!;
      const f = d.contents!.range[0];
      const s = text.slice(f);
      const before = rewriteParses.calls;
      withLoadedParse(s, d, f, () => patchYamlText(s, 0, [], PATCH));
      assert.ok(rewriteParses.calls > before, extra);
    }
  });
});
