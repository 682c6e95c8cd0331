/**
 * `sidecarctl webhook manifests` through the built CLI: what it prints installs cleanly (it
 * passes `sidecarctl validate` on the versions the issue names), and each TLS choice wires the
 * certificate and the CA the way the API server needs them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runCli } from './cli-helper.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function objects(yamlText: string): Obj[] {
  return parseAllDocuments(yamlText).map((d) => d.toJS() as Obj);
}

describe('sidecarctl webhook manifests', () => {
  for (const v of ['1.29', '1.33']) {
    it(`when the manifests for ${v} are validated at ${v} then validate finds nothing (exit 0)`, () => {
      const m = runCli(['webhook', 'manifests', '--k8s-version', v]);
      assert.equal(m.code, 0, m.stderr);
      const r = runCli(['validate', '--k8s-version', v, '-'], { input: m.stdout });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /^0 error\(s\), 0 warning\(s\) in 10 object\(s\)/);
    });
  }

  for (const v of ['1.29', '1.33']) {
    it(`when --workloads is given at ${v} then both configurations also match the workloads' templates and validate finds nothing`, () => {
      const m = runCli(['webhook', 'manifests', '--workloads', '--k8s-version', v]);
      assert.equal(m.code, 0, m.stderr);
      for (const kind of ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']) {
        const rules = objects(m.stdout).find((o) => o['kind'] === kind)!['webhooks'][0].rules;
        assert.deepEqual(
          rules.map((r: Obj) => `${String(r.apiGroups[0])}/${String(r.resources.join(','))}`),
          ['/pods', 'apps/deployments,statefulsets,daemonsets,replicasets', 'batch/jobs,cronjobs'],
        );
        const ops = kind.startsWith('Mutating') ? ['CREATE'] : ['CREATE', 'UPDATE'];
        for (const r of rules) assert.deepEqual(r.operations, ops);
      }
      const r = runCli(['validate', '--k8s-version', v, '-'], { input: m.stdout });
      assert.equal(r.code, 0, r.stdout + r.stderr);
    });
  }

  it('when no TLS flag is given then a Secret holds a certificate for the Service that caBundle signs', () => {
    const m = runCli(['webhook', 'manifests', '-n', 'hooks']);
    const all = objects(m.stdout);
    const secret = all.find((o) => o['kind'] === 'Secret')!;
    assert.equal(secret['metadata'].name, 'sidecarctl-webhook-tls');
    const cert = new X509Certificate(Buffer.from(secret['data']['tls.crt'], 'base64'));
    assert.match(cert.subjectAltName ?? '', /DNS:sidecarctl-webhook\.hooks\.svc/);
    for (const kind of ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']) {
      const hook = all.find((o) => o['kind'] === kind)!['webhooks'][0];
      const ca = new X509Certificate(Buffer.from(hook.clientConfig.caBundle, 'base64'));
      assert.ok(
        cert.checkIssued(ca),
        `${kind}'s caBundle must have signed the serving certificate`,
      );
      assert.deepEqual(hook.admissionReviewVersions, ['v1']);
      assert.equal(hook.sideEffects, 'None');
      assert.deepEqual(hook.namespaceSelector.matchExpressions[0].values, ['hooks', 'kube-system']);
    }
    const mutating = all.find((o) => o['kind'] === 'MutatingWebhookConfiguration')!;
    assert.equal(mutating['webhooks'][0].reinvocationPolicy, 'IfNeeded');
    assert.equal(mutating['webhooks'][0].clientConfig.service.path, '/mutate');
  });

  it('when --cert-manager is given then an Issuer and a Certificate replace the Secret and cainjector fills caBundle', () => {
    const all = objects(runCli(['webhook', 'manifests', '--cert-manager']).stdout);
    assert.deepEqual(
      all
        .filter((o) => String(o['apiVersion']).startsWith('cert-manager.io/'))
        .map((o) => o['kind']),
      ['Issuer', 'Certificate'],
    );
    assert.equal(all.filter((o) => o['kind'] === 'Secret').length, 0);
    const hook = all.find((o) => o['kind'] === 'MutatingWebhookConfiguration')!;
    assert.equal(
      hook['metadata'].annotations['cert-manager.io/inject-ca-from'],
      'sidecarctl-system/sidecarctl-webhook-tls',
    );
    assert.equal(hook['webhooks'][0].clientConfig.caBundle, undefined);
  });

  it('when the version has no matchConditions (1.27) then the configurations leave them out', () => {
    const old = objects(
      runCli(['webhook', 'manifests', '--cert-manager', '--k8s-version', '1.27']).stdout,
    );
    const now = objects(
      runCli(['webhook', 'manifests', '--cert-manager', '--k8s-version', '1.30']).stdout,
    );
    const conditions = (all: Obj[]) =>
      all.find((o) => o['kind'] === 'MutatingWebhookConfiguration')!['webhooks'][0].matchConditions;
    assert.equal(conditions(old), undefined);
    assert.equal(conditions(now)[0].name, 'not-a-mirror-pod');
  });

  it('when --ca-bundle names a file that is not a PEM certificate then it is a one-line usage error (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-webhook-'));
    try {
      const f = join(dir, 'ca.pem');
      writeFileSync(f, 'not a certificate');
      const r = runCli(['webhook', 'manifests', '--ca-bundle', f]);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, `sidecarctl: --ca-bundle ${f}: not a PEM certificate\n`);
      assert.equal(r.stdout, '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
