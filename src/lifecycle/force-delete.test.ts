/**
 * A forced deletion (DeletePod with `force`: `kubectl delete --grace-period=0 --force`, `run`'s
 * second Ctrl-C): ContainerKilling SIGKILL, reason PodDeleted, for every container still running,
 * in the step of the deletion and before any exit; nothing waits for a hook or a grace period.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveVersion } from '../model/versions.js';
import type { Action, Observation } from './actions.js';
import { buildPodModel, createPodState, step, type EngineState } from './engine.js';
import type { PodEvent } from './events.js';

const V = resolveVersion('1.33');
const SPEC = {
  terminationGracePeriodSeconds: 30,
  initContainers: [
    {
      name: 'proxy',
      image: 'p',
      restartPolicy: 'Always',
      lifecycle: { preStop: { exec: { command: ['drain'] } } },
    },
  ],
  containers: [{ name: 'app', image: 'a' }],
};

/** Steps `obs` at `now`, answering sandbox and starts at once; returns the events and actions. */
function run(
  s: EngineState,
  now: number,
  obs: Observation[],
): { s: EngineState; events: PodEvent[]; actions: Action[] } {
  const events: PodEvent[] = [];
  const actions: Action[] = [];
  let next = obs;
  for (let i = 0; i < 20; i++) {
    const r = step(s, now, next);
    s = r.state;
    events.push(...r.events);
    actions.push(...r.actions);
    next = r.actions.flatMap((a): Observation[] =>
      a.type === 'CreateSandbox'
        ? [{ type: 'SandboxReady' }]
        : a.type === 'StartContainer'
          ? [{ type: 'ContainerStarted', container: a.container, instance: a.instance }]
          : [],
    );
    if (next.length === 0) break;
  }
  return { s, events, actions };
}

const kills = (events: readonly PodEvent[]): string[] =>
  events.flatMap((e) =>
    e.type === 'ContainerKilling' ? [`${e.container} ${e.signal} ${e.reason}`] : [],
  );

describe('forced deletion', () => {
  it('when a running pod is force-deleted then every container gets SIGKILL PodDeleted at once', () => {
    let { s } = run(createPodState(buildPodModel(SPEC, V, 'default/p'), V), 0, []);
    const r = run(s, 5000, [{ type: 'DeletePod', gracePeriodSeconds: 0, force: true }]);
    s = r.s;
    assert.deepEqual(r.events.map((e) => e.type).slice(0, 3), [
      'PodDeleting',
      'ContainerKilling',
      'ContainerKilling',
    ]);
    assert.deepEqual(kills(r.events), ['proxy SIGKILL PodDeleted', 'app SIGKILL PodDeleted']);
    assert.deepEqual(
      r.actions.map((a) => (a.type === 'Signal' ? `${a.container} ${a.signal}` : a.type)),
      ['proxy SIGKILL', 'app SIGKILL'],
    );
    assert.ok(!r.events.some((e) => e.type === 'HookStarted'), 'no preStop on a forced kill');
    const end = run(s, 5100, [
      { type: 'ContainerExited', container: 'app', instance: 1, exitCode: 137 },
      { type: 'ContainerExited', container: 'proxy', instance: 1, exitCode: 137 },
    ]);
    assert.equal(kills(end.events).length, 0, 'no more signals');
    assert.ok(end.actions.some((a) => a.type === 'RemoveSandbox'));
  });

  it('when a pod being deleted gracefully is force-deleted then only containers not yet SIGKILLed get it', () => {
    let { s } = run(createPodState(buildPodModel(SPEC, V, 'default/p'), V), 0, []);
    const graceful = run(s, 1000, [{ type: 'DeletePod' }]);
    s = graceful.s;
    // app got SIGTERM, the proxy runs its preStop and waits for app.
    assert.deepEqual(kills(graceful.events), ['app SIGTERM PodDeleted']);
    const forced = run(s, 2000, [{ type: 'DeletePod', gracePeriodSeconds: 0, force: true }]);
    assert.deepEqual(kills(forced.events), ['proxy SIGKILL PodDeleted', 'app SIGKILL PodDeleted']);
    const again = run(forced.s, 2500, [{ type: 'DeletePod', gracePeriodSeconds: 0, force: true }]);
    assert.deepEqual(kills(again.events), [], 'a container already sent SIGKILL gets no other');
  });
});
