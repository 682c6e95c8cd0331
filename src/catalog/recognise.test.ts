import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from './load.js';
import { recognise } from './recognise.js';

/** What lint's recogniser answered before it read the catalog: product and role, or null. */
function knownSidecar(c: Record<string, unknown>): { product: string; role?: string } | null {
  const r = recognise(c, builtinCatalog());
  return r === null
    ? null
    : { product: r.product, ...(r.role !== undefined ? { role: r.role } : {}) };
}

describe('recognising catalog sidecars', () => {
  it('when images or names are well-known sidecars then their product and role are recognised', () => {
    assert.deepEqual(knownSidecar({ name: 'x', image: 'docker.io/istio/proxyv2:1.22.0' }), {
      product: 'Istio proxy',
      role: 'proxy',
    });
    assert.equal(
      knownSidecar({ name: 'shipper', image: 'cr.fluentbit.io/fluent/fluent-bit:3.1' })?.role,
      'log-shipper',
    );
    assert.equal(
      knownSidecar({ name: 'cloud-sql-proxy', image: 'example/custom:1' })?.role,
      'proxy',
    );
    assert.equal(
      knownSidecar({ name: 'vault', image: 'hashicorp/vault:1.15', args: ['agent', '-config=/c'] })
        ?.role,
      'secret-agent',
    );
  });

  it('when a container is an app, a Vault server or an injector placeholder then it is not a known sidecar', () => {
    assert.equal(knownSidecar({ name: 'app', image: 'myapp:v1' }), null);
    assert.equal(
      knownSidecar({ name: 'vault', image: 'hashicorp/vault:1.15', args: ['server'] }),
      null,
    );
    assert.equal(knownSidecar({ name: 'istio-proxy', image: 'auto' }), null);
  });
});
