import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { SidecarError } from '../../errors.js';
import { loadInputs, type LoadedInput } from '../../manifest/load.js';
import type { ManifestObject } from '../../manifest/objects.js';
import { podTemplateOf, type PodTemplate } from '../../manifest/pod-templates.js';
import { classifyContainers } from '../../model/containers.js';
import {
  DEFAULT_VERSION,
  parseFeatureGates,
  parseVersion,
  resolveVersion,
  type VersionInfo,
} from '../../model/versions.js';
import {
  describeDifference,
  firstDifference,
  renderCompareJson,
  renderCompareText,
} from '../../timeline/compare.js';
import { simulate } from '../../simulate/driver.js';
import { outcomeOf } from '../../timeline/outcome.js';
import { renderHtml, renderHtmlCompare } from '../../timeline/render-html.js';
import { renderJson, renderJsonLines } from '../../timeline/render-json.js';
import { renderSvg, renderSvgCompare } from '../../timeline/render-svg.js';
import { renderText } from '../../timeline/render-text.js';
import type { PodRunView } from '../../timeline/view.js';
import {
  DEFAULT_UNTIL_SECONDS,
  findScenario,
  isScenarioObject,
  podForScenario,
  scenariosOf,
  type Scenario,
} from '../../simulate/scenario.js';
import { parseDuration } from '../../model/duration.js';
import { action, addCommonOptions, writeOut, type CommonOptions } from '../common.js';

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
kind Scenario) in the same stream or in --scenario FILE; without one, every
container runs until signalled and every probe passes.
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
    .option('--scenario <file>', 'a file holding the Scenario (instead of one in the input stream)')
    .option('--pod <name>', 'the pod or workload to simulate when the input has several')
    .option('--events <file|->', 'write the JSON Lines event stream to a file, or - for stdout')
    .option(
      '--compare-versions <X.Y,...>',
      'simulate on each version and show where they first differ',
    )
    .option('--until <duration>', 'end of simulated time (e.g. 90s, 5m, 1500ms)')
    .option('--all-probe-results', 'record every probe run, not only failures and changes');
  addCommonOptions(cmd, ['text', 'json', 'svg', 'html'], 'text');
  cmd.action(
    action(async (paths: string[], opts: SimulateOptions) => {
      const outputExplicit = cmd.getOptionValueSource('output') === 'cli';
      if (opts.events === '-' && outputExplicit) {
        throw usage('--events - and -o both write to stdout: give --events a file, or drop -o');
      }
      if (opts.k8sVersion !== undefined && opts.compareVersions !== undefined) {
        throw usage(
          '--k8s-version and --compare-versions both choose the version: give one of them',
        );
      }
      if (opts.events !== undefined && opts.compareVersions !== undefined) {
        throw usage(
          '--events takes the stream of one version: drop --compare-versions, or run once per version',
        );
      }
      let until: number | undefined;
      if (opts.until !== undefined) {
        const d = parseDuration(opts.until);
        if (d === null || d <= 0)
          throw usage(
            `invalid --until "${opts.until}": expected a duration such as 90s, 5m or 1500ms`,
          );
        until = d;
      }

      const input = loadInputs(paths.length > 0 ? paths : ['-']);
      rejectSyntaxErrors(input, 'SIDECAR_E_PARSE');
      const scenarioObjects =
        opts.scenario !== undefined ? loadScenarioFile(opts.scenario) : input.objects;
      const { template, scenario } = pickPod(input, scenarioObjects, opts.pod);
      const versions = versionsFor(opts, scenario);

      const runs: { view: PodRunView; isJob: boolean }[] = versions.map((version) => {
        const result = simulate(template, scenario, version, {
          ...(until !== undefined ? { until } : {}),
          ...(opts.allProbeResults === true ? { allProbeResults: true } : {}),
        });
        return {
          isJob: template.isJob,
          view: {
            pod: result.pod,
            k8sVersion: version.version,
            containers: classifyContainers(template.spec, version)
              .filter((c) => c.kind !== 'ephemeral')
              .map((c) => ({ name: c.name, kind: c.kind })),
            events: result.events,
            status: result.status,
            until: until ?? scenario?.until ?? DEFAULT_UNTIL_SECONDS,
          },
        };
      });
      const views = runs.map((r) => r.view);

      if (opts.events !== undefined && opts.events !== '-')
        writeAtomically(opts.events, renderJsonLines(views[0]!.events));
      if (opts.events === '-') {
        await writeOut(renderJsonLines(views[0]!.events));
      } else if (views.length > 1) {
        await writeOut(renderCompare(views, opts.output ?? 'text'));
      } else {
        await writeOut(renderOne(views[0]!, opts.output ?? 'text'));
      }

      let code = 0;
      for (const r of runs) {
        const o = outcomeOf(r.view, r.isJob);
        if (o.exitCode === 0) continue;
        code = 1;
        const prefix = views.length > 1 ? `Kubernetes ${r.view.k8sVersion}: ` : '';
        process.stderr.write(`sidecarctl: simulate: ${prefix}${o.message ?? 'failed'}\n`);
      }
      return code;
    }),
  );
}

