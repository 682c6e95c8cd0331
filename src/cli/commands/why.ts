import type { Command } from 'commander';
import { clusterError, connect, wireForm } from '../../cluster/client.js';
import { SidecarError } from '../../errors.js';
import { loadInputs, requireWhole } from '../../manifest/load.js';
import { isRecord } from '../../model/record.js';
import { versionFromFlags } from '../../model/versions.js';
import { whyPod } from '../../why/why.js';
import { action, collectPaths, FILENAME_FLAGS, FILENAME_HELP, writeOut } from '../common.js';

interface WhyOptions {
  namespace?: string;
  filename?: string[];
  kubeconfig?: string;
  context?: string;
  k8sVersion?: string;
  featureGates?: string;
}

type Obj = Readonly<Record<string, unknown>>;

/** The pods of `kubectl get pod -o yaml|json` output (a Pod or a List of them). */
function podsOfFiles(paths: readonly string[]): Obj[] {
  const input = requireWhole(loadInputs(paths), 'SIDECAR_E_PARSE');
  const pods = input.objects.map((o) => o.value).filter((v) => isRecord(v) && v['kind'] === 'Pod');
  if (pods.length === 0)
    throw new SidecarError(
      'SIDECAR_E_NO_POD',
      `no Pod in ${paths.join(', ')} (kubectl get pod NAME -o yaml makes one)`,
    );
  return pods as Obj[];
}

async function explain(name: string | undefined, opts: WhyOptions): Promise<string> {
  if (opts.filename !== undefined && opts.filename.length > 0) {
    const version = versionFromFlags(opts.k8sVersion, opts.featureGates);
    const pods = podsOfFiles(opts.filename).filter(
      (p) => name === undefined || (isRecord(p['metadata']) && p['metadata']['name'] === name),
    );
    if (pods.length === 0)
      throw new SidecarError('SIDECAR_E_NOT_FOUND', `pods "${name ?? ''}" not found in the file`);
    return pods.map((p) => whyPod(p, version).join('\n')).join('\n\n') + '\n';
  }
  if (name === undefined)
    throw new SidecarError('SIDECAR_E_USAGE', 'name a pod (sidecarctl why POD) or give -f FILE');
  const cluster = await connect(opts);
  const namespace = opts.namespace ?? cluster.namespace;
  let pod: Obj;
  try {
    const api = cluster.kc.makeApiClient(cluster.k8s.CoreV1Api);
    pod = wireForm(await api.readNamespacedPod({ name, namespace }));
  } catch (e) {
    throw clusterError(`pods "${name}"`, e);
  }
  const note = cluster.note !== undefined ? `(${cluster.note})\n` : '';
  return (
    note + whyPod({ ...pod, apiVersion: 'v1', kind: 'Pod' }, cluster.version).join('\n') + '\n'
  );
}

/** `sidecarctl why POD` (also `kubectl sidecar why POD`). */
export function registerWhy(program: Command): void {
  program
    .command('why')
    .summary('explain where a live pod is in the sidecar lifecycle and what it waits for')
    .description(
      'Read one pod from the cluster of your kubeconfig (or from a file of\n' +
        'kubectl get pod -o yaml) and say, in a few sentences, which container gates the\n' +
        'next, what back-off runs and until when, why a Job does not complete, and why\n' +
        'the pod is not Ready, with the kubelet rules sidecarctl simulates.',
    )
    .argument('[pod]', 'pod name')
    .option('-n, --namespace <ns>', "the pod's namespace (default: the context's)")
    .option(FILENAME_FLAGS, FILENAME_HELP, collectPaths)
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context')
    .option('--k8s-version <X.Y>', "version to model (default: the server's; 1.33 for files)")
    .option('--feature-gates <Name=bool,...>', 'feature gate overrides')
    .action(
      action(async (name: string | undefined, opts: WhyOptions) => {
        await writeOut(await explain(name, opts));
        return 0;
      }),
    );
}
