import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog, entriesFromSources } from '../catalog/load.js';
import { lint } from '../validate/lint-cases.test-support.js';

const job = (sidecar: string, app = 'command: [migrate]'): string => `apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: app
        image: myapp:v1
        ${app}
${sidecar}
`;

const PROXY = `      - name: cloud-sql-proxy
        image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1
        args: ["--port=5432", "proj:region:db"]`;

describe('lifecycle: classic sidecar in a Job', () => {
  it('when a Job runs a long-running proxy as a regular container then it never completes (error)', () => {
    const found = lint(job(PROXY), 'classic-sidecar-blocks-completion');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.severity, 'error');
    assert.equal(found[0]!.field, 'spec.template.spec.containers[1]');
    assert.match(found[0]!.message, /never completes/);
    assert.match(found[0]!.message, /initContainers with restartPolicy: Always/);
  });

  it('when the version has no native sidecars then the fix offered is a shutdown call, not a native sidecar', () => {
    const found = lint(job(PROXY), 'classic-sidecar-blocks-completion', '1.27');
    assert.match(found[0]!.message, /has no native sidecars/);
  });

  it('when the app calls the proxy quitquitquit endpoint then it is only a warning', () => {
    const app = 'command: [sh, -c, "migrate && curl -X POST localhost:9091/quitquitquit"]';
    const found = lint(
      job(PROXY.replace('"--port=5432"', '"--quitquitquit", "--port=5432"'), app),
      'classic-sidecar-blocks-completion',
    );
    assert.equal(found.length, 1);
    assert.equal(found[0]!.severity, 'warning');
  });

  it('when the sidecar exits by itself or is native then nothing is reported', () => {
    const vault = `      - name: vault-agent
        image: hashicorp/vault:1.15
        args: ["agent", "-config=/etc/vault/config.hcl", "-exit-after-auth"]`;
    assert.deepEqual(lint(job(vault), 'classic-sidecar-blocks-completion'), []);
    const deployment = job(PROXY)
      .replace('kind: Job', 'kind: Deployment')
      .replace('restartPolicy: Never', 'restartPolicy: Always');
    assert.deepEqual(lint(deployment, 'classic-sidecar-blocks-completion'), []);
  });

  it('when an unknown second container runs in a Job then nothing is reported', () => {
    const other = `      - name: helper
        image: example/helper:1.0`;
    assert.deepEqual(lint(job(other), 'classic-sidecar-blocks-completion'), []);
  });

  it('when a user catalog entry names that image then it is a sidecar that keeps the Job running', () => {
    const [entry] = entriesFromSources([
      {
        path: 'helper.yaml',
        text: `apiVersion: sidecarctl.io/v1alpha1
kind: CatalogEntry
metadata: {name: helper}
spec:
  product: Helper agent
  match: {images: [example/helper]}
  containers: [{name: helper, image: example/helper:1.0}]
`,
      },
    ]);
    const builtin = builtinCatalog();
    const catalog = { ...builtin, entries: new Map([...builtin.entries, ['helper', entry!]]) };
    const other = `      - name: shipper
        image: example/helper:1.0`;
    const found = lint(job(other), 'classic-sidecar-blocks-completion', '1.33', {}, catalog);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.field, 'spec.template.spec.containers[1]');
    assert.match(found[0]!.message, /^Helper agent sidecar "shipper" is a regular container/);
  });
});
