import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { qosClassOf } from './qos.js';

const c = (resources?: Record<string, unknown>) => ({
  name: 'x',
  ...(resources ? { resources } : {}),
});

describe('QoS class (qos.go GetPodQOS)', () => {
  it('BestEffort without requests or limits', () => {
    assert.equal(qosClassOf({ containers: [c()] }), 'BestEffort');
  });
  it('Guaranteed when every container limits cpu and memory and requests equal limits (requests default to limits)', () => {
    const lim = { limits: { cpu: '500m', memory: '64Mi' } };
    assert.equal(qosClassOf({ initContainers: [c(lim)], containers: [c(lim)] }), 'Guaranteed');
  });
  it('Burstable when one container has none, or requests are below limits', () => {
    const lim = { limits: { cpu: '500m', memory: '64Mi' } };
    assert.equal(qosClassOf({ initContainers: [c()], containers: [c(lim)] }), 'Burstable');
    assert.equal(
      qosClassOf({
        containers: [c({ requests: { cpu: '100m' }, limits: { cpu: '1', memory: '1Gi' } })],
      }),
      'Burstable',
    );
  });
});
