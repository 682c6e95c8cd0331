import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { canSplitDocuments, documentCuts, piecesAt } from './document-split.js';

const doc = (name: string): string => `kind: Pod\nmetadata:\n  name: ${name}\n`;

describe('documentCuts', () => {
  it('when a file has many documents then each piece starts at a --- line and the pieces join back', () => {
    const text = `# head\n---\n${doc('a')}--- # b\n${doc('b')}---\t\n${doc('c')}---\n${doc('d')}`;
    const cuts = documentCuts(text, 1);
    assert.deepEqual(
      cuts.map((c) => text.slice(c, c + 4)),
      ['--- ', '---\t', '---\n'],
    );
    const pieces = piecesAt(text, cuts);
    assert.equal(pieces.join(''), text);
    // Each piece holds whole documents: the same values as the whole file's parse.
    const whole = parseAllDocuments(text).map((d) => d.toJS() as unknown);
    const cut = pieces.flatMap((p) => parseAllDocuments(p).map((d) => d.toJS() as unknown));
    assert.deepEqual(cut, whole);
  });

  it('when --- is not a document start then it is no cut', () => {
    const text = `---\n${doc('a')}data:\n  s: |\n    ---\n    x\n  t: "a\n  --- b"\n----\n---x\n ---\n---\n${doc('b')}`;
    assert.deepEqual(
      documentCuts(text, 1).map((c) => text.slice(c)),
      [`---\n${doc('b')}`],
    );
  });

  it('when pieces would be larger than the text or the first --- is the only one then there is no cut', () => {
    assert.deepEqual(documentCuts(`---\n${doc('a')}---\n${doc('b')}`, 1000), []);
    assert.deepEqual(documentCuts(`# c\n---\n${doc('a')}`, 1), []);
  });

  it('when pieces have a size then each is at least that long but the last', () => {
    const text = Array.from({ length: 50 }, (_, i) => doc(String(i))).join('---\n');
    const pieces = piecesAt(text, documentCuts(text, 100));
    assert.ok(pieces.length > 5);
    for (const p of pieces.slice(0, -1)) assert.ok(p.length >= 100, p);
  });

  it('when a directive or a JSON text comes then the text is not cut', () => {
    const many = `${doc('a')}---\n${doc('b')}---\n${doc('c')}`;
    assert.equal(canSplitDocuments(many), true);
    assert.deepEqual(documentCuts(`%YAML 1.1\n---\n${many}`, 1), []);
    assert.deepEqual(documentCuts(`${many}%TAG ! tag:x,2000:\n---\n${doc('d')}`, 1), []);
    assert.deepEqual(documentCuts(`  {"kind": "List"}\n---\n${many}`, 1), []);
    assert.deepEqual(documentCuts(`[]\n---\n${many}`, 1), []);
  });
});
