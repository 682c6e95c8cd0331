/**
 * The Scenario document (DESIGN.md, "Scenario"): how each container of a simulated pod behaves
 * and what happens to the pod. It may sit in the same YAML stream as the pod or in its own file.
 *
 * ```yaml
 * apiVersion: sidecarctl.io/v1alpha1
 * kind: Scenario
 * metadata: {name: job-with-proxy}
 * spec:
 *   pod: web            # which pod (or workload); may be omitted when there is one
 *   k8sVersion: "1.29"  # optional; --k8s-version wins
 *   until: 300s         # end of simulated time; default 600s
 *   containers: {NAME: {runs: [{exitAfter, exitCode, probes, hooks, onTerm}], image: {...}}}
 *   events: [{at: 20s, delete: {gracePeriodSeconds: 10}}]
 * ```
 * Durations are `ms`, `s` or `m` suffixed, or plain seconds. Times here are kept in seconds.
 *
 * Images (added; a scenario without them means what it always meant: every image pulls at once):
 *
 * ```yaml
 *   containers:
 *     proxy:
 *       image: {pullFails: true}        # the image the pod gives it can never be pulled
 *     migrate:
 *       image: {pullFailsUntil: 30s}    # pulls fail before 30 s of pod time, then succeed
 *   events:
 *   - {at: 40s, setImage: {container: app, image: "app:v2"}}   # a pod update of its image
 *   - {at: 50s, setImage: {container: init, image: "bad:tag", pullFails: true}}
 * ```
 * A failed pull is ErrImagePull then ImagePullBackOff, with the kubelet's image back-off (see
 * src/lifecycle/image-pull.ts). `pullFails`/`pullFailsUntil` on a setImage event describe the
 * new image (default: it pulls). What a pod update does is src/lifecycle/image-update.ts.
 */
import { SidecarError } from '../errors.js';
import { formatPath, type PathSegment } from '../manifest/field-path.js';
import { isRecord, locateField, type ManifestObject } from '../manifest/objects.js';
import type { PodTemplate } from '../manifest/pod-templates.js';
import type { HookKind, ProbeKind } from '../lifecycle/events.js';
import { parseVersion } from '../model/versions.js';
import { parseDuration } from '../model/duration.js';

