/**
 * The library behind `sidecarctl simulate`: from a loaded input to the pod's lifecycle on each
 * asked version, with the exit outcome of each. It picks the pod and its Scenario, resolves the
 * versions and runs the simulator; the command only reads flags and prints.
 */
import { SidecarError, createError } from '../errors.js';
import { loadInputs, requireWhole, type LoadedInput } from '../manifest/load.js';
import { isRecord, type ManifestObject } from '../manifest/objects.js';
import { displayValue } from '../model/record.js';
import {
  podTemplatesOf,
  selectTemplates,
  templateList,
  type PodTemplate,
} from '../manifest/pod-templates.js';
import {
  DEFAULT_VERSION,
  parseFeatureGates,
  resolveVersions,
  type VersionInfo,
} from '../model/versions.js';
import { outcomeOf, type ViewOutcome } from '../timeline/outcome.js';
import { simulate } from './driver.js';
import { isScenarioObject, MAX_UNTIL_SECONDS, untilTooLong, type Scenario } from './scenario.js';
import { findScenario, podForScenario, scenariosOf } from './scenario-select.js';

export interface SimulateInputOptions {
  /** The pod or workload to simulate when the input has several (`--pod`). */
  readonly pod?: string | undefined;
  /** A file holding the Scenario (`--scenario`); default: the Scenarios among the input objects. */
  readonly scenarioFile?: string | undefined;
  /** The version (`--k8s-version`). @default the Scenario's spec.k8sVersion, else the newest */
  readonly k8sVersion?: string | undefined;
  /** `--compare-versions` as written: two or more versions, comma-separated. */
  readonly compareVersions?: string | undefined;
  /** `--feature-gates` as written; with compareVersions, each version takes the gates it has. */
  readonly featureGates?: string | undefined;
  /** End of simulated time in seconds. @default the Scenario's spec.until, else 600 */
  readonly until?: number | undefined;
  /** Record every probe run, not only failures and changes. */
  readonly allProbeResults?: boolean | undefined;
  /** What the user should know about how a version is simulated (one line each). */
  readonly onNote?: ((message: string) => void) | undefined;
}

/**
 * Simulates the input's pod on each asked version, in the order asked.
 * @throws SidecarError SIDECAR_E_PARSE, _SCENARIO, _NO_POD, _USAGE, _VERSION or _FEATURE_GATE
 */
export function simulateInput(input: LoadedInput, opts: SimulateInputOptions = {}): ViewOutcome[] {
  requireWhole(input, 'SIDECAR_E_PARSE');
  if (opts.until !== undefined && opts.until > MAX_UNTIL_SECONDS)
    throw new SidecarError('SIDECAR_E_USAGE', `invalid --until: ${untilTooLong(opts.until)}`);
  const scenarioObjects =
    opts.scenarioFile !== undefined ? loadScenarioFile(opts.scenarioFile) : input.objects;
  const { template, scenario } = pickPod(input.objects, scenarioObjects, opts.pod);
  const versions = versionsFor(opts, scenario);
  return versions.map((version) => {
    const note = droppedSidecarNote(template, version);
    if (note !== null) opts.onNote?.(note);
    const view = simulate(template, scenario, version, {
      ...(opts.until !== undefined ? { until: opts.until } : {}),
      ...(opts.allProbeResults === true ? { allProbeResults: true } : {}),
    });
    return { view, outcome: outcomeOf(view, template.isJob) };
  });
}

/** The objects of a --scenario file; it must hold at least one Scenario. */
function loadScenarioFile(file: string): readonly ManifestObject[] {
  const loaded = requireWhole(loadInputs([file]), 'SIDECAR_E_SCENARIO');
  const objects = loaded.objects.filter(isScenarioObject);
  if (objects.length === 0) {
    throw new SidecarError(
      'SIDECAR_E_SCENARIO',
      `no Scenario document (apiVersion sidecarctl.io/v1alpha1, kind Scenario) in ${file}`,
      { file },
    );
  }
  return objects;
}

/**
 * The pod to simulate and its scenario: the one `pod` names, else the only pod of the input,
 * else the one of the Scenario's spec.pod (when the scenario source holds exactly one Scenario).
 */
export function pickPod(
  objects: readonly ManifestObject[],
  scenarioObjects: readonly ManifestObject[],
  pod: string | undefined,
): { template: PodTemplate; scenario: Scenario | undefined } {
  const templates = selectTemplates(podTemplatesOf(objects), pod);
  let template = templates[0]!;
  if (templates.length > 1) {
    const all = scenariosOf(scenarioObjects);
    if (all.length !== 1)
      throw createError('SIDECAR_E_NO_POD', 'several', [templates.length, templateList(templates)]);
    template = podForScenario(templates, all[0]!);
  }
  return { template, scenario: findScenario(scenarioObjects, template) };
}

/** The versions to simulate: the compared ones, else --k8s-version, the Scenario's, or the newest. */
function versionsFor(opts: SimulateInputOptions, scenario: Scenario | undefined): VersionInfo[] {
  const gates = opts.featureGates === undefined ? {} : parseFeatureGates(opts.featureGates);
  if (opts.compareVersions === undefined)
    return resolveVersions([opts.k8sVersion ?? scenario?.k8sVersion ?? DEFAULT_VERSION], gates);
  const list = opts.compareVersions
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (list.length < 2)
    throw new SidecarError(
      'SIDECAR_E_USAGE',
      `--compare-versions needs at least two versions, e.g. 1.27,1.28,1.29 (got "${opts.compareVersions}")`,
    );
  return resolveVersions(list, gates);
}

/**
 * On a version without native sidecars a pod that declares them is simulated as a lenient
 * client sends it: restartPolicy dropped (1.28 gate off: by the server; 1.25-1.27: by the
 * decoder, for clients that send no fieldValidation), so the sidecar is an init container that
 * never exits. kubectl itself would be refused on 1.25-1.27: say which case this is.
 */
function droppedSidecarNote(template: PodTemplate, version: VersionInfo): string | null {
  if (version.sidecars) return null;
  const spec = isRecord(template.spec) ? template.spec : {};
  const inits = Array.isArray(spec['initContainers']) ? spec['initContainers'] : [];
  const names = inits
    .filter((c) => isRecord(c) && c['restartPolicy'] === 'Always')
    .map((c) => displayValue((c as Record<string, unknown>)['name']));
  if (names.length === 0) return null;
  const how = version.containerRestartPolicyField
    ? 'the SidecarContainers gate is off, so the API server drops restartPolicy'
    : 'kubectl would reject restartPolicy as an unknown field; this simulates a client that sends no fieldValidation (Helm, Argo CD, client-go), which gets it dropped';
  const what =
    names.length === 1
      ? 'runs as an ordinary init container that never exits'
      : 'run as ordinary init containers that never exit';
  return `Kubernetes ${version.version} has no native sidecars: ${how}, and ${names.join(', ')} ${what}`;
}
