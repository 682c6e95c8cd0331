/**
 * The package's surface as a user sees it: the engine can be driven through `src/index.ts` alone
 * (docs/architecture.md, "The engine's driver contract"), and the surface is named exports only.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  buildPodModel,
  createPodState,
  podStatus,
  resolveVersion,
  step,
  type Observation,
  type StepResult,
} from './index.js';

describe('package surface', () => {
  it('when a pod is driven through the index alone then it starts, runs and ends', () => {
    const version = resolveVersion('1.33', {});
    const spec = { restartPolicy: 'Never', containers: [{ name: 'app', image: 'app:1' }] };
    let state = createPodState(buildPodModel(spec, version, 'default/p'), version);
    const answer = (r: StepResult): Observation[] =>
      r.actions.flatMap((a): Observation[] => {
        if (a.type === 'CreateSandbox') return [{ type: 'SandboxReady' }];
        if (a.type === 'StartContainer')
          return [{ type: 'ContainerStarted', container: a.container, instance: a.instance }];
        return [];
      });
    let r = step(state, 0, []);
    for (let i = 0; i < 5 && r.actions.length > 0; i++) {
      state = r.state;
      r = step(state, 0, answer(r));
    }
    state = r.state;
    r = step(state, 2000, [
      { type: 'ContainerExited', container: 'app', instance: 1, exitCode: 0 },
    ]);
    assert.equal(podStatus(r.state).phase, 'Succeeded');
    assert.ok(r.events.some((e) => e.type === 'ContainerExited' && e.t === 2));
  });

  it('when the index is read then it has named exports only', () => {
    const text = readFileSync(new URL('./index.ts', import.meta.url), 'utf8');
    assert.doesNotMatch(text, /export \*/);
  });
});
