import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveVersion } from '../model/versions.js';
import { buildPodModel } from './pod-model.js';

const SPEC = {
  initContainers: [
    {
      name: 'proxy',
      image: 'envoy',
      restartPolicy: 'Always',
      startupProbe: { tcpSocket: { port: 1 }, periodSeconds: 0 },
      readinessProbe: {
        httpGet: { port: 1 },
        terminationGracePeriodSeconds: 5,
        successThreshold: 2,
      },
      livenessProbe: {
        exec: { command: ['x'] },
        terminationGracePeriodSeconds: 7,
        successThreshold: 4,
      },
      lifecycle: { preStop: { sleep: { seconds: 4 } } },
    },
    { name: 'migrate', image: 'm', livenessProbe: { exec: { command: ['x'] } } },
  ],
  containers: [{ name: 'app', image: 'a' }],
  ephemeralContainers: [{ name: 'debug', image: 'd' }],
};

describe('pod model', () => {
  it('when fields are omitted then the API defaults apply (probe 1/10/1/3, grace 30, restartPolicy Always)', () => {
    const m = buildPodModel(SPEC, resolveVersion('1.33'), 'default/p');
    assert.equal(m.restartPolicy, 'Always');
    assert.equal(m.terminationGracePeriodSeconds, 30);
    const startup = m.containers[0]!.startupProbe!;
    assert.deepEqual(
      [
        startup.initialDelaySeconds,
        startup.timeoutSeconds,
        startup.periodSeconds,
        startup.successThreshold,
        startup.failureThreshold,
      ],
      [0, 1, 10, 1, 3],
    );
    assert.equal(startup.handler, 'tcpSocket');
  });

  it('when probes set their own fields then readiness keeps its successThreshold and only liveness/startup keep a grace period', () => {
    const c = buildPodModel(SPEC, resolveVersion('1.33'), 'default/p').containers[0]!;
    assert.equal(c.readinessProbe!.successThreshold, 2);
    assert.equal(c.readinessProbe!.terminationGracePeriodSeconds, null);
    assert.equal(c.livenessProbe!.successThreshold, 1);
    assert.equal(c.livenessProbe!.terminationGracePeriodSeconds, 7);
    assert.equal(c.preStop!.sleepSeconds, 4);
  });

  it('when the version has sidecars then init containers are classified in spec order and ephemeral ones left out', () => {
    const m = buildPodModel(SPEC, resolveVersion('1.29'), 'default/p');
    assert.deepEqual(
      m.containers.map((c) => [c.name, c.kind]),
      [
        ['proxy', 'sidecar'],
        ['migrate', 'init'],
        ['app', 'regular'],
      ],
    );
    assert.equal(m.initCount, 2);
    assert.equal(m.hasSidecars, true);
    assert.equal(m.containers[1]!.livenessProbe, null, 'a regular init container runs no probes');
  });

  it('when the version has no sidecars then a restartPolicy Always init container is a plain init container without probes or hooks', () => {
    const m = buildPodModel(SPEC, resolveVersion('1.28'), 'default/p');
    const proxy = m.containers[0]!;
    assert.equal(proxy.kind, 'init');
    assert.equal(proxy.startupProbe, null);
    assert.equal(proxy.preStop, null);
    assert.equal(m.hasSidecars, false);
  });
});
