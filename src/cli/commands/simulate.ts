import type { Command } from 'commander';
import { loadInputs, withNamespace } from '../../manifest/load.js';
import { writeFileAtomic } from '../../rewrite/atomic-write.js';
import { DEFAULT_UNTIL_SECONDS } from '../../simulate/scenario.js';
import { simulateInput } from '../../simulate/simulate-input.js';
import { renderJsonLines } from '../../timeline/render-json.js';
import { renderVersions, renderView, VIEW_FORMATS, type ViewFormat } from '../../ui/render.js';
import {
  action,
  addCommonOptions,
  durationOption,
  inputPaths,
  reportOutcomes,
  usageError,
  writeOut,
  type CommonOptions,
  collectPaths,
  FILENAME_FLAGS,
  FILENAME_HELP,
} from '../common.js';

interface SimulateOptions extends CommonOptions {
  scenario?: string;
  pod?: string;
  events?: string;
  compareVersions?: string;
  until?: string;
  allProbeResults?: boolean;
}

const HELP = `Simulate a pod's life with the kubelet's rules on a virtual clock: init
containers in order, native sidecars (started = running, postStart done and
startupProbe passed), regular containers, probes, restarts with crash-loop
back-off, Job completion and ordered termination.

The pod comes from PATH... (files, folders, or - for stdin; any pod-bearing
kind); --pod picks one when there are several (else the Scenario's spec.pod).
Container behaviour comes from a Scenario (apiVersion sidecarctl.io/v1alpha1,
kind Scenario) in the same stream or in --scenario FILE; without one, regular
init containers complete at once, every other container runs until signalled,
and every probe passes (docs/scenario.md).
Version: --k8s-version, else the Scenario's spec.k8sVersion, else the newest.
End of simulated time: --until, else the Scenario's spec.until, else ${String(DEFAULT_UNTIL_SECONDS)}s.

Output (-o):
  text  the event timeline (T, CONTAINER, EVENT, DETAIL), then the status as
        \`kubectl get pod\` prints it (NAME READY STATUS RESTARTS AGE)
  json  {"events":[...],"status":{PodStatus}}
  svg   a Gantt chart, one lane per container (self-contained, deterministic)
  html  the chart, the timeline and the status in one page
--events FILE writes the JSON Lines event stream to FILE (atomically);
--events - writes it to stdout instead of the -o output (one version only).

--compare-versions 1.27,1.28,1.29 runs the pod and scenario on each version
and starts with the first moment where their event streams differ (leaving
out the sandbox condition, named PodHasNetwork or PodReadyToStartContainers
by version). json: {"versions":[{"k8sVersion","events","status"}],
"firstDifference":{"t","events":{"<version>":[...]}} or null}.
--feature-gates entries apply to the compared versions that have the gate.

Exit status:
  0  the pod ended Succeeded; or it is Running at the end (except a Job's
     pod); or the scenario deleted it and it did not end Failed
  1  the pod ended Failed, deleted or not (sidecar exit codes never count);
     or it is still Pending at the end (never got past initialisation); or
     it is a Job's pod still Running at the end (it never completed).
     A line on stderr says which. --compare-versions: 1 if any version is 1.
  2  bad usage, unreadable input, or a malformed Scenario (one line naming
     the file, line and field)`;

export function registerSimulate(program: Command): void {
  const cmd = program
    .command('simulate')
    .summary(
      'predict a pod lifecycle (start order, probes, restarts, termination) on a virtual clock',
    )
    .description(HELP)
    .argument('[paths...]', 'files, folders, or - for stdin')
    .option(FILENAME_FLAGS, FILENAME_HELP, collectPaths)
    .option('-n, --namespace <ns>', 'namespace of the objects that have none (as kubectl -n)')
    .option('--scenario <file>', 'a file holding the Scenario (instead of one in the input stream)')
    .option('--pod <name>', 'the pod or workload to simulate when the input has several')
    .option('--events <file|->', 'write the JSON Lines event stream to a file, or - for stdout')
    .option(
      '--compare-versions <X.Y,...>',
      'simulate on each version and show where they first differ',
    )
    .option('--until <duration>', 'end of simulated time (e.g. 90s, 5m, 1500ms)')
    .option('--all-probe-results', 'record every probe run, not only failures and changes');
  addCommonOptions(cmd, VIEW_FORMATS, 'text');
  cmd.action(
    action(async (paths: string[], opts: SimulateOptions) => {
      checkFlags(opts, cmd.getOptionValueSource('output') === 'cli');
      const until =
        opts.until === undefined
          ? undefined
          : durationOption('--until', opts.until, '90s, 5m or 1500ms', { zero: false });
      const runs = simulateInput(
        withNamespace(loadInputs(inputPaths(paths, opts.filename)), opts.namespace),
        {
          pod: opts.pod,
          scenarioFile: opts.scenario,
          k8sVersion: opts.k8sVersion,
          compareVersions: opts.compareVersions,
          featureGates: opts.featureGates,
          until,
          allProbeResults: opts.allProbeResults,
          onNote: (note) => process.stderr.write(`sidecarctl: note: ${note}\n`),
        },
      );
      const views = runs.map((r) => r.view);
      const format = (opts.output ?? 'text') as ViewFormat;
      if (opts.events !== undefined && opts.events !== '-')
        writeFileAtomic(opts.events, renderJsonLines(views[0]!.events));
      if (opts.events === '-') await writeOut(renderJsonLines(views[0]!.events));
      else if (views.length > 1) await writeOut(renderVersions(views, format));
      else await writeOut(renderView(views[0]!, format));
      return reportOutcomes('simulate', runs, (v) =>
        views.length > 1 ? `Kubernetes ${v.k8sVersion}: ` : '',
      );
    }),
  );
}

/** The flag combinations that cannot work together, refused before any input is read. */
function checkFlags(opts: SimulateOptions, outputExplicit: boolean): void {
  if (opts.events === '-' && outputExplicit)
    throw usageError('--events - and -o both write to stdout: give --events a file, or drop -o');
  if (opts.k8sVersion !== undefined && opts.compareVersions !== undefined)
    throw usageError(
      '--k8s-version and --compare-versions both choose the version: give one of them',
    );
  if (opts.events !== undefined && opts.compareVersions !== undefined)
    throw usageError(
      '--events takes the stream of one version: drop --compare-versions, or run once per version',
    );
}
