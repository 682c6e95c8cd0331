import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SidecarError } from '../errors.js';
import { fromText } from '../manifest/load.js';
import { objectsOf } from '../manifest/objects.js';
import { parseSourceLazily } from '../manifest/parse.js';
import type { Patch } from './patch.js';
import {
  rewriteDocuments,
  rewriteInput,
  type DocumentObjects,
  type RewriteTransform,
} from './rewrite-files.js';
import { rewritePaths } from './rewrite-stream.js';

const pod = (i: number): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p-${String(i)} # keep\nspec:\n  containers:\n    - name: app\n      image: a:1\n`;
const text = Array.from({ length: 30 }, (_, i) => pod(i)).join('---\n');

const label: RewriteTransform<null> = (o) => ({
  patch: [{ op: 'add', path: '/metadata/labels', value: { app: o.name } }] as Patch,
  result: null,
});

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof SidecarError ? `${e.code}: ${e.message}` : String(e);
  }
  return 'no error';
}

describe('rewritePaths', () => {
  it('when a file is rewritten one document at a time then the bytes are those of rewriteInput', () => {
    const names: string[] = [];
    const files = rewritePaths(
      ['-'],
      label,
      (o) => names.push(o.object.name),
      () => text,
    );
    const whole = rewriteInput(fromText(text, '-'), label);
    assert.equal(files[0]!.after, whole.files[0]!.after);
    assert.deepEqual(
      names,
      whole.objects.map((o) => o.object.name),
    );
  });

  it('when documents are rewritten then each is parsed only once the one before it is done', () => {
    let pulled = 0;
    const emitted: number[] = [];
    function* documents(): Generator<DocumentObjects> {
      for (const document of parseSourceLazily({ path: 'a.yaml', text })) {
        pulled++;
        yield { document, objects: objectsOf(document) };
      }
    }
    rewriteDocuments({ path: 'a.yaml', text }, documents(), label, () => emitted.push(pulled));
    // The k-th object is rewritten when k documents have been read: no read-ahead, no backlog.
    assert.deepEqual(
      emitted,
      Array.from({ length: 30 }, (_, k) => k + 1),
    );
  });

  it('when a later document is not valid YAML then that wins over a transform that threw before it', () => {
    const bad = `${pod(0)}---\n${pod(1)}---\nkind: Pod\nmetadata: {name: [\n`;
    let calls = 0;
    const throwing: RewriteTransform<null> = () => {
      calls++;
      throw new Error('transform failed');
    };
    const message = codeOf(() =>
      rewritePaths(
        ['-'],
        throwing,
        () => undefined,
        () => bad,
      ),
    );
    assert.match(message, /^SIDECAR_E_PARSE: cannot rewrite -: /);
    assert.equal(calls, 1);
    assert.equal(
      codeOf(() =>
        rewritePaths(
          ['-'],
          throwing,
          () => undefined,
          () => pod(0),
        ),
      ),
      'Error: transform failed',
    );
  });

  it('when the input has no documents then it is refused as loadInputs refuses it', () => {
    assert.equal(
      codeOf(() =>
        rewritePaths(
          ['-'],
          label,
          () => undefined,
          () => '# nothing\n',
        ),
      ),
      'SIDECAR_E_NO_INPUT: no manifest objects in -: the input is empty',
    );
  });
});
