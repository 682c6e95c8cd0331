import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { stringify } from 'yaml';
import { packageVersion } from '../../package-version.js';
import { makeServingCertificate } from '../../pki/certificates.js';
import { webhookManifests, type WebhookTls } from '../../webhook/manifests.js';
import { action, addCommonOptions, usageError, versionOf, writeOut } from '../common.js';

interface ManifestsOptions {
  namespace: string;
  name: string;
  image?: string;
  replicas: string;
  certManager?: boolean;
  caBundle?: string;
  failurePolicy: 'Fail' | 'Ignore';
  mode?: string;
  migrate?: boolean;
  validate?: string;
  k8sVersion?: string;
  featureGates?: string;
  output: 'yaml' | 'json';
}

/** `sidecarctl webhook manifests`: the objects that install the admission webhook. */
function registerManifests(webhook: Command): void {
  const cmd = webhook
    .command('manifests')
    .summary('print the YAML that installs the admission webhook in a cluster')
    .description(
      'Print the install objects: Namespace, ServiceAccount, RBAC, Deployment (2 replicas\n' +
        'spread over nodes, probes, PodDisruptionBudget, non-root), Service, and the\n' +
        'Mutating and Validating webhook configurations (v1 reviews, sideEffects None,\n' +
        'reinvocation IfNeeded, opt-in namespace label sidecarctl.io/webhook=enabled, opt-out\n' +
        'pod label sidecarctl.io/webhook=disabled, never its own namespace or kube-system).\n' +
        'TLS: --cert-manager (an Issuer and a Certificate), --ca-bundle FILE (you create\n' +
        'the Secret <name>-tls), or by default a Secret with a certificate made now.\n' +
        '  sidecarctl webhook manifests | kubectl apply -f -\n' +
        '  kubectl label namespace default sidecarctl.io/webhook=enabled',
    )
    .option('-n, --namespace <ns>', "the webhook's namespace", 'sidecarctl-system')
    .option(
      '--name <name>',
      'name of its Deployment, Service and configurations',
      'sidecarctl-webhook',
    )
    .option('--image <image>', `the image (default sidecarctl:${packageVersion()}, see Dockerfile)`)
    .option('--replicas <n>', 'replicas of the Deployment (2 or more)', '2')
    .option('--cert-manager', 'let cert-manager issue the certificate and fill caBundle')
    .option('--ca-bundle <file>', 'the CA (PEM) that signed the certificate in Secret <name>-tls')
    .addOption(
      new Option('--failure-policy <policy>', 'what the API server does when the webhook is down')
        .choices(['Fail', 'Ignore'])
        .default('Fail'),
    )
    .addOption(
      new Option('--mode <mode>', 'passed to webhook serve').choices(['auto', 'native', 'classic']),
    )
    .option('--migrate', 'passed to webhook serve: migrate classic sidecars to native')
    .addOption(
      new Option('--validate <what>', 'passed to webhook serve').choices(['deny', 'warn', 'off']),
    );
  addCommonOptions(cmd, ['yaml', 'json'], 'yaml').action(
    action(async (opts: ManifestsOptions) => {
      const version = versionOf(opts);
      const replicas = Number(opts.replicas);
      if (!Number.isInteger(replicas) || replicas < 1)
        throw usageError(`--replicas must be a positive integer, not "${opts.replicas}"`);
      const objects = webhookManifests({
        namespace: opts.namespace,
        name: opts.name,
        image: opts.image ?? `sidecarctl:${packageVersion()}`,
        replicas,
        tls: await tlsOf(opts),
        failurePolicy: opts.failurePolicy,
        version,
        serveArgs: [
          ...(opts.mode ? ['--mode', opts.mode] : []),
          ...(opts.migrate ? ['--migrate'] : []),
          ...(opts.validate ? ['--validate', opts.validate] : []),
        ],
      });
      await writeOut(
        opts.output === 'json'
          ? JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 2) + '\n'
          : objects.map((o) => stringify(o)).join('---\n'),
      );
      return 0;
    }),
  );
}

async function tlsOf(opts: ManifestsOptions): Promise<WebhookTls> {
  if (opts.certManager && opts.caBundle !== undefined)
    throw usageError('--cert-manager and --ca-bundle exclude each other');
  if (opts.certManager) return { kind: 'cert-manager' };
  if (opts.caBundle !== undefined) {
    let caPem: string;
    try {
      caPem = readFileSync(opts.caBundle, 'utf8');
    } catch (e) {
      throw usageError(`--ca-bundle ${opts.caBundle}: ${(e as Error).message}`);
    }
    if (!caPem.includes('-----BEGIN CERTIFICATE-----'))
      throw usageError(`--ca-bundle ${opts.caBundle}: not a PEM certificate`);
    return { kind: 'ca-bundle', caPem };
  }
  const service = `${opts.name}.${opts.namespace}.svc`;
  const cert = await makeServingCertificate({
    commonName: service,
    dnsNames: [service, `${service}.cluster.local`],
  });
  return { kind: 'generated', ...cert };
}

/** `sidecarctl webhook ...`: the cluster side (admission webhook). */
export function registerWebhook(program: Command): void {
  const webhook = program
    .command('webhook')
    .summary('the admission webhook for real clusters: manifests')
    .description('The admission webhook that injects, migrates and validates in a cluster.');
  registerManifests(webhook);
}
