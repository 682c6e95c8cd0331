import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exitsByItself, imageRepository, imageTag, knownSidecar } from './sidecar-catalog.js';

describe('the sidecar catalog', () => {
  it('when an image reference has a registry port, tag or digest then repository and tag are split correctly', () => {
    assert.equal(
      imageRepository('localhost:5000/envoyproxy/envoy:v1.28.0'),
      'localhost:5000/envoyproxy/envoy',
    );
    assert.equal(imageTag('localhost:5000/nginx'), '');
    assert.equal(imageTag('nginx:latest'), 'latest');
    assert.equal(imageTag('nginx@sha256:abc'), null);
  });

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

  it('when a sidecar runs once (-exit-after-auth, --one-time) then it exits by itself', () => {
    assert.equal(exitsByItself({ args: ['agent', '-exit-after-auth'] }), true);
    assert.equal(exitsByItself({ args: ['--one-time=true'] }), true);
    assert.equal(exitsByItself({ args: ['--port=5432'] }), false);
  });
});
