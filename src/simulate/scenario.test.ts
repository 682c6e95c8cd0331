import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isSidecarError } from '../errors.js';
import { fromText, loadInputs } from '../manifest/load.js';
import { podTemplateOf } from '../manifest/pod-templates.js';
import { DEFAULT_RUN, isScenarioObject, parseScenario } from './scenario.js';
import {
  checkScenarioContainers,
  findScenario,
  podForScenario,
  scenariosOf,
} from './scenario-select.js';
import { SCENARIO_SCHEMA } from './scenario-schema.js';
import { parseDuration } from '../model/duration.js';

const HEAD = `apiVersion: sidecarctl.io/v1alpha1
kind: Scenario
metadata: {name: s}
spec:
`;

function parse(body: string): ReturnType<typeof parseScenario> {
  const input = fromText(HEAD + body, 'scenario.yaml');
  return parseScenario(input.objects.find(isScenarioObject)!);
}

function failure(body: string): { message: string; line?: number; field?: string; file?: string } {
  try {
    parse(body);
  } catch (e) {
    assert.ok(isSidecarError(e));
    assert.equal(e.code, 'SIDECAR_E_SCENARIO');
    return { message: e.message, ...e.location };
  }
  assert.fail('the scenario was accepted');
}

describe('scenario', () => {
  it('when durations use ms, s, m or plain seconds then they are read as seconds', () => {
    assert.equal(parseDuration('250ms'), 0.25);
    assert.equal(parseDuration('2s'), 2);
    assert.equal(parseDuration('1.5m'), 90);
    assert.equal(parseDuration('3'), 3);
    assert.equal(parseDuration(7), 7);
    assert.equal(parseDuration('2h'), null);
    assert.equal(parseDuration('-1s'), null);
    assert.equal(parseDuration(-1), null);
  });

  it('when fields are omitted then the documented defaults apply', () => {
    const s = parse('  containers:\n    app:\n      runs:\n      - {exitAfter: 2s}\n');
    assert.equal(s.until, 600);
    assert.equal(s.pod, null);
    const run = s.containers['app']!.runs[0]!;
    assert.equal(run.exitAfter, 2);
    assert.equal(run.exitCode, 0);
    assert.deepEqual(run.onTerm, { ignore: false, exitAfter: 0, exitCode: 0 });
  });

  it('when the whole contract example is given then every field is read', () => {
    const s = parse(`  pod: web
  k8sVersion: "1.29"
  until: 300s
  containers:
    proxy:
      runs:
      - probes:
          startup: {passFrom: 3s}
          readiness: {passFrom: 4s, failFrom: 60s}
        hooks: {postStart: {takes: 1s}, preStop: {takes: 5s, exitCode: 2}}
        onTerm: {ignore: true}
  events:
  - {at: 20s, delete: {gracePeriodSeconds: 10}}
  - {at: 5s, delete: {}}
`);
    assert.equal(s.pod, 'web');
    assert.equal(s.k8sVersion, '1.29');
    assert.equal(s.until, 300);
    const run = s.containers['proxy']!.runs[0]!;
    assert.deepEqual(run.probes.readiness, { passFrom: 4, failFrom: 60 });
    assert.deepEqual(run.hooks.preStop, { takes: 5, exitCode: 2 });
    assert.deepEqual(run.onTerm, { ignore: true });
    assert.deepEqual(
      s.events.map((e) => [e.at, e.type === 'delete' ? e.gracePeriodSeconds : e.image]),
      [
        [5, null],
        [20, 10],
      ],
    );
  });

  it('when a duration is malformed then the error names file, line and field', () => {
    const f = failure('  containers:\n    app:\n      runs:\n      - {exitAfter: 2x}\n');
    assert.equal(f.file, 'scenario.yaml');
    assert.equal(f.line, 8);
    assert.equal(f.field, 'spec.containers.app.runs[0].exitAfter');
    assert.match(f.message, /invalid duration "2x"/);
  });

  it('when a field is unknown then the error names it', () => {
    const f = failure('  containers:\n    app:\n      runs:\n      - {exitAfterr: 2s}\n');
    assert.equal(f.field, 'spec.containers.app.runs[0].exitAfterr');
    assert.match(f.message, /unknown field/);
  });

  it('when values are out of range then the error names the field', () => {
    assert.equal(failure('  k8sVersion: "1.40"\n').field, 'spec.k8sVersion');
    assert.equal(failure('  events:\n  - {at: 1s}\n').field, 'spec.events[0]');
    assert.equal(failure('  events:\n  - {delete: {}}\n').field, 'spec.events[0].at');
    assert.equal(
      failure('  events:\n  - {at: 1s, delete: {gracePeriodSeconds: -1}}\n').field,
      'spec.events[0].delete.gracePeriodSeconds',
    );
    assert.equal(failure('  containers:\n    app: {runs: []}\n').field, 'spec.containers.app.runs');
    assert.equal(
      failure('  containers:\n    app:\n      runs:\n      - {exitCode: 300}\n').field,
      'spec.containers.app.runs[0].exitCode',
    );
    assert.equal(
      failure(
        '  containers:\n    app:\n      runs:\n      - {onTerm: {ignore: true, exitCode: 1}}\n',
      ).field,
      'spec.containers.app.runs[0].onTerm.ignore',
    );
  });

  it('when a scenario sits in the same stream as pods then it is found for the pod it names', () => {
    const input = fromText(`apiVersion: v1
kind: Pod
metadata: {name: a}
spec: {containers: [{name: app}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec: {template: {spec: {containers: [{name: app}]}}}
---
${HEAD}  pod: web
`);
    const pod = podTemplateOf(input.objects[0]!)!;
    const web = podTemplateOf(input.objects[1]!)!;
    assert.equal(findScenario(input.objects, pod), undefined);
    assert.equal(findScenario(input.objects, web)?.pod, 'web');
    const scenario = findScenario(input.objects, web)!;
    assert.equal(podForScenario([pod, web], scenario), web);
  });

  it('when a scenario names no pod and the input has two then picking its pod fails', () => {
    const s = parse('  until: 10s\n');
    const input = fromText(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: x}]}\n',
    );
    const t = podTemplateOf(input.objects[0]!)!;
    assert.equal(podForScenario([t], s), t);
    assert.throws(
      () => podForScenario([t, t], s),
      (e: unknown) => isSidecarError(e) && e.code === 'SIDECAR_E_NO_POD',
    );
  });

  it('when a scenario scripts a container the pod lacks then the error names the container field', () => {
    const s = parse('  containers:\n    ghost: {}\n');
    assert.throws(
      () => checkScenarioContainers(s, ['app']),
      (e: unknown) =>
        isSidecarError(e) && e.location.field === 'spec.containers.ghost' && e.location.line === 6,
    );
  });

  it('when containers script image pulls and events update images then both are read', () => {
    const s = parse(`  containers:
    proxy:
      image: {pullFails: true}
    migrate:
      image: {pullFailsUntil: 30s}
      runs: [{exitAfter: 1s}]
    app: {}
  events:
  - {at: 40s, setImage: {container: app, image: "app:v2"}}
  - {at: 50s, setImage: {container: migrate, image: "bad:1", pullFails: true}}
`);
    assert.deepEqual(s.containers['proxy']!.image, { failsUntil: null });
    assert.deepEqual(s.containers['proxy']!.runs, [DEFAULT_RUN]);
    assert.deepEqual(s.containers['migrate']!.image, { failsUntil: 30 });
    assert.equal(s.containers['migrate']!.runs[0]!.exitAfter, 1);
    assert.equal(s.containers['app']!.image, undefined);
    assert.deepEqual(s.events, [
      { at: 40, type: 'setImage', container: 'app', image: 'app:v2', pull: null },
      {
        at: 50,
        type: 'setImage',
        container: 'migrate',
        image: 'bad:1',
        pull: { failsUntil: null },
      },
    ]);
  });

  it('when image pulls or image updates are malformed then the error names the field', () => {
    assert.equal(
      failure('  containers:\n    app: {image: {pullFails: true, pullFailsUntil: 3s}}\n').field,
      'spec.containers.app.image.pullFailsUntil',
    );
    assert.equal(
      failure('  containers:\n    app: {image: {pullFails: 1}}\n').field,
      'spec.containers.app.image.pullFails',
    );
    assert.equal(
      failure('  containers:\n    app: {image: {pull: Never}}\n').field,
      'spec.containers.app.image.pull',
    );
    assert.equal(
      failure('  events:\n  - {at: 1s, setImage: {image: x}}\n').field,
      'spec.events[0].setImage.container',
    );
    assert.equal(
      failure('  events:\n  - {at: 1s, setImage: {container: app}}\n').field,
      'spec.events[0].setImage.image',
    );
    assert.equal(
      failure('  events:\n  - {at: 1s, delete: {}, setImage: {container: a, image: b}}\n').field,
      'spec.events[0].setImage',
    );
  });

  it('when a setImage event names a container the pod lacks then the error names the event field', () => {
    const s = parse('  events:\n  - {at: 1s, setImage: {container: ghost, image: x}}\n');
    assert.throws(
      () => checkScenarioContainers(s, ['app']),
      (e: unknown) => isSidecarError(e) && e.location.field === 'spec.events[0].setImage.container',
    );
  });

  it('when the shipped JSON Schema is read then it is the schema the parser checks with', () => {
    const shipped: unknown = JSON.parse(
      readFileSync(new URL('../../schemas/scenario.schema.json', import.meta.url), 'utf8'),
    );
    assert.deepEqual(shipped, JSON.parse(JSON.stringify(SCENARIO_SCHEMA)));
  });

  it('when a scenario has an unknown field then the error is file:line:col with the field', () => {
    const input = fromText(HEAD + '  until: 10s\n  untill: 20s\n', 'scenario.yaml');
    try {
      parseScenario(input.objects.find(isScenarioObject)!);
    } catch (e) {
      assert.ok(isSidecarError(e));
      assert.equal(
        e.describe(),
        'scenario.yaml:6:3: scenario s: spec.untill: unknown field (expected one of: pod, k8sVersion, until, containers, events) (spec.untill)',
      );
      return;
    }
    assert.fail('the scenario was accepted');
  });

  it('when the example scenarios are read then each one passes the schema', () => {
    const scenarios = scenariosOf(loadInputs(['examples']).objects);
    assert.ok(scenarios.length >= 5, `only ${String(scenarios.length)} example scenarios`);
  });
});
