import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { outcomeOf } from './outcome.js';
import { INIT_BACKOFF_VIEW, RICH_VIEW, RUNNING_VIEW } from './render-fixtures.test.js';

describe('the exit status of simulate', () => {
  it('when the pod is Running at the end then the exit status is 0', () => {
    assert.deepEqual(outcomeOf(RUNNING_VIEW), { exitCode: 0, message: null });
  });

  it('when the pod of a Job is still Running at the end then it never completed: exit 1 naming what still runs', () => {
    const o = outcomeOf(RUNNING_VIEW, true);
    assert.equal(o.exitCode, 1);
    assert.equal(
      o.message,
      'pod default/web of a Job has not completed by 25s: still running: proxy, app, logger',
    );
  });

  it('when the pod is stuck in init at the end then exit 1 says it never got past initialisation, with the kubectl STATUS', () => {
    assert.deepEqual(outcomeOf(INIT_BACKOFF_VIEW), {
      exitCode: 1,
      message: 'pod default/web never got past initialisation by 10s (Init:CrashLoopBackOff)',
    });
  });

  it('when a deleted pod ends Failed then exit is 1 and only regular containers are blamed, not the SIGKILLed sidecar', () => {
    const o = outcomeOf(RICH_VIEW);
    assert.equal(o.exitCode, 1);
    assert.equal(
      o.message,
      'pod default/web ended Failed at 42s after the scenario deleted it: app (exit 137 Error)',
    );
  });

  it('when a deleted pod ends Succeeded, or is still stopping, then exit is 0', () => {
    const ok = { ...RICH_VIEW, status: { ...RICH_VIEW.status, phase: 'Succeeded' as const } };
    assert.equal(outcomeOf(ok).exitCode, 0);
    const stopping = {
      ...INIT_BACKOFF_VIEW,
      events: [
        ...INIT_BACKOFF_VIEW.events,
        { t: 9, pod: 'default/web', type: 'PodDeleting' as const, gracePeriodSeconds: 30 },
      ],
    };
    assert.equal(outcomeOf(stopping).exitCode, 0);
  });
});

describe('the exit status of run', () => {
  it('when a run pod ends Failed without being asked to stop then exit 1 names the pod and its reason the way run always did', () => {
    const o = outcomeOf(RICH_VIEW, { run: { deletedAsAsked: false } });
    assert.equal(o.exitCode, 1);
    assert.match(o.message ?? '', /^pod default\/web Failed/);
    const withReason = { ...RICH_VIEW, status: { ...RICH_VIEW.status, reason: 'Evicted' } };
    assert.equal(
      outcomeOf(withReason, { run: { deletedAsAsked: false } }).message,
      'pod default/web Failed (Evicted)',
    );
  });

  it('when the user deleted a run pod before it failed then exit 0 whatever phase it ends in', () => {
    assert.deepEqual(outcomeOf(RICH_VIEW, { run: { deletedAsAsked: true } }), {
      exitCode: 0,
      message: null,
    });
  });

  it('when a run ends with its pod neither Succeeded nor Failed then exit 0, even for a Job', () => {
    assert.equal(
      outcomeOf(RUNNING_VIEW, { isJob: true, run: { deletedAsAsked: false } }).exitCode,
      0,
    );
    assert.equal(outcomeOf(INIT_BACKOFF_VIEW, { run: { deletedAsAsked: false } }).exitCode, 0);
  });
});
