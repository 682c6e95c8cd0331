import { Command, Option } from 'commander';
import { listPods, storedPodRow, type StoredPod } from '../../runtime/pod-store.js';
import { stateDirectory } from '../../runtime/state-dir.js';
import { formatTable } from '../../timeline/pod-row.js';
import { action, usageError, writeOut } from '../common.js';

interface GetOptions {
  output?: string;
  namespace?: string;
  allNamespaces?: boolean;
  stateDir?: string;
}

const HELP = `List the pods \`sidecarctl run\` ran or runs, from the state directory, as
kubectl get pods does: NAME READY STATUS RESTARTS AGE. A running pod's status is
rebuilt from its events; a pod whose run was killed shows Unknown.

-o wide adds the namespace, the pid of the run and the pod's directory; -o json
prints a v1 List of Pods (metadata and status).`;

function jsonOf(pods: readonly StoredPod[]): string {
  const items = pods.map((p) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.record.name,
      namespace: p.record.namespace,
      uid: p.record.uid,
      creationTimestamp: p.record.startedAt,
    },
    status: p.view?.status ?? { phase: 'Unknown' },
  }));
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items, metadata: {} }, null, 2) + '\n';
}

/** `sidecarctl get [pods]`: the pods of the state directory, as `kubectl get pods`. */
export function registerGet(program: Command): void {
  program
    .command('get')
    .summary('list the pods run by `sidecarctl run`, as kubectl get pods')
    .description(HELP)
    .argument('[resource]', 'pods (the only kind)', 'pods')
    .argument('[names...]', 'only these pods')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['wide', 'json']))
    .option('-n, --namespace <ns>', 'namespace of the pods', 'default')
    .option('-A, --all-namespaces', 'pods of every namespace')
    .option('--state-dir <dir>', 'state directory of the runs (default $XDG_STATE_HOME/sidecarctl)')
    .action(
      action(async (resource: string, names: string[], opts: GetOptions) => {
        if (!['pods', 'pod', 'po'].includes(resource))
          throw usageError(`the server doesn't have a resource type "${resource}" (only pods)`);
        const stateDir = stateDirectory(opts.stateDir);
        const ns = opts.allNamespaces === true ? undefined : opts.namespace;
        let pods = listPods(stateDir, ns);
        let code = 0;
        if (names.length > 0) {
          for (const n of names.filter((n) => !pods.some((p) => p.record.name === n))) {
            process.stderr.write(
              `Error from state directory (NotFound): pods "${n}" not found (in ${stateDir})\n`,
            );
            code = 1;
          }
          pods = pods.filter((p) => names.includes(p.record.name));
        }
        if (opts.output === 'json') {
          await writeOut(jsonOf(pods));
          return code;
        }
        if (pods.length === 0) {
          if (code === 0)
            process.stderr.write(
              ns === undefined
                ? 'No resources found\n'
                : `No resources found in ${ns} namespace.\n`,
            );
          return code;
        }
        const now = Date.now();
        const wide = opts.output === 'wide';
        const header = [
          ...(ns === undefined ? ['NAMESPACE'] : []),
          'NAME',
          'READY',
          'STATUS',
          'RESTARTS',
          'AGE',
          ...(wide ? ['PID', 'DIRECTORY'] : []),
        ];
        const rows = pods.map((p) => {
          const r = storedPodRow(p, now);
          return [
            ...(ns === undefined ? [p.record.namespace] : []),
            r.name,
            r.ready,
            r.status,
            r.restarts,
            r.age,
            ...(wide ? [p.running ? String(p.record.runtimePid) : '-', p.dir] : []),
          ];
        });
        await writeOut(`${formatTable(header, rows)}\n`);
        return code;
      }),
    );
}
