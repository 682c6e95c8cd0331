/**
 * The Scenario document: how each container of a simulated pod behaves and what happens to the
 * pod. It may sit in the same YAML stream as the pod or in its own file. docs/scenario.md
 * describes every field and default; SCENARIO_SCHEMA (schemas/scenario.schema.json) checks the
 * shape, and the Parser below reads the meaning: durations, fields that exclude each other, the
 * Kubernetes version. Times are kept in seconds.
 */
import { SidecarError } from '../errors.js';
import { formatPath, type PathSegment } from '../manifest/field-path.js';
import { isRecord, locateField, type ManifestObject } from '../manifest/objects.js';
import type { HookKind, ProbeKind } from '../lifecycle/events.js';
import { parseVersion } from '../model/versions.js';
import { parseDuration } from '../model/duration.js';
import { firstSchemaProblem, type SchemaProblem } from '../manifest/schema-check.js';
import { SCENARIO_SCHEMA } from './scenario-schema.js';

export const SCENARIO_API_VERSION = 'sidecarctl.io/v1alpha1';
export const SCENARIO_KIND = 'Scenario';
export const DEFAULT_UNTIL_SECONDS = 600;
/**
 * The longest simulated time: one day. A crash-looping container restarts every 5 minutes at
 * most (the kubelet's MaxContainerBackOff), so a day is ~300 restarts; a year would be a
 * million events and gigabytes of output, and dates past 2^53 ms do not exist.
 */
export const MAX_UNTIL_SECONDS = 86_400;

/** Probe answers by time since this start: pass in [passFrom, failFrom). */
export interface ProbeScript {
  readonly passFrom: number;
  /** null: never fails once passing. */
  readonly failFrom: number | null;
}

export interface HookScript {
  readonly takes: number;
  readonly exitCode: number;
}

/** Reaction to SIGTERM: exit after a while with a code, or ignore it (only SIGKILL stops it). */
export type TermScript =
  | { readonly ignore: true }
  | { readonly ignore: false; readonly exitAfter: number; readonly exitCode: number };

/** The behaviour of one start of a container. */
export interface RunScript {
  /** Exits on its own this long after the start; null: runs until signalled. */
  readonly exitAfter: number | null;
  readonly exitCode: number;
  readonly probes: Readonly<Partial<Record<ProbeKind, ProbeScript>>>;
  readonly hooks: Readonly<Partial<Record<HookKind, HookScript>>>;
  readonly onTerm: TermScript;
}

/** Whether pulls of an image fail: until a time of the pod (seconds), or forever (null). */
export interface ImagePullScript {
  readonly failsUntil: number | null;
}

export interface ContainerScript {
  /** One entry per start; the last one repeats. */
  readonly runs: readonly RunScript[];
  /** Pulls of the image the pod spec gives this container; absent: it pulls at once. */
  readonly image?: ImagePullScript;
}

export type ScenarioEvent =
  | {
      readonly at: number;
      readonly type: 'delete';
      /** null: the pod's own terminationGracePeriodSeconds. */
      readonly gracePeriodSeconds: number | null;
    }
  | {
      readonly at: number;
      /** A pod update of `spec.(init)Containers[*].image`. */
      readonly type: 'setImage';
      readonly container: string;
      readonly image: string;
      /** Pulls of the new image; null: it pulls at once. */
      readonly pull: ImagePullScript | null;
    };

export interface Scenario {
  readonly name: string;
  /** The file it came from ('' when built in code). */
  readonly file: string;
  readonly pod: string | null;
  readonly k8sVersion: string | null;
  /** End of simulated time, seconds. */
  readonly until: number;
  readonly containers: Readonly<Record<string, ContainerScript>>;
  readonly events: readonly ScenarioEvent[];
  /** The document, for error positions; null when built in code. */
  readonly object: ManifestObject | null;
}

