import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerView } from './container-status.js';
import type { ContainerModel, LifecycleKind } from './pod-model.js';
import { getPhase } from './phase.js';

function view(kind: LifecycleKind, v: Partial<ContainerView>): ContainerView {
  const model = { name: `${kind}-x`, kind } as ContainerModel;
  return {
    model,
    state: 'waiting',
    waitingReason: null,
    exitCode: null,
    lastExitCode: null,
    ready: false,
    started: false,
    // A view in a state other than waiting has run, unless a test says otherwise.
    everRan: (v.state ?? 'waiting') !== 'waiting',
    ...v,
  };
}

const OLD = { getPhaseSplitPending: false };
const NEW = { getPhaseSplitPending: true };

describe('getPhase', () => {
  it('when a regular init container is pending but a regular container has run then 1.31 says Running and 1.32 Pending', () => {
    // After a node reboot (#126653): init re-runs while the old regular container status remains.
    const views = [view('init', { state: 'running' }), view('regular', { state: 'running' })];
    assert.equal(getPhase(views, 'Always', OLD, false), 'Running');
    assert.equal(getPhase(views, 'Always', NEW, false), 'Pending');
  });

  it('when a sidecar is restarting after a regular container started then the pod stays Running in every version', () => {
    const views = [
      view('sidecar', { state: 'running', started: false }),
      view('regular', { state: 'running' }),
    ];
    assert.equal(getPhase(views, 'Always', OLD, false), 'Running');
    assert.equal(getPhase(views, 'Always', NEW, false), 'Running');
  });

  it('when sidecars exited non-zero then the phase comes from the regular containers only', () => {
    const views = [
      view('sidecar', { state: 'terminated', exitCode: 137 }),
      view('regular', { state: 'terminated', exitCode: 0 }),
    ];
    assert.equal(getPhase(views, 'Never', NEW, true), 'Succeeded');
    const failed = [
      view('sidecar', { state: 'terminated', exitCode: 0 }),
      view('regular', { state: 'terminated', exitCode: 137 }),
    ];
    assert.equal(getPhase(failed, 'Never', NEW, true), 'Failed');
  });

  it('when a regular init container failed then Never fails the pod and OnFailure keeps it Pending', () => {
    const views = [
      view('init', { state: 'waiting', lastExitCode: 1 }),
      view('regular', { state: 'waiting' }),
    ];
    assert.equal(getPhase(views, 'Never', NEW, false), 'Failed');
    assert.equal(getPhase(views, 'OnFailure', NEW, false), 'Pending');
  });

  it('when every regular container stopped and the pod is not terminal then the restart policy decides', () => {
    const views = [view('regular', { state: 'waiting', lastExitCode: 1 })];
    assert.equal(getPhase(views, 'Always', NEW, false), 'Running');
    assert.equal(getPhase(views, 'OnFailure', NEW, false), 'Running');
    const done = [view('regular', { state: 'terminated', exitCode: 1 })];
    assert.equal(getPhase(done, 'Never', NEW, false), 'Failed');
  });
});