function usage(message: string): SidecarError {
  return new SidecarError('SIDECAR_E_USAGE', message);
}

function renderOne(view: PodRunView, format: string): string {
  switch (format) {
    case 'json':
      return renderJson(view);
    case 'svg':
      return renderSvg(view);
    case 'html':
      return renderHtml(view);
    default:
      return renderText(view);
  }
}

function renderCompare(views: readonly PodRunView[], format: string): string {
  switch (format) {
    case 'json':
      return renderCompareJson(views);
    case 'svg':
      return renderSvgCompare(views, describeDifference(firstDifference(views), views));
    case 'html':
      return renderHtmlCompare(views);
    default:
      return renderCompareText(views);
  }
}

/** Simulation needs its input whole: the first document that is not valid YAML stops it. */
function rejectSyntaxErrors(
  input: LoadedInput,
  code: 'SIDECAR_E_PARSE' | 'SIDECAR_E_SCENARIO',
): void {
  const bad = input.documents.find((d) => d.error !== undefined);
  if (bad?.error !== undefined) {
    throw new SidecarError(code, bad.error.message, {
      file: bad.file,
      line: bad.error.line,
      column: bad.error.column,
    });
  }
}

/** The objects of a --scenario file; it must hold at least one Scenario. */
function loadScenarioFile(file: string): readonly ManifestObject[] {
  const loaded = loadInputs([file]);
  rejectSyntaxErrors(loaded, 'SIDECAR_E_SCENARIO');
  const objects = loaded.objects.filter(isScenarioObject);
  if (objects.length === 0) {
    throw new SidecarError(
      'SIDECAR_E_SCENARIO',
      `no Scenario document (apiVersion sidecarctl.io/v1alpha1, kind Scenario) in ${file}`,
      {
        file,
      },
    );
  }
  return objects;
}

function templateNames(t: PodTemplate): string[] {
  const md = t.podMetadata['name'];
  return typeof md === 'string' && md !== '' ? [t.object.name, md] : [t.object.name];
}

/**
 * The pod to simulate and its scenario: --pod, else the scenario's spec.pod (when the scenario
 * source holds exactly one), else the only pod of the input.
 */
function pickPod(
  input: LoadedInput,
  scenarioObjects: readonly ManifestObject[],
  podName: string | undefined,
): { template: PodTemplate; scenario: Scenario | undefined } {
  const templates = input.objects
    .filter((o) => !isScenarioObject(o))
    .map(podTemplateOf)
    .filter((t): t is PodTemplate => t !== null);
  if (templates.length === 0) {
    throw new SidecarError(
      'SIDECAR_E_NO_POD',
      'the input holds no pod or pod template (Pod, Deployment, Job, ...)',
    );
  }
  const list = templates.map((t) => `${t.object.kind}/${t.object.name}`).join(', ');
  let template: PodTemplate | undefined;
  if (podName !== undefined) {
    template = templates.find((t) => templateNames(t).includes(podName));
    if (template === undefined)
      throw new SidecarError(
        'SIDECAR_E_NO_POD',
        `no pod or workload named "${podName}" in the input (it has: ${list})`,
      );
  } else if (templates.length === 1) {
    template = templates[0]!;
  } else {
    const all = scenariosOf(scenarioObjects);
    if (all.length === 1) template = podForScenario(templates, all[0]!);
    else
      throw new SidecarError(
        'SIDECAR_E_NO_POD',
        `the input holds ${String(templates.length)} pods (${list}): choose one with --pod`,
      );
  }
  return { template, scenario: findScenario(scenarioObjects, template) };
}

/** The versions to simulate, with the feature gates applied where they exist. */
function versionsFor(opts: SimulateOptions, scenario: Scenario | undefined): VersionInfo[] {
  const gates = opts.featureGates === undefined ? {} : parseFeatureGates(opts.featureGates);
  if (opts.compareVersions === undefined) {
    const v = opts.k8sVersion ?? scenario?.k8sVersion ?? undefined;
    return [resolveVersion(v === undefined ? DEFAULT_VERSION : parseVersion(v), gates)];
  }
  const list = opts.compareVersions
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (list.length < 2)
    throw usage(
      `--compare-versions needs at least two versions, e.g. 1.27,1.28,1.29 (got "${opts.compareVersions}")`,
    );
  const parsed = [...new Set(list.map(parseVersion))];
  for (const name of Object.keys(gates)) {
    if (!parsed.some((v) => name in resolveVersion(v).featureGates)) {
      // Let resolveVersion word the error for the first version.
      resolveVersion(parsed[0]!, { [name]: gates[name]! });
    }
  }
  return parsed.map((v) => {
    const known = resolveVersion(v).featureGates;
    const own = Object.fromEntries(Object.entries(gates).filter(([name]) => name in known));
    return resolveVersion(v, own);
  });
}

/** Writes a file whole or not at all: a temp file in the same folder, then a rename. */
function writeAtomically(file: string, text: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${String(process.pid)}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    const why =
      e instanceof Error
        ? e.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')
        : String(e);
    throw new SidecarError('SIDECAR_E_WRITE', `cannot write ${file}: ${why}`, {}, { cause: e });
  }
}