/** The default behaviour of a start: runs until signalled, exits 0 at once on SIGTERM. */
export const DEFAULT_RUN: RunScript = {
  exitAfter: null,
  exitCode: 0,
  probes: {},
  hooks: {},
  onTerm: { ignore: false, exitAfter: 0, exitCode: 0 },
};

/**
 * The default start of a regular init container: it exits 0 at once. Init containers are
 * run-to-completion by definition, so a pod with an ordinary init container is not reported stuck
 * in Init. A sidecar whose restartPolicy the version drops (1.25-1.27, 1.28 with the gate off) is
 * not one of them: its process does not exit, which is why such a pod hangs in Init.
 */
export const DEFAULT_INIT_RUN: RunScript = { ...DEFAULT_RUN, exitAfter: 0 };

/** Why an end of simulated time is refused. */
export function untilTooLong(seconds: number): string {
  return `${String(seconds)}s is longer than sidecarctl simulates (at most ${String(MAX_UNTIL_SECONDS)}s, one day): a pod's lifecycle shows within minutes; shorten until`;
}

/** Whether an input object is a Scenario. */
export function isScenarioObject(obj: ManifestObject): boolean {
  return obj.kind === SCENARIO_KIND && obj.apiVersion.startsWith('sidecarctl.io/');
}

/** Parses and validates a Scenario object of the input. */
export function parseScenario(obj: ManifestObject): Scenario {
  return new Parser(obj.document.file, obj).scenario(obj.value);
}

/** Parses a Scenario given as a plain value (no positions in errors). */
export function parseScenarioValue(value: unknown, file = ''): Scenario {
  return new Parser(file, null).scenario(value);
}

/** A Scenario document as SCENARIO_SCHEMA lets it be: the shapes the Parser can rely on. */
type Duration = string | number;
interface PullDoc {
  readonly pullFails?: boolean;
  readonly pullFailsUntil?: Duration;
}
interface RunDoc {
  readonly exitAfter?: Duration;
  readonly exitCode?: number;
  readonly probes?: Partial<Record<ProbeKind, { passFrom?: Duration; failFrom?: Duration }>>;
  readonly hooks?: Partial<Record<HookKind, { takes?: Duration; exitCode?: number }>>;
  readonly onTerm?: { exitAfter?: Duration; exitCode?: number; ignore?: boolean };
}
interface ContainerDoc {
  readonly runs?: readonly (RunDoc | null)[] | null;
  readonly image?: PullDoc | null;
}
interface EventDoc {
  readonly at: Duration;
  readonly delete?: { gracePeriodSeconds?: number } | null;
  readonly setImage?: PullDoc & { container: string; image: string };
}
interface ScenarioDoc {
  readonly spec?: {
    readonly pod?: string;
    readonly k8sVersion?: string | number;
    readonly until?: Duration;
    readonly containers?: Readonly<Record<string, ContainerDoc | null>> | null;
    readonly events?: readonly EventDoc[] | null;
  };
}

const DURATION_HELP = 'use plain seconds or a ms, s or m suffix (e.g. 2s, 500ms, 1m)';

/**
 * The wording of a schema problem: sidecarctl's own where it has one (by field, with container
 * names as `*` and list indexes as `[]`), else by keyword.
 */
const WORDING: Readonly<Record<string, (value: unknown) => string>> = {
  apiVersion: (v) => `must be "${SCENARIO_API_VERSION}", got ${JSON.stringify(v ?? null)}`,
  kind: () => `must be "${SCENARIO_KIND}"`,
  'spec.pod': () => 'must be a pod or workload name',
  'spec.k8sVersion': () => 'must be a version string such as "1.29"',
  'spec.containers': () => 'must be a mapping of container name to behaviour',
  'spec.containers.*.runs': () => 'must be a non-empty list (one entry per start)',
  'spec.events': () => 'must be a list',
  'spec.events[].at': () => 'required: when the event happens (e.g. 20s)',
  'spec.events[].setImage.container': () =>
    'required: the name of the container whose image changes',
  'spec.events[].setImage.image': () => 'required: the new image',
  'spec.events[].delete.gracePeriodSeconds': (v) =>
    `must be a non-negative integer, got ${JSON.stringify(v)}`,
};

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let at = root;
  for (const seg of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string | number, unknown>)[seg];
  }
  return at;
}

