import { Command, InvalidArgumentError } from 'commander';
import {
  chooseContainer,
  followLog,
  logFileFor,
  readPodRecord,
  renderLog,
} from '../../runtime/logs.js';
import { podDirectory, stateDirectory } from '../../runtime/state-dir.js';
import { readFileSync } from 'node:fs';
import { action, writeOut } from '../common.js';

interface LogsOptions {
  container?: string;
  previous?: boolean;
  follow?: boolean;
  tail?: number;
  timestamps?: boolean;
  namespace?: string;
  stateDir?: string;
}

function tailLines(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('must be an integer');
  return n;
}

/** `sidecarctl logs`: the logs `sidecarctl run` kept, read like `kubectl logs`. */
export function registerLogs(program: Command): void {
  program
    .command('logs')
    .summary('print the logs of a container of a pod run by `sidecarctl run`')
    .description(
      'Print the logs of a container of a pod run by `sidecarctl run`, during the run or after it, like\n' +
        'kubectl logs. Without -c: the container named by the kubectl.kubernetes.io/default-container\n' +
        'annotation, else the first regular container.',
    )
    .argument('<pod>', 'pod name (or namespace/name)')
    .option('-c, --container <name>', 'print the logs of this container')
    .option('-p, --previous', 'print the logs of the previous instance of the container')
    .option('-f, --follow', 'stream the logs until the container instance ends')
    .option('--tail <n>', 'lines of recent log to show (-1: all)', tailLines)
    .option('--timestamps', 'include the time of each line')
    .option('-n, --namespace <ns>', 'namespace of the pod', 'default')
    .option('--state-dir <dir>', 'state directory of the runs (default $XDG_STATE_HOME/sidecarctl)')
    .action(
      action(async (pod: string, opts: LogsOptions) => {
        const [ns, name] = pod.includes('/')
          ? (pod.split('/', 2) as [string, string])
          : [opts.namespace ?? 'default', pod];
        const podDir = podDirectory(stateDirectory(opts.stateDir), ns, name);
        const record = readPodRecord(podDir, name);
        const chosen = chooseContainer(record, opts.container);
        if (chosen.notice !== undefined) process.stderr.write(`${chosen.notice}\n`);
        const file = logFileFor(podDir, record, chosen.name, opts.previous === true);
        const timestamps = opts.timestamps === true;
        const content = readFileSync(file, 'utf8');
        await writeOut(renderLog(content, opts.tail, timestamps));
        if (opts.follow === true && opts.previous !== true) {
          const complete = Buffer.byteLength(content.slice(0, content.lastIndexOf('\n') + 1));
          await followLog(file, record, timestamps, complete, writeOut);
        }
        return 0;
      }),
    );
}
