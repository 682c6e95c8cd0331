import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expandVars, mappingFor } from './expand.js';

const vars = mappingFor(
  new Map([
    ['A', 'one'],
    ['B', 'two'],
  ]),
);

describe('$(VAR) expansion', () => {
  it('when a variable is defined then $(NAME) is replaced by its value', () => {
    assert.equal(expandVars('x-$(A)-$(B)', vars), 'x-one-two');
  });
  it('when a variable is not defined then $(NAME) stays as written', () => {
    assert.equal(expandVars('$(C) and $(A)', vars), '$(C) and one');
  });
  it('when $$ precedes a reference then it is an escaped dollar and the reference is literal', () => {
    assert.equal(expandVars('$$(A) costs $$5', vars), '$(A) costs $5');
  });
  it('when a reference is not closed or $ is followed by another character then the text is kept', () => {
    assert.equal(expandVars('$(A $B $', vars), '$(A $B $');
  });
});
