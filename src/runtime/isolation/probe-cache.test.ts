import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { probeKey, readProbeCache, writeProbeCache } from './probe-cache.js';

describe('the isolation probe cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-probe-'));
  const env = { XDG_RUNTIME_DIR: dir };
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('when an answer was kept for the same key then it is read back, and not for another key', () => {
    const key = probeKey({ unshare: '/usr/bin/unshare', sh: '/bin/sh' }, env);
    writeProbeCache(key, { namespaces: true }, env);
    assert.deepEqual(readProbeCache(key, env), { namespaces: true });
    const other = probeKey({ unshare: null, sh: '/bin/sh' }, env);
    assert.notEqual(other, key);
    assert.equal(readProbeCache(other, env), undefined);
  });

  it('when the forced user-namespace mode changes then the key changes', () => {
    const tools = { unshare: null };
    assert.notEqual(
      probeKey(tools, env),
      probeKey(tools, { ...env, SIDECARCTL_USERNS: 'root-mapped' }),
    );
  });

  it('when the cache file is not JSON then there is no answer, and no throw', () => {
    writeFileSync(join(dir, 'sidecarctl', 'isolation-probe.json'), '{not json');
    assert.equal(readProbeCache(probeKey({}, env), env), undefined);
  });

  it('when the cache cannot be written then nothing throws', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    assert.doesNotThrow(() => writeProbeCache('k', {}, { XDG_RUNTIME_DIR: join(file, 'x') }));
  });
});
