import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint } from '../validate/lint-cases.test-support.js';

const pod = (sidecar: string, containers = ''): string => `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
  - name: logs
    image: fluent/fluent-bit:3.1.9
    restartPolicy: Always
${sidecar}
  containers:
  - name: app
    image: myapp:v1
${containers}
`;

describe('practice: sidecar resources', () => {
  it('when a sidecar has no resources then the seed values are suggested at its resources field', () => {
    const found = lint(pod(''), 'sidecar-no-resources');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.field, 'spec.initContainers[0].resources');
    assert.match(found[0]!.message, /cpu 50m, memory 64Mi and limits cpu 200m, memory 256Mi/);
  });

  it('when a sidecar has requests but no memory limit then only the memory limit is asked for', () => {
    const found = lint(
      pod('    resources: {requests: {cpu: 50m, memory: 64Mi}}'),
      'sidecar-no-memory-limit',
    );
    assert.equal(found.length, 1);
    assert.deepEqual(
      lint(pod('    resources: {requests: {cpu: 50m}}'), 'sidecar-no-resources'),
      [],
    );
    assert.deepEqual(
      lint(pod('    resources: {limits: {cpu: 200m, memory: 256Mi}}'), 'sidecar-no-memory-limit'),
      [],
    );
  });

  it('when a classic well-known sidecar has no resources then it is flagged, but a lone app container is not', () => {
    const classic =
      '  - {name: envoy, image: "envoyproxy/envoy:v1.28.0", readinessProbe: {tcpSocket: {port: 15001}}}';
    const found = lint(
      pod('    resources: {limits: {memory: 256Mi}}', classic),
      'sidecar-no-resources',
    );
    assert.deepEqual(
      found.map((d) => d.field),
      ['spec.containers[1].resources'],
    );
  });
});

describe('practice: image tags', () => {
  it('when images are untagged or latest then each is flagged, and a pinned tag or digest is not', () => {
    const yaml = pod(
      '',
      '  - {name: a, image: nginx}\n  - {name: b, image: "nginx:latest", imagePullPolicy: IfNotPresent}\n  - {name: c, image: "nginx@sha256:abc"}\n  - {name: d, image: "localhost:5000/nginx"}',
    );
    assert.deepEqual(
      lint(yaml, 'image-latest-tag').map((d) => d.field),
      ['spec.containers[1].image', 'spec.containers[2].image', 'spec.containers[4].image'],
    );
    assert.deepEqual(
      lint(yaml, 'latest-tag-pull-policy').map((d) => d.field),
      ['spec.containers[2].imagePullPolicy'],
    );
  });
});

describe('practice: invented sidecar fields', () => {
  it('when a container says type: Sidecar or sidecar: true then it is flagged at that field', () => {
    const yaml = pod(
      '',
      '  - {name: a, image: "x:1", type: Sidecar}\n  - {name: b, image: "x:1", sidecar: true}',
    );
    assert.deepEqual(
      lint(yaml, 'invented-sidecar-field').map((d) => d.field),
      ['spec.containers[1].type', 'spec.containers[2].sidecar'],
    );
  });
});

describe('practice: sidecar security and readiness', () => {
  it('when a sidecar is privileged or runs as user 0 then both are flagged', () => {
    const yaml = pod('    securityContext: {privileged: true, runAsUser: 0}');
    assert.equal(lint(yaml, 'sidecar-privileged').length, 1);
    assert.deepEqual(
      lint(yaml, 'sidecar-runs-as-root').map((d) => d.field),
      ['spec.initContainers[0].securityContext.runAsUser'],
    );
  });

  it('when an Envoy proxy sidecar has no readinessProbe then it is flagged, unless it is an injector placeholder', () => {
    assert.equal(
      lint(
        pod('', '  - {name: envoy, image: "envoyproxy/envoy:v1.28.0"}'),
        'proxy-sidecar-no-readiness-probe',
      ).length,
      1,
    );
    assert.deepEqual(
      lint(pod('', '  - {name: istio-proxy, image: auto}'), 'proxy-sidecar-no-readiness-probe'),
      [],
    );
  });
});
