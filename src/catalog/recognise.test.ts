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

  it('when a pattern has a * then it matches inside one path segment only', () => {
    const cat = builtinCatalog();
    assert.equal(
      recognise({ image: 'fluent/fluentd-kubernetes-daemonset:v1' }, cat)?.product,
      'Fluentd',
    );
    assert.equal(
      recognise({ image: 'ghcr.io/prometheus-operator/prometheus-config-reloader:v0.75' }, cat)
        ?.entry.name,
      'config-reloader',
    );
    assert.equal(recognise({ image: 'example/fluentd/app:1' }, cat), null);
  });

  it('when image and name disagree then the image wins', () => {
    const r = recognise(
      { name: 'envoy', image: 'docker.io/istio/proxyv2:1.22.0' },
      builtinCatalog(),
    );
    assert.deepEqual([r?.entry.name, r?.by], ['istio-proxy', 'image']);
  });

  it("when a user entry and a recognise-only one know the same image then the user's entry is the one", () => {
    const builtin = builtinCatalog();
    const mine = {
      ...builtin.entries.get('envoy')!,
      name: 'otel',
      product: 'OTel',
      match: { images: ['otel/opentelemetry-collector-contrib'] },
    };
    const cat = { ...builtin, entries: new Map([...builtin.entries, ['otel', mine]]) };
    const image = 'otel/opentelemetry-collector-contrib:0.110.0';
    assert.equal(recognise({ image }, builtin)?.product, 'OpenTelemetry Collector');
    assert.equal(recognise({ image }, cat)?.product, 'OTel');
  });
});

describe('recognise: short names, mirrors and private registries', () => {
  it('when a sidecar image is a short name, a mirror path or a private registry path then it is still recognised', () => {
    const catalog = builtinCatalog();
    for (const [image, product] of [
      ['envoy:latest', 'Envoy'],
      ['registry.example.com/mirror/envoyproxy/envoy:v1.30', 'Envoy'],
      ['fluent-bit:latest', 'Fluent Bit'],
      ['my.registry:5000/istio/proxyv2:1.22', 'Istio proxy'],
    ] as const) {
      assert.equal(recognise({ name: 'c', image }, catalog)?.product, product, image);
    }
    assert.equal(
      recognise({ name: 'c', image: 'registry.example.com/team/web:1.0' }, catalog),
      null,
    );
  });
});