function wordingOf(p: SchemaProblem, root: unknown): string {
  const value = valueAt(root, p.path);
  if (p.schemaPath.startsWith('#/definitions/duration/'))
    return `invalid duration ${JSON.stringify(value)}: ${DURATION_HELP}`;
  if (p.schemaPath.startsWith('#/definitions/exitCode/'))
    return `invalid exit code ${JSON.stringify(value)}: must be an integer from 0 to 255`;
  if (p.keyword === 'additionalProperties') {
    const props = (p.parentSchema as { properties?: object } | null)?.properties ?? {};
    return `unknown field (expected one of: ${Object.keys(props).join(', ')})`;
  }
  const field = p.path
    .map((s, i) => (typeof s === 'number' ? '[]' : i === 2 && p.path[1] === 'containers' ? '*' : s))
    .join('.')
    .replace(/\.\[\]/g, '[]');
  const own = WORDING[field];
  if (own !== undefined) return own(value);
  if (p.keyword === 'type') {
    const type = p.params['type'];
    const types = Array.isArray(type) ? type : [type];
    if (types.includes('object')) return 'must be a mapping';
    if (types.includes('array')) return 'must be a list';
    if (types.includes('boolean')) return 'must be true or false';
  }
  return p.message;
}

/** The semantic reading of a Scenario whose shape SCENARIO_SCHEMA has checked. */
class Parser {
  readonly file: string;
  readonly obj: ManifestObject | null;
  name = '';

  constructor(file: string, obj: ManifestObject | null) {
    this.file = file;
    this.obj = obj;
  }

  fail(path: readonly PathSegment[], why: string): never {
    const field = formatPath(path);
    const pos = this.obj !== null ? locateField(this.obj, path) : null;
    const what = this.name !== '' ? `scenario ${this.name}` : 'scenario';
    throw new SidecarError(
      'SIDECAR_E_SCENARIO',
      `${what}: ${field === '' ? '' : `${field}: `}${why}`,
      {
        ...(this.file !== '' ? { file: this.file } : {}),
        ...(pos !== null ? { line: pos.line, column: pos.column } : {}),
        ...(field !== '' ? { field } : {}),
      },
    );
  }

  duration(v: Duration, path: readonly PathSegment[]): number {
    const d = parseDuration(v);
    if (d === null) this.fail(path, `invalid duration ${JSON.stringify(v)}: ${DURATION_HELP}`);
    return d;
  }

  scenario(value: unknown): Scenario {
    const md = isRecord(value) ? value['metadata'] : undefined;
    if (isRecord(md) && typeof md['name'] === 'string') this.name = md['name'];
    const problem = firstSchemaProblem(value, SCENARIO_SCHEMA);
    if (problem !== null) this.fail(problem.path, wordingOf(problem, value));
    const spec = (value as ScenarioDoc).spec ?? {};
    let k8sVersion: string | null = null;
    if (spec.k8sVersion !== undefined) {
      try {
        k8sVersion = parseVersion(String(spec.k8sVersion));
      } catch (e) {
        this.fail(['spec', 'k8sVersion'], e instanceof Error ? e.message : String(e));
      }
    }
    const until =
      spec.until === undefined
        ? DEFAULT_UNTIL_SECONDS
        : this.duration(spec.until, ['spec', 'until']);
    if (until > MAX_UNTIL_SECONDS) this.fail(['spec', 'until'], untilTooLong(until));
    const containers: Record<string, ContainerScript> = {};
    for (const [name, c] of Object.entries(spec.containers ?? {}))
      containers[name] = this.container(c ?? {}, ['spec', 'containers', name]);
    const events = (spec.events ?? []).map((e, i) => this.event(e, ['spec', 'events', i]));
    events.sort((a, b) => a.at - b.at);
    return {
      name: this.name,
      file: this.file,
      pod: spec.pod ?? null,
      k8sVersion,
      until,
      containers,
      events,
      object: this.obj,
    };
  }

