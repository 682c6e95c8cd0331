import { Option, type Command } from 'commander';
import { auditCluster, formatAuditText, type AuditReport } from '../../audit/audit.js';
import { loadCatalog } from '../../catalog/load.js';
import { clusterError, connect, wireForm, type Cluster } from '../../cluster/client.js';
import { escapeControl } from '../../manifest/escape.js';
import { packageVersion } from '../../package-version.js';
import { formatSarif } from '../../validate/format.js';
import { action, writeOut } from '../common.js';

interface AuditOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces?: boolean;
  output: 'text' | 'json' | 'sarif';
  k8sVersion?: string;
  featureGates?: string;
  catalog?: string[];
}

type Obj = Readonly<Record<string, unknown>>;

/** The items of a list call with their apiVersion and kind (lists leave them out); 404: none. */
async function itemsOf(
  c: Cluster,
  what: string,
  [apiVersion, kind]: readonly [string, string],
  call: () => Promise<{ items: unknown[] }>,
): Promise<Obj[]> {
  try {
    const list = await call();
    return list.items.map((i) => ({ apiVersion, kind, ...wireForm(i) }));
  } catch (e) {
    // A cluster (or serve) without that API: nothing of that kind to audit.
    if ((e as { code?: number }).code === 404) return [];
    throw clusterError(`cannot list ${what}`, e);
  }
}

async function readCluster(c: Cluster, namespace: string | undefined) {
  const core = c.kc.makeApiClient(c.k8s.CoreV1Api);
  const apps = c.kc.makeApiClient(c.k8s.AppsV1Api);
  const batch = c.kc.makeApiClient(c.k8s.BatchV1Api);
  const ns = namespace;
  const pick = <T>(all: () => Promise<T>, one: (n: string) => Promise<T>) =>
    ns === undefined ? all() : one(ns);
  const [pods, deployments, statefulsets, daemonsets, jobs, cronjobs] = await Promise.all([
    itemsOf(c, 'pods', ['v1', 'Pod'], () =>
      pick(
        () => core.listPodForAllNamespaces(),
        (n) => core.listNamespacedPod({ namespace: n }),
      ),
    ),
    itemsOf(c, 'deployments', ['apps/v1', 'Deployment'], () =>
      pick(
        () => apps.listDeploymentForAllNamespaces(),
        (n) => apps.listNamespacedDeployment({ namespace: n }),
      ),
    ),
    itemsOf(c, 'statefulsets', ['apps/v1', 'StatefulSet'], () =>
      pick(
        () => apps.listStatefulSetForAllNamespaces(),
        (n) => apps.listNamespacedStatefulSet({ namespace: n }),
      ),
    ),
    itemsOf(c, 'daemonsets', ['apps/v1', 'DaemonSet'], () =>
      pick(
        () => apps.listDaemonSetForAllNamespaces(),
        (n) => apps.listNamespacedDaemonSet({ namespace: n }),
      ),
    ),
    itemsOf(c, 'jobs', ['batch/v1', 'Job'], () =>
      pick(
        () => batch.listJobForAllNamespaces(),
        (n) => batch.listNamespacedJob({ namespace: n }),
      ),
    ),
    itemsOf(c, 'cronjobs', ['batch/v1', 'CronJob'], () =>
      pick(
        () => batch.listCronJobForAllNamespaces(),
        (n) => batch.listNamespacedCronJob({ namespace: n }),
      ),
    ),
  ]);
  // A CronJob's Jobs and a Deployment's ReplicaSets are checked through their owner's template.
  const ownedJobs = jobs.filter((j) => {
    const refs = (j['metadata'] as { ownerReferences?: { kind?: string }[] } | undefined)
      ?.ownerReferences;
    return !(refs ?? []).some((r) => r.kind === 'CronJob');
  });
  return {
    pods,
    workloads: [...deployments, ...statefulsets, ...daemonsets, ...ownedJobs, ...cronjobs],
  };
}

function render(r: AuditReport, output: AuditOptions['output']): string {
  if (output === 'json') return JSON.stringify(r, null, 2) + '\n';
  if (output === 'sarif') return formatSarif(r.validation, packageVersion());
  return formatAuditText(r)
    .split('\n')
    .map((l) => escapeControl(l))
    .join('\n');
}

/** `sidecarctl audit`: validate findings and live sidecar trouble of a cluster. */
export function registerAudit(program: Command): void {
  program
    .command('audit')
    .summary('report sidecar problems of a live cluster: findings and live trouble')
    .description(
      'Read the workloads and pods of the cluster of your kubeconfig, ask the server its\n' +
        'version, and report (a) every validate finding of the workloads at that version and\n' +
        '(b) live sidecar trouble from pod status: pods stuck in Init behind a sidecar or an\n' +
        'image pull, sidecars in restart loops, Job pods kept running by a classic sidecar,\n' +
        'sidecars that stopped before the app. Exit 1 when anything is found.',
    )
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context')
    .option('-n, --namespace <ns>', "one namespace (default: the context's)")
    .option('-A, --all-namespaces', 'every namespace')
    .option('--k8s-version <X.Y>', "version to model (default: the server's)")
    .option('--feature-gates <Name=bool,...>', 'feature gate overrides')
    .option(
      '--catalog <file|dir>',
      'catalog entries beyond the built-in ones (repeatable)',
      (v: string, p: string[] = []) => [...p, v],
    )
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['text', 'json', 'sarif'])
        .default('text'),
    )
    .action(
      action(async (opts: AuditOptions) => {
        const cluster = await connect(opts);
        const namespace =
          opts.allNamespaces === true ? undefined : (opts.namespace ?? cluster.namespace);
        const read = await readCluster(cluster, namespace);
        const report = auditCluster(read, cluster.version, loadCatalog(opts.catalog ?? []));
        if (cluster.note !== undefined) process.stderr.write(`sidecarctl: ${cluster.note}\n`);
        await writeOut(render(report, opts.output));
        return report.validation.errors + report.validation.warnings + report.troubles.length > 0
          ? 1
          : 0;
      }),
    );
}
