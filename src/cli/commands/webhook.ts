import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { stringify } from 'yaml';
import { packageVersion } from '../../package-version.js';
import { makeServingCertificate } from '../../pki/certificates.js';
import { logLines } from '../../webhook/log-lines.js';
import { webhookManifests, type WebhookTls } from '../../webhook/manifests.js';
import { pino } from 'pino';
import { admit } from '../../admission/admit.js';
import { loadCatalog } from '../../catalog/load.js';
import { SidecarError } from '../../errors.js';
import type { InjectMode } from '../../inject/inject.js';
import { versionFromFlags } from '../../model/versions.js';
import { modelledVersion, readClusterVersion } from '../../cluster/version.js';
import type { ReviewSettings } from '../../webhook/review.js';
import { startWebhookServer, type WebhookServer } from '../../webhook/server.js';
import { action, addCommonOptions, collect, usageError, versionOf, writeOut } from '../common.js';

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
  workloads?: boolean;
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
    .option(
      '--workloads',
      'also the pod templates of Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs',
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
        ...(opts.workloads === true ? { workloads: true } : {}),
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

interface ServeOptions {
  listen: string;
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  k8sVersion?: string;
  featureGates?: string;
  catalog?: string[];
  mode?: InjectMode;
  migrate?: boolean;
  validate: 'deny' | 'warn' | 'off';
  metricsListen?: string;
}

/** `HOST:PORT` or `:PORT` (every address, as Go servers read it). */
export function listenAddress(flag: string, value: string): { host: string; port: number } {
  const m = /^(.*):(\d{1,5})$/.exec(value);
  const port = m === null ? NaN : Number(m[2]);
  if (m === null || port > 65535)
    throw usageError(`${flag} must be HOST:PORT or :PORT, not "${value}"`);
  const host = m[1]!.replace(/^\[(.*)\]$/, '$1');
  return { host: host === '' ? '0.0.0.0' : host, port };
}

/** `sidecarctl webhook serve`: the admission webhook server. */
function registerServe(webhook: Command): void {
  webhook
    .command('serve')
    .summary('serve the mutating and validating admission webhook over HTTPS')
    .description(
      'Serve AdmissionReview v1 over HTTPS: POST /mutate injects (and with --migrate\n' +
        'migrates) exactly as sidecarctl inject and migrate do, POST /validate reports the\n' +
        "API server's refusals as a denial (--validate deny) or warnings (warn). Also\n" +
        '/healthz, /readyz and /metrics; the certificate is reloaded when its files change;\n' +
        'SIGTERM finishes the reviews in flight. Logs are JSON lines on stdout.',
    )
    .option('--listen <addr>', 'address to serve on', ':8443')
    .option('--tls-cert-file <file>', 'serving certificate (PEM)')
    .option('--tls-private-key-file <file>', 'its private key (PEM)')
    .option('--k8s-version <X.Y|auto>', 'version to model; auto asks the cluster (in-cluster)')
    .option('--feature-gates <Name=bool,...>', 'feature gate overrides')
    .option(
      '--catalog <file|dir>',
      'catalog entries beyond the built-in ones (repeatable)',
      collect,
    )
    .addOption(
      new Option('--mode <mode>', 'native, classic, or auto').choices([
        'auto',
        'native',
        'classic',
      ]),
    )
    .option('--migrate', 'also move classic sidecars to native where the version has them')
    .addOption(
      new Option('--validate <what>', 'deny refused objects, warn, or off')
        .choices(['deny', 'warn', 'off'])
        .default('deny'),
    )
    .option('--metrics-listen <addr>', '/metrics on a separate plain-HTTP address')
    .action(action(serveWebhook));
}

async function serveWebhook(opts: ServeOptions): Promise<number> {
  if (opts.tlsCertFile === undefined || opts.tlsPrivateKeyFile === undefined)
    throw usageError(
      '--tls-cert-file and --tls-private-key-file are required: the webhook serves HTTPS only',
    );
  const listen = listenAddress('--listen', opts.listen);
  const metrics =
    opts.metricsListen === undefined
      ? undefined
      : listenAddress('--metrics-listen', opts.metricsListen);
  // Batched (src/webhook/log-lines.ts): lines go out by 64 KiB, at least every second, at once
  // for the first line (tools wait for its url), and the rest when the process ends.
  const destination = logLines((batch) => process.stdout.write(batch));
  const logger = pino({ base: { component: 'sidecarctl-webhook' } }, destination);
  const flushTimer = setInterval(() => destination.flush(), 1_000);
  flushTimer.unref();
  process.once('exit', () => destination.flush());
  const catalog = loadCatalog(opts.catalog ?? []);
  const auto = opts.k8sVersion === 'auto';
  let version = versionFromFlags(auto ? undefined : opts.k8sVersion, opts.featureGates);
  const settings = (): ReviewSettings => ({
    admit,
    base: {
      version,
      catalog,
      fieldValidation: 'Ignore',
      ...(opts.mode !== undefined ? { mode: opts.mode } : {}),
      ...(opts.migrate === true ? { migrate: true } : {}),
    },
    validate: opts.validate,
  });
  const refresh = async (): Promise<void> => {
    try {
      const m = modelledVersion(await readClusterVersion());
      if (m.note !== undefined) logger.warn(m.note);
      if (m.version !== version.version)
        logger.info({ version: m.version }, 'modelling the cluster version');
      version = versionFromFlags(m.version, opts.featureGates);
    } catch (e) {
      logger.warn(
        { err: (e as Error).message },
        `cannot read the cluster version: modelling ${version.version}`,
      );
    }
  };
  if (auto) await refresh();
  const timer = auto ? setInterval(() => void refresh(), 600_000) : null;
  timer?.unref();
  let server: WebhookServer;
  try {
    server = await startWebhookServer({
      ...listen,
      certFile: opts.tlsCertFile,
      keyFile: opts.tlsPrivateKeyFile,
      settings,
      logger,
      metrics,
    });
  } catch (e) {
    throw new SidecarError(
      'SIDECAR_E_READ',
      `cannot serve: ${(e as Error).message}`,
      {},
      { cause: e },
    );
  }
  logger.info({ url: server.url, version: version.version }, 'serving admission reviews');
  destination.flush();
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.removeListener('SIGTERM', stop);
      process.removeListener('SIGINT', stop);
      // A second signal: the default handler ends the process at once.
      void server.close().then(resolve);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  destination.flush();
  return 0;
}

/** `sidecarctl webhook ...`: the cluster side (admission webhook). */
export function registerWebhook(program: Command): void {
  const webhook = program
    .command('webhook')
    .summary('the admission webhook for real clusters: serve, manifests')
    .description('The admission webhook that injects, migrates and validates in a cluster.');
  registerServe(webhook);
  registerManifests(webhook);
}
