import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint } from '../validate/lint-cases.test-support.js';

const pod = (initCommand: string, sidecar: string): string => `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
  - name: migrate
    image: myapp:v1
    command: ${initCommand}
${sidecar}
  containers:
  - name: app
    image: myapp:v1
`;

const DB_PROXY = `  - name: db-proxy
    image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1
    restartPolicy: Always
    args: ["--port=5432", "p:r:db"]`;

const MESH = `  - name: istio-proxy
    image: docker.io/istio/proxyv2:1.22.0
    restartPolicy: Always`;

describe('lifecycle: a sidecar declared after the init container that needs it', () => {
  it('when an init container connects to a localhost port the later sidecar serves then it is an error', () => {
    const found = lint(
      pod('[sh, -c, "psql postgres://app@127.0.0.1:5432/db -f m.sql"]', DB_PROXY),
      'sidecar-after-dependent-init',
    );
    assert.equal(found.length, 1);
    assert.equal(found[0]!.severity, 'error');
    assert.equal(found[0]!.field, 'spec.initContainers[1]');
  });

  it('when a mesh proxy comes after an init container that uses the network then it is a warning', () => {
    const found = lint(
      pod('[curl, "https://config.example.com/app"]', MESH),
      'sidecar-after-dependent-init',
    );
    assert.equal(found.length, 1);
    assert.equal(found[0]!.severity, 'warning');
  });

  it('when the init container does not use the network or the version has no sidecars then nothing is reported', () => {
    assert.deepEqual(lint(pod('[cp, /a, /b]', MESH), 'sidecar-after-dependent-init'), []);
    assert.deepEqual(
      lint(
        pod('[sh, -c, "psql postgres://app@127.0.0.1:5432/db"]', DB_PROXY),
        'sidecar-after-dependent-init',
        '1.27',
      ),
      [],
    );
  });
});
