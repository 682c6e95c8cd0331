import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSidecarError } from '../errors.js';
import { findTools, type IsolationCapabilities } from './isolation/host.js';
import { chooseIsolation, namespaceNeeds } from './requirements.js';

const REASON = 'unshare: unshare failed: No space left on device';
const without: IsolationCapabilities = {
  namespaces: false,
  reason: REASON,
  root: false,
  userNs: 'same-uid',
  tools: findTools(),
  loopbackUp: null,
};
const withNs: IsolationCapabilities = { ...without, namespaces: true };
delete (withNs as { reason?: string }).reason;

const plain = {
  name: 'default/plain',
  spec: { containers: [{ name: 'c', ports: [{ containerPort: 8080 }] }] },
};
const volumes = {
  name: 'default/web',
  spec: {
    containers: [{ name: 'c', volumeMounts: [{ name: 'logs', mountPath: '/var/log/app' }] }],
  },
};
const sameport = {
  name: 'default/other',
  spec: { containers: [{ name: 'c', ports: [{ containerPort: 8080 }] }] },
};

describe('isolation choice', () => {
  it('when namespaces work then auto gives every pod its own sandbox', () => {
    assert.deepEqual(
      [...chooseIsolation('auto', withNs, [plain, volumes]).values()],
      ['pod', 'pod'],
    );
  });
  it('when namespaces are unavailable then auto runs a pod that needs none of them as processes', () => {
    assert.deepEqual([...chooseIsolation('auto', without, [plain]).values()], ['process']);
  });
  it('when namespaces are unavailable and a pod has volumeMounts then auto refuses it quoting the system and naming the fix', () => {
    assert.throws(
      () => chooseIsolation('auto', without, [plain, volumes]),
      (e: unknown) =>
        isSidecarError(e) &&
        e.message.startsWith(
          'run: pod default/web: cannot create pod sandbox: volumeMounts (/var/log/app) need a mount namespace',
        ) &&
        e.message.includes(`but Linux namespaces are unavailable: ${REASON}`) &&
        e.message.includes('fix: allow unprivileged user namespaces'),
    );
  });
  it('when two pods declare the same containerPort then each needs its own network namespace', () => {
    assert.deepEqual(namespaceNeeds(plain, [plain, sameport]), [
      'containerPort 8080 is also used by pod default/other, so each pod needs its own network namespace',
    ]);
    assert.deepEqual(
      namespaceNeeds({ ...plain, spec: { ...plain.spec, hostNetwork: true } }, [plain, sameport]),
      [],
    );
  });
  it('when --isolation process meets a pod that needs namespaces then it is refused even where they work', () => {
    assert.throws(
      () => chooseIsolation('process', withNs, [volumes]),
      (e: unknown) => isSidecarError(e) && /--isolation=process cannot run it/.test(e.message),
    );
  });
});
