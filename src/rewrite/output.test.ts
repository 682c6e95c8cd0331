import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffPath } from './output.js';

describe('diff headers', () => {
  it('when a path is absolute or starts with ./ then the header names it as git does', () => {
    assert.equal(`a/${diffPath('/tmp/pod.yaml')}`, 'a/tmp/pod.yaml');
    assert.equal(`a/${diffPath('./pod.yaml')}`, 'a/pod.yaml');
    assert.equal(`a/${diffPath('examples/seed/pod.yaml')}`, 'a/examples/seed/pod.yaml');
    assert.equal(`a/${diffPath('-')}`, 'a/-');
  });
});
