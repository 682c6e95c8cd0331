import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyContainers } from './containers.js';
import { resolveVersion } from './versions.js';

const spec = {
  initContainers: [
    { name: 'init-a', image: 'x' },
    { name: 'sc-1', image: 'x', restartPolicy: 'Always' },
    { name: 'odd', image: 'x', restartPolicy: 'Never' },
    'not-an-object',
  ],
  containers: [{ name: 'app', image: 'x' }],
  ephemeralContainers: [{ name: 'debug', image: 'x' }],
};

describe('container classification', () => {
  it('when the gate is on then restartPolicy Always init containers are sidecars, in spec order', () => {
    const got = classifyContainers(spec, resolveVersion('1.29')).map((c) => [
      c.kind,
      c.name,
      c.path,
    ]);
    assert.deepEqual(got, [
      ['init', 'init-a', 'initContainers[0]'],
      ['sidecar', 'sc-1', 'initContainers[1]'],
      ['init', 'odd', 'initContainers[2]'],
      ['regular', 'app', 'containers[0]'],
      ['ephemeral', 'debug', 'ephemeralContainers[0]'],
    ]);
  });

  it('when the gate is off or the field does not exist then a restartPolicy Always init container is a plain init container', () => {
    for (const v of [
      resolveVersion('1.27'),
      resolveVersion('1.28'),
      resolveVersion('1.30', { SidecarContainers: false }),
    ]) {
      const kinds = classifyContainers(spec, v).map((c) => c.kind);
      assert.deepEqual(kinds, ['init', 'init', 'init', 'regular', 'ephemeral'], v.version);
    }
  });

  it('when the spec is not an object then there are no containers', () => {
    assert.deepEqual(classifyContainers('nope', resolveVersion('1.33')), []);
    assert.deepEqual(classifyContainers({ containers: 'nope' }, resolveVersion('1.33')), []);
  });
});