  container(c: ContainerDoc, path: readonly PathSegment[]): ContainerScript {
    const image = c.image == null ? null : this.pull(c.image, [...path, 'image']);
    const runs =
      c.runs == null
        ? [DEFAULT_RUN]
        : c.runs.map((r, i) => this.run(r ?? {}, [...path, 'runs', i]));
    return image === null ? { runs } : { runs, image };
  }

  /** `pullFails: true` or `pullFailsUntil: DURATION` of a mapping (null when neither is set). */
  pull(r: PullDoc, path: readonly PathSegment[]): ImagePullScript | null {
    if (r.pullFails === true && r.pullFailsUntil !== undefined) {
      this.fail(
        [...path, 'pullFailsUntil'],
        'cannot be combined with pullFails: true (pulls that always fail)',
      );
    }
    if (r.pullFails === true) return { failsUntil: null };
    if (r.pullFailsUntil !== undefined)
      return { failsUntil: this.duration(r.pullFailsUntil, [...path, 'pullFailsUntil']) };
    return null;
  }

  run(r: RunDoc, path: readonly PathSegment[]): RunScript {
    const exitAfter =
      r.exitAfter === undefined ? null : this.duration(r.exitAfter, [...path, 'exitAfter']);
    const probes: Partial<Record<ProbeKind, ProbeScript>> = {};
    for (const kind of ['startup', 'readiness', 'liveness'] as const) {
      const p = r.probes?.[kind];
      if (p === undefined) continue;
      const pp = [...path, 'probes', kind];
      probes[kind] = {
        passFrom: p.passFrom === undefined ? 0 : this.duration(p.passFrom, [...pp, 'passFrom']),
        failFrom: p.failFrom === undefined ? null : this.duration(p.failFrom, [...pp, 'failFrom']),
      };
    }
    const hooks: Partial<Record<HookKind, HookScript>> = {};
    for (const kind of ['postStart', 'preStop'] as const) {
      const h = r.hooks?.[kind];
      if (h === undefined) continue;
      const hp = [...path, 'hooks', kind];
      hooks[kind] = {
        takes: h.takes === undefined ? 0 : this.duration(h.takes, [...hp, 'takes']),
        exitCode: h.exitCode ?? 0,
      };
    }
    let onTerm: TermScript = DEFAULT_RUN.onTerm;
    const t = r.onTerm;
    if (t !== undefined) {
      const tp = [...path, 'onTerm'];
      if (t.ignore === true) {
        if (t.exitAfter !== undefined || t.exitCode !== undefined)
          this.fail(
            [...tp, 'ignore'],
            'ignore: true cannot be combined with exitAfter or exitCode',
          );
        onTerm = { ignore: true };
      } else {
        onTerm = {
          ignore: false,
          exitAfter:
            t.exitAfter === undefined ? 0 : this.duration(t.exitAfter, [...tp, 'exitAfter']),
          exitCode: t.exitCode ?? 0,
        };
      }
    }
    return { exitAfter, exitCode: r.exitCode ?? 0, probes, hooks, onTerm };
  }

  event(e: EventDoc, path: readonly PathSegment[]): ScenarioEvent {
    const at = this.duration(e.at, [...path, 'at']);
    if (e.delete !== undefined && e.setImage !== undefined)
      this.fail([...path, 'setImage'], 'one action per event: delete or setImage');
    if (e.setImage !== undefined) {
      const si = e.setImage;
      return {
        at,
        type: 'setImage',
        container: si.container,
        image: si.image,
        pull: this.pull(si, [...path, 'setImage']),
      };
    }
    if (e.delete === undefined) this.fail(path, 'needs an action: delete or setImage');
    return { at, type: 'delete', gracePeriodSeconds: e.delete?.gracePeriodSeconds ?? null };
  }
}
