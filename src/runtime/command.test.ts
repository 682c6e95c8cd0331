import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { containerArgv, parseImageMap } from './command.js';
import { isSidecarError } from '../errors.js';

const env = { vars: new Map([['GREETING', 'hello']]), skipped: [] };

describe('container command and args', () => {
  it('when command and args are set then args follow command and both expand $(VAR)', () => {
    const argv = containerArgv(
      { name: 'c', command: ['echo', '$(GREETING)'], args: ['$$(GREETING)', '$(NOPE)'] },
      env,
      new Map(),
      'default/p',
    );
    assert.deepEqual(argv, ['echo', 'hello', '$(GREETING)', '$(NOPE)']);
  });
  it('when only args are set and the image is mapped then the entrypoint runs with those args', () => {
    const images = parseImageMap(['envoy:1=python3 -m http.server']);
    assert.deepEqual(
      containerArgv({ name: 'c', image: 'envoy:1', args: ['8080'] }, env, images, 'default/p'),
      ['python3', '-m', 'http.server', '8080'],
    );
  });
  it('when a container has no command and its image is not mapped then the error says so and names the fix', () => {
    assert.throws(
      () => containerArgv({ name: 'app', image: 'myapp:v1' }, env, new Map(), 'default/web'),
      (e: unknown) =>
        isSidecarError(e) &&
        /container "app" has no command/.test(e.message) &&
        /--image myapp:v1=ENTRYPOINT/.test(e.message),
    );
  });
  it('when an --image value has no entrypoint then it is a usage error', () => {
    assert.throws(
      () => parseImageMap(['myapp:v1']),
      (e: unknown) => isSidecarError(e) && e.exitCode === 2,
    );
  });
});
