import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exitsByItself } from './container-facts.js';

describe('container facts', () => {
  it('when a sidecar runs once (-exit-after-auth, --one-time) then it exits by itself', () => {
    assert.equal(exitsByItself({ args: ['agent', '-exit-after-auth'] }), true);
    assert.equal(exitsByItself({ args: ['--one-time=true'] }), true);
    assert.equal(exitsByItself({ args: ['--port=5432'] }), false);
  });
});
