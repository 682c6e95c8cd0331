import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TextChunks } from './text-chunks.js';

describe('TextChunks', () => {
  it('when thousands of pieces are pushed then the text is what one join of them all gives', () => {
    for (const separator of ['', '\n']) {
      const all: string[] = [];
      const chunks = new TextChunks(separator);
      assert.equal(chunks.empty, true);
      for (let i = 0; i < 5000; i++) {
        const pair = [`a${String(i)}`, i % 7 === 0 ? '' : `-${String(i)}`];
        all.push(...pair);
        chunks.push(...pair);
      }
      assert.equal(chunks.empty, false);
      assert.equal(chunks.join(), all.join(separator));
      assert.equal(chunks.join(), all.join(separator));
      // A few parts, not one string: joined they are the text.
      const parts = chunks.parts();
      assert.ok(parts.length > 5 && parts.length < 20, String(parts.length));
      assert.equal(parts.join(separator), all.join(separator));
    }
  });

  it('when one empty line is pushed then the chunks are not empty and join to it', () => {
    const chunks = new TextChunks('\n');
    chunks.push('');
    assert.equal(chunks.empty, false);
    assert.equal(chunks.join(), '');
  });
});
