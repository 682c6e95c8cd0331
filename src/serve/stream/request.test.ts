import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseStreamRequest } from './request.js';

describe('parseStreamRequest', () => {
  it('reads repeated command, container and the flags kubectl sends only when true', () => {
    const r = parseStreamRequest(
      '/api/v1/namespaces/ns1/pods/p/exec?command=sh&command=-c&command=echo+a%3B+exit+3&container=c&stderr=true&stdin=true&stdout=true',
    );
    assert.deepEqual(r, {
      kind: 'exec',
      namespace: 'ns1',
      pod: 'p',
      command: ['sh', '-c', 'echo a; exit 3'],
      container: 'c',
      stdin: true,
      stdout: true,
      stderr: true,
      tty: false,
    });
  });

  it('knows attach and portforward, and nothing else', () => {
    assert.equal(parseStreamRequest('/api/v1/namespaces/d/pods/p/attach?tty=1')?.tty, true);
    assert.equal(
      parseStreamRequest('/api/v1/namespaces/d/pods/p/portforward')?.kind,
      'portforward',
    );
    assert.equal(parseStreamRequest('/api/v1/namespaces/d/pods/p/log'), undefined);
    assert.equal(parseStreamRequest('/api/v1/namespaces/%E0%A4%A/pods/p/exec'), undefined);
    assert.equal(parseStreamRequest('/api/v1/namespaces/d/pods/p/exec?stdin=false')?.stdin, false);
  });
});
