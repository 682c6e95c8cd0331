import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { SidecarError } from '../errors.js';
import { fromSources, fromText } from '../manifest/load.js';
import { rewriteInput } from './rewrite-files.js';
import type { Patch } from './patch.js';

const addLabel = (name: string): Patch => [
  { op: 'add', path: '/metadata/labels', value: { touched: name } },
];

describe('rewriteInput', () => {
  it('when only one document of a file changes then the others keep their exact bytes', () => {
    const docs = [
      '# first\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: "1"}\n',
      'kind: Pod\nmetadata:\n  name: p\n',
      '...\n',
    ];
    const text = `${docs[0]!}---\n${docs[1]!}---\n# third, untouched\nkind: Secret\nmetadata:   {name: s}\n`;
    const r = rewriteInput(fromText(text), (o) =>
      o.kind === 'Pod' ? { patch: addLabel('p'), result: null } : null,
    );
    const out = r.files[0]!.after;
    assert.ok(out.startsWith(docs[0]!));
    assert.ok(out.endsWith('---\n# third, untouched\nkind: Secret\nmetadata:   {name: s}\n'));
    assert.match(out, /\nmetadata:\n {2}name: p\n {2}labels:\n {4}touched: p\n/);
  });

  it('when items of a kind: List change then each item is edited where it is', () => {
    const text =
      'kind: List\nitems:\n  - kind: Pod\n    metadata:\n      name: a\n  - kind: Pod # b\n    metadata:\n      name: b\n';
    const r = rewriteInput(fromText(text), (o) => ({ patch: addLabel(o.name), result: null }));
    const out = r.files[0]!.after;
    assert.deepEqual(parse(out), {
      kind: 'List',
      items: [
        { kind: 'Pod', metadata: { name: 'a', labels: { touched: 'a' } } },
        { kind: 'Pod', metadata: { name: 'b', labels: { touched: 'b' } } },
      ],
    });
    assert.ok(out.includes('  - kind: Pod # b\n'));
  });

  it('when a JSON file changes then it stays JSON with its own indentation', () => {
    const text = '{\n    "kind": "Pod",\n    "metadata": {"name": "p"}\n}\n';
    const r = rewriteInput(fromSources([{ path: 'p.json', text }]), () => ({
      patch: addLabel('p'),
      result: null,
    }));
    assert.equal(
      r.files[0]!.after,
      '{\n    "kind": "Pod",\n    "metadata": {\n        "name": "p",\n        "labels": {\n            "touched": "p"\n        }\n    }\n}\n',
    );
  });

  it('when a document is not valid YAML then the rewrite refuses with its position', () => {
    assert.throws(
      () => rewriteInput(fromText('kind: Pod\nmetadata: {name: [\n', 'bad.yaml'), () => null),
      (e: unknown) =>
        e instanceof SidecarError && e.code === 'SIDECAR_E_PARSE' && e.location.file === 'bad.yaml',
    );
  });
});
