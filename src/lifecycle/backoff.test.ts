import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recordRestart, restartNotBefore } from './backoff.js';
import { newContainerRuntime } from './state.js';

/** Crashes `count` times, each instance running `runs` ms; returns each restart's delay. */
function delays(count: number, runs: number): number[] {
  const c = newContainerRuntime();
  const out: number[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) {
    const finished = t + runs;
    const at = restartNotBefore(c, finished);
    out.push((at - finished) / 1000);
    recordRestart(c, finished);
    t = at;
  }
  return out;
}

describe('crash-loop back-off', () => {
  it('when a container keeps crashing then the first restart is immediate and the delay doubles from 10 s to 300 s', () => {
    assert.deepEqual(delays(9, 1000), [0, 10, 20, 40, 80, 160, 300, 300, 300]);
  });

  it('when a container ran for more than 10 minutes then its back-off starts again', () => {
    const c = newContainerRuntime();
    for (const f of [1000, 2000, 13_000]) {
      const at = restartNotBefore(c, f);
      recordRestart(c, f);
      assert.ok(at >= f);
    }
    assert.equal(c.backoffDelay, 40_000);
    // The next crash comes 11 minutes after the last one: no back-off, and the entry restarts at 10 s.
    const late = 13_000 + 11 * 60_000;
    assert.equal(restartNotBefore(c, late), late);
    recordRestart(c, late);
    assert.equal(c.backoffDelay, 10_000);
  });
});
