import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { logLines } from './log-lines.js';

describe('webhook log lines', () => {
  it('when lines are written then they go out whole, in order, once a batch is full or on flush', () => {
    const batches: string[] = [];
    const lines = logLines((b) => batches.push(b), 10);
    lines.write('{"a":1}\n');
    assert.deepEqual(batches, [], 'a batch waits until it is full');
    lines.write('{"b":2}\n');
    assert.deepEqual(batches, ['{"a":1}\n{"b":2}\n']);
    lines.write('{"c":3}\n');
    lines.flush();
    lines.flush();
    assert.deepEqual(batches, ['{"a":1}\n{"b":2}\n', '{"c":3}\n'], 'an empty flush writes nothing');
  });
});
