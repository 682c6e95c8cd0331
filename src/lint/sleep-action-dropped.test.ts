import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint } from '../validate/lint-cases.test-support.js';

const POD = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: app
    image: myapp:v1
    lifecycle:
      preStop:
        sleep: {seconds: 5}
`;

describe('compat: the PodLifecycleSleepAction gate', () => {
  it('when the gate is off on 1.29 then the sleep preStop is reported as dropped at its field', () => {
    const found = lint(POD, 'sleep-action-dropped', '1.29');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.severity, 'error');
    assert.equal(found[0]!.field, 'spec.containers[0].lifecycle.preStop.sleep');
    assert.match(found[0]!.message, /whole preStop hook is removed/);
  });

  it('when the gate is on (1.30+ default, or turned on for 1.29) then nothing is reported', () => {
    assert.deepEqual(lint(POD, 'sleep-action-dropped', '1.30'), []);
    assert.deepEqual(
      lint(POD, 'sleep-action-dropped', '1.29', { PodLifecycleSleepAction: true }),
      [],
    );
  });

  it('when the gate is turned off on 1.33 then the drop is reported too', () => {
    assert.equal(
      lint(POD, 'sleep-action-dropped', '1.33', { PodLifecycleSleepAction: false }).length,
      1,
    );
  });

  it('when the version predates the gate then the unknown field is left to the api category', () => {
    assert.deepEqual(lint(POD, 'sleep-action-dropped', '1.28'), []);
  });
});
