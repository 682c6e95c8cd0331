import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiErrors } from '../validate/api-cases.test-support.js';

const SPEC = { containers: [{ name: 'app', image: 'busybox' }] };
const SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

function podWith(metadata: unknown): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata, spec: SPEC });
}

describe('object metadata (ValidateObjectMeta)', () => {
  it('when a pod has neither name nor generateName then the name is required', () => {
    assert.deepEqual(apiErrors(podWith({}), '1.33'), [
      'metadata.name: Required value: name or generateName is required',
    ]);
  });

  it('when a pod has only generateName then it is valid, and a trailing dash is allowed', () => {
    assert.deepEqual(apiErrors(podWith({ generateName: 'web-' }), '1.29'), []);
  });

  it('when a name or generateName is not a DNS subdomain then both are reported with the value', () => {
    assert.deepEqual(apiErrors(podWith({ name: 'Web_1' }), '1.29'), [
      `metadata.name: Invalid value: "Web_1": ${SUBDOMAIN_ERR}`,
    ]);
    assert.deepEqual(apiErrors(podWith({ generateName: 'Web-' }), '1.29'), [
      `metadata.generateName: Invalid value: "Web-": ${SUBDOMAIN_ERR}`,
    ]);
  });

  it('when the namespace has dots then 1.31+ says it must not contain dots', () => {
    assert.deepEqual(apiErrors(podWith({ name: 'p', namespace: 'team.a' }), '1.33'), [
      'metadata.namespace: Invalid value: "team.a": must not contain dots',
    ]);
  });

  it('when a label key or value is bad then it is reported at metadata.labels with the bad part', () => {
    const errs = apiErrors(podWith({ name: 'p', labels: { 'bad key': 'ok', app: '-x' } }), '1.29');
    assert.equal(errs.length, 2);
    assert.match(errs[0]!, /^metadata\.labels: Invalid value: "-x": a valid label must be/);
    assert.match(errs[1]!, /^metadata\.labels: Invalid value: "bad key": name part must consist/);
  });

  it('when annotations exceed 256 KiB in total then they are too long', () => {
    const big = { name: 'p', annotations: { a: 'x'.repeat(200_000), b: 'y'.repeat(62_144) } };
    assert.deepEqual(apiErrors(podWith(big), '1.29'), [
      'metadata.annotations: Too long: must have at most 262144 bytes',
    ]);
    const fits = { name: 'p', annotations: { a: 'x'.repeat(200_000), b: 'y'.repeat(62_142) } };
    assert.deepEqual(apiErrors(podWith(fits), '1.29'), []);
  });

  it("when a workload's template has a bad label then it is reported at spec.template.labels, as ValidatePodTemplateSpec words it", () => {
    const d = JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: {
        selector: { matchLabels: { app: 'd' } },
        template: { metadata: { labels: { app: 'd', 'x/y/z': 'v' } }, spec: SPEC },
      },
    });
    const errs = apiErrors(d, '1.30');
    assert.equal(errs.length, 1);
    assert.match(
      errs[0]!,
      /^spec\.template\.labels: Invalid value: "x\/y\/z": a qualified name must/,
    );
  });

  it('when a CronJob name is over 52 characters then it is rejected', () => {
    const cj = JSON.stringify({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c'.repeat(53) },
      spec: {
        schedule: '* * * * *',
        jobTemplate: {
          spec: { template: { spec: { ...SPEC, restartPolicy: 'Never' } } },
        },
      },
    });
    assert.deepEqual(apiErrors(cj, '1.33'), [
      `metadata.name: Invalid value: "${'c'.repeat(53)}": must be no more than 52 characters`,
    ]);
  });
});
