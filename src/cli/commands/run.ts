import { Option, type Command } from 'commander';
import { loadInputs, requireWhole, withNamespace } from '../../manifest/load.js';
import { podTemplatesOf, selectTemplates } from '../../manifest/pod-templates.js';
import { parseImageMap } from '../../runtime/command.js';
import type { ContainerEngine } from '../../runtime/engine/types.js';
import { openEngine, runtimeOption } from '../../runtime/engine/open.js';
import {
  detectCapabilities,
  knownCapabilities,
  type IsolationCapabilities,
} from '../../runtime/isolation/host.js';
import { spareSandbox, type SpareSandbox } from '../../runtime/isolation/spare-sandbox.js';
import type { IsolationFlag } from '../../runtime/requirements.js';
import { appendPodEvent, savePodView } from '../../runtime/pod-store.js';
import { preparePods, type PodsRun } from '../../runtime/run-pods.js';
import { ensureStateDirectory, stateDirectory } from '../../runtime/state-dir.js';
import type { ViewOutcome } from '../../timeline/outcome.js';
import { renderMergedEventTable } from '../../timeline/merge-pods.js';
import { renderPods, renderView, VIEW_FORMATS, type ViewFormat } from '../../ui/render.js';
import {
  action,
  addCommonOptions,
  collect,
  durationOption,
  inputPaths,
  reportOutcomes,
  secondsOption,
  publishOption,
  usageError,
  versionOf,
  writeOut,
  type CommonOptions,
  collectPaths,
  FILENAME_FLAGS,
  FILENAME_HELP,
} from '../common.js';
import { RunStreams } from '../run-streams.js';

interface RunOptions extends CommonOptions {
  pod?: string;
  deleteAfter?: string;
  gracePeriod?: string;
  stateDir?: string;
  isolation?: IsolationFlag;
  events?: string;
  publish?: string[];
  image?: string[];
  runtime?: string;
}

const HELP = `Run every pod (or pod template) of the input on this machine, each container as a
host process, with the kubelet's lifecycle (the same engine as \`simulate\`): init
containers in order, native sidecars, probes and hooks for real, restarts with
back-off, Job completion, ordered termination.

A container runs its command/args (Kubernetes rules, $(VAR) expansion); one without
command needs --image IMAGE=ENTRYPOINT. With --runtime podman (or docker), each container
is a container of its real image instead, in one engine pod (containers share
localhost): the image's entrypoint and cmd under command/args, volumes bind-mounted,
imagePullPolicy, limits and securityContext as a node applies them; every engine object
is labelled io.sidecarctl.run and removed when the run ends, even on SIGKILL. Isolation (--isolation, default auto): each pod
gets its own network namespace (containers share localhost; the host reaches a port
only through --publish), each container its own mount and PID namespaces with its
volumes at their mountPath; as root or as an ordinary user (user namespaces).

Output: text prints "container | line" and the status changes; -o json prints
{"events":[...],"status":{PodStatus}} at the end ({"pods":[...]} for several pods);
-o svg and -o html draw the run as simulate does (several pods: one chart each, on
one time axis).
--events FILE|- writes the JSON Lines event stream as it happens (- : to stdout, the
container lines then go to stderr). Logs are kept under the state directory
(sidecarctl logs POD -c CONTAINER).

Ctrl-C or SIGTERM deletes the pods gracefully; a second Ctrl-C kills them at once.

Exit status: 0 every pod Succeeded or was deleted as asked, 1 a pod Failed,
2 bad usage, unreadable input, or a pod this machine cannot run.`;

