import type { Command } from 'commander';
import { deletePods, listPods, notFound } from '../../runtime/pod-store.js';
import { stateDirectory } from '../../runtime/state-dir.js';
import { action, usageError, writeOut } from '../common.js';

interface DeleteOptions {
  all?: boolean;
  namespace?: string;
  stateDir?: string;
}

const HELP = `Delete pods \`sidecarctl run\` ran, as kubectl delete pod does, and remove what
they left in the state directory (logs, events, status, volumes).

A running pod is deleted gracefully, as kubectl does: its run gets SIGTERM (as on
Ctrl-C: preStop hooks, the grace period, sidecars last) and delete waits for it to
end. A pod whose run also runs other pods is refused unless they are deleted
together (--all, or naming them all).

Exit status: 0 deleted, 1 a pod was not found, 2 bad usage.`;

/** `sidecarctl delete POD...|--all`: prunes the state directory, as `kubectl delete pod`. */
export function registerDelete(program: Command): void {
  program
    .command('delete')
    .summary('delete pods run by `sidecarctl run` and what they left behind')
    .description(HELP)
    .argument('[names...]', 'pods to delete (namespace/name, or name with -n); "pods" may lead')
    .option('--all', 'delete every pod of the namespace')
    .option('-n, --namespace <ns>', 'namespace of the pods', 'default')
    .option('--state-dir <dir>', 'state directory of the runs (default $XDG_STATE_HOME/sidecarctl)')
    .action(
      action(async (args: string[], opts: DeleteOptions) => {
        const names = ['pods', 'pod', 'po'].includes(args[0] ?? '') ? args.slice(1) : args;
        if (opts.all === true && names.length > 0)
          throw usageError('names cannot be provided when --all is specified');
        if (opts.all !== true && names.length === 0)
          throw usageError('resource(s) were provided, but no name was specified (or use --all)');
        const stateDir = stateDirectory(opts.stateDir);
        const ns = opts.namespace ?? 'default';
        const known = listPods(stateDir);
        const chosen =
          opts.all === true
            ? known.filter((p) => p.record.namespace === ns)
            : names.flatMap((n) => {
                const [pns, name] = n.includes('/') ? n.split('/', 2) : [ns, n];
                const p = known.find((k) => k.record.namespace === pns && k.record.name === name);
                if (p === undefined) {
                  process.stderr.write(`sidecarctl: ${notFound(n, stateDir).message}\n`);
                  return [];
                }
                return [p];
              });
        const deleted = await deletePods(stateDir, chosen);
        await writeOut(deleted.map((d) => `pod "${d.pod.record.name}" deleted\n`).join(''));
        if (opts.all === true && deleted.length === 0)
          process.stderr.write(`No resources found in ${ns} namespace.\n`);
        return chosen.length < names.length ? 1 : 0;
      }),
    );
}