export const SCENARIO_API_VERSION = 'sidecarctl.io/v1alpha1';
export const SCENARIO_KIND = 'Scenario';
export const DEFAULT_UNTIL_SECONDS = 600;
const PULL_FIELDS = ['pullFails', 'pullFailsUntil'] as const;

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

  record(
    v: unknown,
    path: readonly PathSegment[],
    allowed: readonly string[],
  ): Record<string, unknown> {
    if (!isRecord(v)) this.fail(path, 'must be a mapping');
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k))
        this.fail([...path, k], `unknown field (expected one of: ${allowed.join(', ')})`);
    }
    return v;
  }

  duration(v: unknown, path: readonly PathSegment[]): number {
    const d = parseDuration(v);
    if (d === null) {
      this.fail(
        path,
        `invalid duration ${JSON.stringify(v)}: use plain seconds or a ms, s or m suffix (e.g. 2s, 500ms, 1m)`,
      );
    }
    return d;
  }

  exitCode(v: unknown, path: readonly PathSegment[]): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) {
      this.fail(path, `invalid exit code ${JSON.stringify(v)}: must be an integer from 0 to 255`);
    }
    return v;
  }

  scenario(value: unknown): Scenario {
    const root = this.record(value, [], ['apiVersion', 'kind', 'metadata', 'spec']);
    const md = root['metadata'];
    if (isRecord(md) && typeof md['name'] === 'string') this.name = md['name'];
    if (root['apiVersion'] !== SCENARIO_API_VERSION) {
      this.fail(
        ['apiVersion'],
        `must be "${SCENARIO_API_VERSION}", got ${JSON.stringify(root['apiVersion'] ?? null)}`,
      );
    }
    if (root['kind'] !== SCENARIO_KIND) this.fail(['kind'], `must be "${SCENARIO_KIND}"`);
    const specPath = ['spec'];
    const spec =
      root['spec'] === undefined
        ? {}
        : this.record(root['spec'], specPath, [
            'pod',
            'k8sVersion',
            'until',
            'containers',
            'events',
          ]);
    let pod: string | null = null;
    if (spec['pod'] !== undefined) {
      if (typeof spec['pod'] !== 'string' || spec['pod'] === '')
        this.fail(['spec', 'pod'], 'must be a pod or workload name');
      pod = spec['pod'];
    }
    let k8sVersion: string | null = null;
    if (spec['k8sVersion'] !== undefined) {
      const v = spec['k8sVersion'];
      const text = typeof v === 'number' ? String(v) : v;
      if (typeof text !== 'string')
        this.fail(['spec', 'k8sVersion'], 'must be a version string such as "1.29"');
      try {
        k8sVersion = parseVersion(text);
      } catch (e) {
        this.fail(['spec', 'k8sVersion'], e instanceof Error ? e.message : String(e));
      }
    }
    const until =
      spec['until'] === undefined
        ? DEFAULT_UNTIL_SECONDS
        : this.duration(spec['until'], ['spec', 'until']);
    const containers: Record<string, ContainerScript> = {};
    if (spec['containers'] !== undefined && spec['containers'] !== null) {
      const cs = spec['containers'];
      if (!isRecord(cs))
        this.fail(['spec', 'containers'], 'must be a mapping of container name to behaviour');
      for (const [name, v] of Object.entries(cs))
        containers[name] = this.container(v, ['spec', 'containers', name]);
    }
    const events: ScenarioEvent[] = [];
    if (spec['events'] !== undefined && spec['events'] !== null) {
      const es = spec['events'];
      if (!Array.isArray(es)) this.fail(['spec', 'events'], 'must be a list');
      es.forEach((e: unknown, i: number) => events.push(this.event(e, ['spec', 'events', i])));
    }
    events.sort((a, b) => a.at - b.at);
    return {
      name: this.name,
      file: this.file,
      pod,
      k8sVersion,
      until,
      containers,
      events,
      object: this.obj,
    };
  }

  container(v: unknown, path: readonly PathSegment[]): ContainerScript {
    const c = this.record(v ?? {}, path, ['runs', 'image']);
    const image =
      c['image'] === undefined || c['image'] === null
        ? null
        : this.pull(this.record(c['image'], [...path, 'image'], PULL_FIELDS), [...path, 'image']);
    const runs = c['runs'];
    let list: RunScript[] = [DEFAULT_RUN];
    if (runs !== undefined && runs !== null) {
      if (!Array.isArray(runs) || runs.length === 0)
        this.fail([...path, 'runs'], 'must be a non-empty list (one entry per start)');
      list = runs.map((r: unknown, i: number) => this.run(r, [...path, 'runs', i]));
    }
    return image === null ? { runs: list } : { runs: list, image };
  }

  /** `pullFails: true` or `pullFailsUntil: DURATION` of a mapping (null when neither is set). */
  pull(r: Record<string, unknown>, path: readonly PathSegment[]): ImagePullScript | null {
    const fails = r['pullFails'];
    const until = r['pullFailsUntil'];
    if (fails !== undefined && typeof fails !== 'boolean')
      this.fail([...path, 'pullFails'], 'must be true or false');
    if (fails === true && until !== undefined) {
      this.fail(
        [...path, 'pullFailsUntil'],
        'cannot be combined with pullFails: true (pulls that always fail)',
      );
    }
    if (fails === true) return { failsUntil: null };
    if (until !== undefined)
      return { failsUntil: this.duration(until, [...path, 'pullFailsUntil']) };
    return null;
  }

  run(v: unknown, path: readonly PathSegment[]): RunScript {
    const r = this.record(v ?? {}, path, ['exitAfter', 'exitCode', 'probes', 'hooks', 'onTerm']);
    const exitAfter =
      r['exitAfter'] === undefined ? null : this.duration(r['exitAfter'], [...path, 'exitAfter']);
    const exitCode =
      r['exitCode'] === undefined ? 0 : this.exitCode(r['exitCode'], [...path, 'exitCode']);
    const probes: Partial<Record<ProbeKind, ProbeScript>> = {};
    if (r['probes'] !== undefined) {
      const ps = this.record(
        r['probes'],
        [...path, 'probes'],
        ['startup', 'readiness', 'liveness'],
      );
      for (const kind of ['startup', 'readiness', 'liveness'] as const) {
        if (ps[kind] === undefined) continue;
        const pp = [...path, 'probes', kind];
        const p = this.record(ps[kind], pp, ['passFrom', 'failFrom']);
        const passFrom =
          p['passFrom'] === undefined ? 0 : this.duration(p['passFrom'], [...pp, 'passFrom']);
        const failFrom =
          p['failFrom'] === undefined ? null : this.duration(p['failFrom'], [...pp, 'failFrom']);
        probes[kind] = { passFrom, failFrom };
      }
    }
    const hooks: Partial<Record<HookKind, HookScript>> = {};
    if (r['hooks'] !== undefined) {
      const hs = this.record(r['hooks'], [...path, 'hooks'], ['postStart', 'preStop']);
      for (const kind of ['postStart', 'preStop'] as const) {
        if (hs[kind] === undefined) continue;
        const hp = [...path, 'hooks', kind];
        const h = this.record(hs[kind], hp, ['takes', 'exitCode']);
        hooks[kind] = {
          takes: h['takes'] === undefined ? 0 : this.duration(h['takes'], [...hp, 'takes']),
          exitCode:
            h['exitCode'] === undefined ? 0 : this.exitCode(h['exitCode'], [...hp, 'exitCode']),
        };
      }
    }
    let onTerm: TermScript = DEFAULT_RUN.onTerm;
    if (r['onTerm'] !== undefined) {
      const tp = [...path, 'onTerm'];
      const t = this.record(r['onTerm'], tp, ['exitAfter', 'exitCode', 'ignore']);
      if (t['ignore'] !== undefined && typeof t['ignore'] !== 'boolean')
        this.fail([...tp, 'ignore'], 'must be true or false');
      if (t['ignore'] === true) {
        if (t['exitAfter'] !== undefined || t['exitCode'] !== undefined) {
          this.fail(
            [...tp, 'ignore'],
            'ignore: true cannot be combined with exitAfter or exitCode',
          );
        }
        onTerm = { ignore: true };
      } else {
        onTerm = {
          ignore: false,
          exitAfter:
            t['exitAfter'] === undefined ? 0 : this.duration(t['exitAfter'], [...tp, 'exitAfter']),
          exitCode:
            t['exitCode'] === undefined ? 0 : this.exitCode(t['exitCode'], [...tp, 'exitCode']),
        };
      }
    }
    return { exitAfter, exitCode, probes, hooks, onTerm };
  }

  event(v: unknown, path: readonly PathSegment[]): ScenarioEvent {
    const e = this.record(v, path, ['at', 'delete', 'setImage']);
    if (e['at'] === undefined)
      this.fail([...path, 'at'], 'required: when the event happens (e.g. 20s)');
    const at = this.duration(e['at'], [...path, 'at']);
    if (e['delete'] !== undefined && e['setImage'] !== undefined)
      this.fail([...path, 'setImage'], 'one action per event: delete or setImage');
    if (e['setImage'] !== undefined) {
      const sp = [...path, 'setImage'];
      const si = this.record(e['setImage'], sp, ['container', 'image', ...PULL_FIELDS]);
      if (typeof si['container'] !== 'string' || si['container'] === '')
        this.fail([...sp, 'container'], 'required: the name of the container whose image changes');
      if (typeof si['image'] !== 'string' || si['image'] === '')
        this.fail([...sp, 'image'], 'required: the new image');
      return {
        at,
        type: 'setImage',
        container: si['container'],
        image: si['image'],
        pull: this.pull(si, sp),
      };
    }
    if (e['delete'] === undefined) this.fail(path, 'needs an action: delete or setImage');
    const d =
      e['delete'] === null
        ? {}
        : this.record(e['delete'], [...path, 'delete'], ['gracePeriodSeconds']);
    let grace: number | null = null;
    if (d['gracePeriodSeconds'] !== undefined) {
      const g = d['gracePeriodSeconds'];
      if (typeof g !== 'number' || !Number.isInteger(g) || g < 0) {
        this.fail(
          [...path, 'delete', 'gracePeriodSeconds'],
          `must be a non-negative integer, got ${JSON.stringify(g)}`,
        );
      }
      grace = g;
    }
    return { at, type: 'delete', gracePeriodSeconds: grace };
  }
}