export function registerRun(program: Command): void {
  const cmd = program
    .command('run')
    .summary('run pods locally as host processes with the kubelet lifecycle, in real namespaces')
    .description(HELP)
    .argument('[paths...]', 'files, folders, or - for stdin')
    .option(FILENAME_FLAGS, FILENAME_HELP, collectPaths)
    .option('-n, --namespace <ns>', 'namespace of the objects that have none (as kubectl -n)')
    .option('--pod <name>', 'run only this pod or workload of the input')
    .option('--delete-after <duration>', 'delete the pods after this long (e.g. 30s, 2m)')
    .option('--grace-period <seconds>', "grace period of the deletes (default: the pod's)")
    .option('--state-dir <dir>', 'where logs and volumes go (default $XDG_STATE_HOME/sidecarctl)')
    .option(
      '--runtime <runtime>',
      'container runtime: process (host processes), podman or docker (real images); default $SIDECARCTL_RUNTIME or process',
    )
    .addOption(
      new Option('--isolation <mode>', 'pod boundary')
        .choices(['auto', 'pod', 'process'])
        .default('auto'),
    )
    .option('--events <file|->', 'write the JSON Lines event stream to a file, or - for stdout')
    .option(
      '--publish <hostPort:containerPort>',
      'make a container port reachable on 127.0.0.1 (repeatable)',
      collect,
    )
    .option(
      '--image <image=entrypoint>',
      'run this host command for containers of this image without command (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    );
  addCommonOptions(cmd, VIEW_FORMATS, 'text');
  cmd.action(action(runAction));
}

async function runAction(paths: string[], opts: RunOptions): Promise<number> {
  // The one-time namespace probe (~10-30 ms) runs while the input is read and checked, and so
  // does the making of a pod sandbox.
  const capsProbe = detectCapabilities();
  const runtime = runtimeOption(opts.runtime);
  // The engine's check runs while the input is read too; its failure is said before anything starts.
  const engineProbe = runtime === 'process' ? undefined : openEngine(runtime);
  engineProbe?.catch(() => undefined);
  // A pod sandbox of our own is only for the process runtime (an engine makes its own pod).
  const spare = spareSandbox(
    knownCapabilities(),
    runtime === 'process' && opts.isolation !== 'process',
  );
  try {
    return await runPods(paths, opts, { capsProbe, spare, engineProbe });
  } finally {
    spare.close();
  }
}

/** What `run` started before it read its input: the isolation probe, a spare sandbox, the engine's check. */
interface EarlyStarts {
  readonly capsProbe: Promise<IsolationCapabilities>;
  readonly spare: SpareSandbox;
  readonly engineProbe: Promise<ContainerEngine> | undefined;
}

async function runPods(
  paths: string[],
  opts: RunOptions,
  { capsProbe, spare, engineProbe }: EarlyStarts,
): Promise<number> {
  const version = versionOf(opts);
  const images = parseImageMap(opts.image ?? []);
  const publish = publishOption(opts.publish ?? []);
  const deleteAfter =
    opts.deleteAfter === undefined
      ? undefined
      : durationOption('--delete-after', opts.deleteAfter, '30s, 2m or 1500ms', { zero: true });
  const grace =
    opts.gracePeriod === undefined ? undefined : secondsOption('--grace-period', opts.gracePeriod);
  const input = withNamespace(
    requireWhole(loadInputs(inputPaths(paths, opts.filename)), 'SIDECAR_E_PARSE'),
    opts.namespace,
  );
  const templates = selectTemplates(podTemplatesOf(input.objects), opts.pod);
  if (publish.length > 0 && templates.length > 1)
    throw usageError('--publish needs one pod: choose it with --pod');

  // An unusable state directory is one clear line, before anything is prepared.
  const stateDir = ensureStateDirectory(stateDirectory(opts.stateDir));
  const format = (opts.output ?? 'text') as ViewFormat;
  // No engine reachable: one line, before anything starts.
  const engine = await engineProbe;
  const out = new RunStreams(opts.events, format, templates.length > 1);
  const pods = preparePods({
    engine,
    allowPrivileged: process.env['SIDECARCTL_ALLOW_PRIVILEGED'] === '1',
    templates,
    objects: input.objects,
    version,
    images,
    stateDir,
    isolation: opts.isolation,
    caps: await capsProbe,
    spare,
    publish,
    onPlaced: (ownNetwork) => out.open(ownNetwork),
    onWarning: (w) => process.stderr.write(`sidecarctl: warning: ${w}\n`),
    onEvent: (e) => {
      appendPodEvent(stateDir, e); // for `sidecarctl get` while the pod runs
      out.event(e);
    },
    onLine: (pod, container, line) => out.line(pod, container, line),
  });
  const results = await runUntilDone(pods, deleteAfter, grace, () => out.close());
  const views = results.map((r) => r.view);
  for (const v of views) savePodView(stateDir, v);
  if (format !== 'text')
    await writeOut(views.length > 1 ? renderPods(views, format) : renderView(views[0]!, format));
  // Several pods: their events as one timeline in time order (the live lines are interleaved with
  // the containers' output). Then the final status as `kubectl get pods` shows it.
  else if (opts.events !== '-') {
    const merged = views.length > 1 ? `\n${renderMergedEventTable(views)}\n` : '';
    out.lineOut.write(`${merged}\n${renderPods(views, 'text')}`);
  }
  return reportOutcomes('run', results);
}

/**
 * Runs the pods with Ctrl-C/SIGTERM deleting them (a second one kills them) and --delete-after;
 * `done` runs however the run ends.
 */
async function runUntilDone(
  pods: PodsRun,
  deleteAfter: number | undefined,
  grace: number | undefined,
  done: () => Promise<void>,
): Promise<ViewOutcome[]> {
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('sidecarctl: run: deleting (Ctrl-C again to kill at once)\n');
      pods.delete(grace);
    } else {
      pods.killNow();
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const timer =
    deleteAfter === undefined ? null : setTimeout(() => pods.delete(grace), deleteAfter * 1000);
  try {
    return await pods.run();
  } finally {
    if (timer !== null) clearTimeout(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await done();
  }
}
