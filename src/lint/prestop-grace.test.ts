import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint } from '../validate/lint-cases.test-support.js';

import type { ClassifiedContainer } from '../model/containers.js';
import { preStopSeconds } from './container-facts.js';

const pod = (grace: string, sidecarHook: string, appHook = ''): string => `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
${grace}
  initContainers:
  - name: logs
    image: fluent/fluent-bit:3.1
    restartPolicy: Always
    lifecycle: {preStop: ${sidecarHook}}
  containers:
  - name: app
    image: myapp:v1
${appHook}
`;

const container = (lifecycle: unknown): ClassifiedContainer => ({
  kind: 'regular',
  list: 'containers',
  index: 0,
  name: 'c',
  path: 'containers[0]',
  spec: { lifecycle },
});

describe('lifecycle: preStop against the grace period', () => {
  it('when a sidecar preStop sleeps as long as the default grace then it is killed before it drains', () => {
    const found = lint(pod('', '{sleep: {seconds: 30}}'), 'sidecar-prestop-exceeds-grace');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.field, 'spec.initContainers[0].lifecycle.preStop');
    assert.match(found[0]!.message, /default terminationGracePeriodSeconds of 30s/);
  });

  it('when the grace period covers the sidecar preStop then nothing is reported', () => {
    assert.deepEqual(
      lint(
        pod('  terminationGracePeriodSeconds: 60', '{sleep: {seconds: 30}}'),
        'sidecar-prestop-exceeds-grace',
      ),
      [],
    );
  });

  it('when an app preStop runs sleep in a shell beyond the grace then the app is SIGKILLed', () => {
    const found = lint(
      pod(
        '  terminationGracePeriodSeconds: 10',
        '{sleep: {seconds: 1}}',
        '    lifecycle: {preStop: {exec: {command: [/bin/sh, -c, "sleep 15 && nginx -s quit"]}}}',
      ),
      'prestop-exceeds-grace',
    );
    assert.equal(found.length, 1);
    assert.equal(found[0]!.field, 'spec.containers[0].lifecycle.preStop');
  });

  it('when hooks are counted then sleep calls in a shell add up and other handlers give no estimate', () => {
    assert.equal(
      preStopSeconds(container({ preStop: { exec: { command: ['sleep', '20'] } } })),
      20,
    );
    assert.equal(
      preStopSeconds(
        container({ preStop: { exec: { command: ['sh', '-c', 'sleep 5; drain; sleep 10'] } } }),
      ),
      15,
    );
    assert.equal(
      preStopSeconds(container({ preStop: { httpGet: { path: '/drain', port: 80 } } })),
      null,
    );
    assert.equal(
      preStopSeconds(container({ preStop: { exec: { command: ['/usr/local/bin/sleeper'] } } })),
      null,
    );
  });
});
