/**
 * The engine's purity under structural sharing: `step` shares the containers it does not change
 * with the state it was given (state.ts cloneState, context.ts own), so a write that forgets to
 * copy first would change the caller's state. These tests deep-freeze every state before the
 * next step (a write to a frozen object throws in strict mode) and check that the events are
 * those of the ordinary driver, over pods that exercise every path: init failures and restarts,
 * probes (liveness kills, startup, readiness), hooks, image pulls and updates, deletion with
 * termination ordering, and the active deadline.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromText } from '../manifest/load.js';
import { podTemplateOf, type PodTemplate } from '../manifest/pod-templates.js';
import { parseVersion, resolveVersion, type VersionInfo } from '../model/versions.js';
import { simulate } from '../simulate/driver.js';
import { e2eDocuments, type E2ePod } from '../simulate/e2e-pod.test-support.js';
import { Queue } from '../simulate/queue.js';
import { parseScenarioValue, type Scenario } from '../simulate/scenario.js';
import { ScriptedContainers } from '../simulate/scripted-containers.js';
import type { Observation } from './actions.js';
import { buildPodModel, createPodState, step, type EngineState } from './engine.js';
import type { PodEvent } from './events.js';

/** Freezes the parts of a state a step could write (the model and version are shared inputs). */
function freezeState(s: EngineState): void {
  const freeze = (o: unknown): void => {
    if (o === null || typeof o !== 'object' || Object.isFrozen(o)) return;
    Object.freeze(o);
    for (const v of Object.values(o)) freeze(v);
  };
  for (const c of s.containers) freeze(c);
  freeze(s.containers);
  freeze(s.conditions);
  freeze(s.kill);
  freeze(s.imageBackoff);
  Object.freeze(s);
}

/** The simulate driver's loop (driver.ts), freezing each state before it is stepped on. */
function frozenRun(
  template: PodTemplate,
  scenario: Scenario,
  version: VersionInfo,
  roundTrips: boolean,
): PodEvent[] {
  const model = buildPodModel(template.spec, version, 'default/e2e');
  const queue = new Queue();
  const containers = new ScriptedContainers(scenario, model, queue);
  for (const e of scenario.events) {
    queue.push(
      Math.round(e.at * 1000),
      e.type === 'setImage'
        ? { type: 'SetImage', container: e.container, image: e.image }
        : e.gracePeriodSeconds === null
          ? { type: 'DeletePod' }
          : { type: 'DeletePod', gracePeriodSeconds: e.gracePeriodSeconds },
    );
  }
  let state = createPodState(model, version);
  const events: PodEvent[] = [];
  let wake: number | null = 0;
  const until = scenario.until * 1000;
  for (;;) {
    const qt = queue.peek();
    const t: number | null = qt === null ? wake : wake === null ? qt : Math.min(qt, wake);
    if (t === null || t > until) break;
    const obs: Observation[] = [];
    while (queue.peek() === t) {
      const e = queue.pop();
      if (containers.deliver(e)) obs.push(e.obs);
    }
    freezeState(state);
    const r = step(state, t, obs, roundTrips ? null : containers.oracle);
    state = r.state;
    events.push(...r.events);
    wake = r.wakeAt !== null && r.wakeAt > t ? r.wakeAt : null;
    for (const a of r.actions) containers.handle(a, t);
    if (r.finished) break;
  }
  return events;
}

const PODS: Record<string, E2ePod> = {
  'sidecars, probes, hooks, deletion with ordering': {
    terminationGracePeriodSeconds: 20,
    containers: [
      { name: 'init', init: 'regular', delay: 1 },
      {
        name: 'proxy',
        init: 'sidecar',
        startupProbe: { periodSeconds: 1, passFrom: 2 },
        preStop: { takes: 2 },
        terminationSeconds: 1,
      },
      { name: 'logs', init: 'sidecar', postStart: { takes: 1 }, terminationSeconds: 3 },
      {
        name: 'app',
        readinessProbe: { periodSeconds: 2, passFrom: 3, failFrom: 9 },
        preStop: { takes: 5 },
        terminationSeconds: 2,
      },
      { name: 'worker', ignoreTerm: true },
    ],
    deleteAt: 30,
  },
  'liveness kills, crash loops, a failing init container': {
    restartPolicy: 'OnFailure',
    containers: [
      {
        name: 'flaky-init',
        init: 'regular',
        runs: [{ exitAfter: 1, exitCode: 1 }, { exitAfter: 1 }],
      },
      { name: 'side', init: 'sidecar', runs: [{ exitAfter: 4, exitCode: 2 }, {}] },
      {
        name: 'app',
        livenessProbe: { periodSeconds: 1, failureThreshold: 2, passFrom: 0, failFrom: 6 },
      },
      { name: 'job', delay: 20, exitCode: 1 },
    ],
    until: 200,
  },
  'image pulls, an image update and the active deadline': {
    activeDeadlineSeconds: 90,
    containers: [
      { name: 'side', init: 'sidecar', pullFails: 25 },
      { name: 'app', image: 'app:v1' },
      { name: 'other', postStart: { takes: 1, exitCode: 1 } },
    ],
    setImage: [{ at: 50, container: 'app', image: 'app:v2' }],
  },
};

function casesOf(p: E2ePod): { template: PodTemplate; scenario: Scenario } {
  const docs = e2eDocuments(p);
  const template = podTemplateOf(fromText(JSON.stringify(docs.pod), 'pod.json').objects[0]!)!;
  return { template, scenario: parseScenarioValue(docs.scenario) };
}

describe('engine purity: step never changes the state it is given', () => {
  for (const [name, pod] of Object.entries(PODS)) {
    for (const v of ['1.28', '1.33']) {
      it(`${name} (${v})`, () => {
        const version = resolveVersion(parseVersion(v), { SidecarContainers: true });
        const { template, scenario } = casesOf(pod);
        for (const probeRoundTrips of [false, true]) {
          const expected = simulate(template, scenario, version, {
            podName: 'default/e2e',
            probeRoundTrips,
          }).events;
          assert.ok(expected.length > 20, 'the pod does something');
          assert.deepEqual(frozenRun(template, scenario, version, probeRoundTrips), expected);
        }
      });
    }
  }
});
