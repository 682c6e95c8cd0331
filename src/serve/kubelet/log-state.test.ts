import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkLogState } from './log-state.js';

const check =
  (status: Record<string, unknown> | undefined, previous = false) =>
  () =>
    checkLogState(status, 'app', 'p', previous, 'PodInitializing');

describe('which log may be read (kubelet_pods.go validateContainerLogStatus)', () => {
  it("a waiting container: 400 with its reason; one not reported yet: the pod's idle reason", () => {
    assert.throws(check({ state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} }), {
      code: 400,
      message: 'container "app" in pod "p" is waiting to start: ContainerCreating',
    });
    assert.throws(check(undefined), {
      code: 400,
      message: 'container "app" in pod "p" is waiting to start: PodInitializing',
    });
    assert.throws(check({ state: { waiting: { reason: 'ErrImagePull' } }, lastState: {} }), {
      message: 'container "app" in pod "p" is waiting to start: image can\'t be pulled',
    });
  });

  it('previous needs a last termination; a container waiting to restart serves its last log', () => {
    const backOff = {
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 1 } },
    };
    assert.doesNotThrow(check(backOff));
    assert.doesNotThrow(check(backOff, true));
    assert.throws(check({ state: { running: {} }, lastState: {} }, true), {
      code: 400,
      message: 'previous terminated container "app" in pod "p" not found',
    });
  });
});