/** Every Scenario among the input objects, parsed (the first malformed one throws). */
export function scenariosOf(objects: readonly ManifestObject[]): Scenario[] {
  return objects.filter(isScenarioObject).map(parseScenario);
}

/** The name a scenario's `spec.pod` is matched against: the object's, or its template's. */
function templateNames(t: PodTemplate): string[] {
  const names = [t.object.name];
  const md = t.podMetadata['name'];
  if (typeof md === 'string' && md !== '' && md !== t.object.name) names.push(md);
  return names;
}

/**
 * The Scenario for a pod among the input objects: the one whose `spec.pod` names it, else the
 * one without `spec.pod`; undefined when there is none.
 */
export function findScenario(
  objects: readonly ManifestObject[],
  template: PodTemplate,
): Scenario | undefined {
  const all = scenariosOf(objects);
  const names = templateNames(template);
  return (
    all.find((s) => s.pod !== null && names.includes(s.pod)) ?? all.find((s) => s.pod === null)
  );
}

/**
 * The pod a scenario is about: the template named by `spec.pod`, or the only one.
 * @throws SidecarError SIDECAR_E_NO_POD when it names none, or is ambiguous
 */
export function podForScenario(templates: readonly PodTemplate[], scenario: Scenario): PodTemplate {
  if (scenario.pod !== null) {
    const t = templates.find((x) => templateNames(x).includes(scenario.pod!));
    if (t === undefined) {
      throw new SidecarError(
        'SIDECAR_E_NO_POD',
        `scenario ${scenario.name}: no pod or workload named "${scenario.pod}" in the input`,
        {
          ...(scenario.file !== '' ? { file: scenario.file } : {}),
          field: 'spec.pod',
        },
      );
    }
    return t;
  }
  const only = templates[0];
  if (templates.length !== 1 || only === undefined) {
    throw new SidecarError(
      'SIDECAR_E_NO_POD',
      `scenario ${scenario.name}: the input has ${String(templates.length)} pods; name one with spec.pod`,
      { ...(scenario.file !== '' ? { file: scenario.file } : {}), field: 'spec.pod' },
    );
  }
  return only;
}

/**
 * Checks that every container a scenario scripts exists in the pod.
 * @throws SidecarError SIDECAR_E_SCENARIO naming the field
 */
export function checkScenarioContainers(
  scenario: Scenario,
  containerNames: readonly string[],
): void {
  const named: [string, PathSegment[]][] = Object.keys(scenario.containers).map((name) => [
    name,
    ['spec', 'containers', name],
  ]);
  scenario.events.forEach((e, i) => {
    if (e.type === 'setImage')
      named.push([e.container, ['spec', 'events', i, 'setImage', 'container']]);
  });
  for (const [name, path] of named) {
    if (containerNames.includes(name)) continue;
    const pos = scenario.object !== null ? locateField(scenario.object, path) : null;
    throw new SidecarError(
      'SIDECAR_E_SCENARIO',
      `scenario ${scenario.name}: ${formatPath(path)}: the pod has no container "${name}" (it has: ${containerNames.join(', ')})`,
      {
        ...(scenario.file !== '' ? { file: scenario.file } : {}),
        ...(pos !== null ? { line: pos.line, column: pos.column } : {}),
        field: formatPath(path),
      },
    );
  }
}
