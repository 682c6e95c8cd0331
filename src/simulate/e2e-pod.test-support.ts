/**
 * Builds a pod and its Scenario from the vocabulary of the kubelet's e2e tests
 * (reference/kubelet-e2e-cases.md 0.2, the `ExecCommand` script: StartDelay, Delay,
 * TerminationSeconds, ExitCode), runs it through `simulate` and answers the questions those
 * tests ask of the container logs ("A starts before B", "restarted", "exits before").
 * Used by the e2e-case tests and handy for writing new ones.
 */
import { fromText } from '../manifest/load.js';
import { podTemplateOf } from '../manifest/pod-templates.js';
import type { PodEvent } from '../lifecycle/events.js';
import type { ContainerStatus, PodStatus } from '../lifecycle/status.js';
import { parseVersion, resolveVersion } from '../model/versions.js';
import { simulate } from './driver.js';
import { parseScenarioValue } from './scenario.js';

/** A probe: its spec fields and the scripted answer (default: always passes). */
export interface E2eProbe {
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly successThreshold?: number;
  readonly failureThreshold?: number;
  readonly terminationGracePeriodSeconds?: number;
  /** Answers by time since the start: pass in [passFrom, failFrom). */
  readonly passFrom?: number;
  readonly failFrom?: number;
}

export interface E2eHook {
  readonly takes: number;
  readonly exitCode?: number;
  /** The handler as written in the pod (default an exec handler). */
  readonly handler?: Readonly<Record<string, unknown>>;
}

export interface E2eContainer {
  readonly name: string;
  /** An init container: regular, or a sidecar (restartPolicy: Always). Default: a regular container. */
  readonly init?: 'regular' | 'sidecar';
  readonly startDelay?: number;
  /** Seconds it runs after StartDelay before exiting on its own; null: until signalled. */
  readonly delay?: number | null;
  readonly terminationSeconds?: number;
  readonly exitCode?: number;
  /** SIGTERM is ignored: only SIGKILL stops it. */
  readonly ignoreTerm?: boolean;
  readonly startupProbe?: E2eProbe;
  readonly livenessProbe?: E2eProbe;
  readonly readinessProbe?: E2eProbe;
  readonly postStart?: E2eHook;
  readonly preStop?: E2eHook;
  /** Raw scenario runs, replacing what the fields above give (e.g. a different first run). */
  readonly runs?: readonly Record<string, unknown>[];
  /** The image in the pod spec (default busybox). */
  readonly image?: string;
  /** Its image cannot be pulled: ever (true), or before this time of the pod (s). */
  readonly pullFails?: true | number;
}

/** A pod update of a container's image at a time (s); `pullFails`: the new image never pulls. */
export interface E2eSetImage {
  readonly at: number;
  readonly container: string;
  readonly image: string;
  readonly pullFails?: true;
}

export interface E2ePod {
  readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  readonly terminationGracePeriodSeconds?: number;
  readonly activeDeadlineSeconds?: number;
  readonly containers: readonly E2eContainer[];
  /** Delete the pod at this time (s), with this grace (default: the pod's). */
  readonly deleteAt?: number;
  readonly deleteGrace?: number;
  readonly setImage?: readonly E2eSetImage[];
  readonly until?: number;
  readonly version?: string;
  readonly featureGates?: Readonly<Record<string, boolean>>;
}

function probeSpec(p: E2eProbe): Record<string, unknown> {
  const out: Record<string, unknown> = { exec: { command: ['probe'] } };
  for (const k of [
    'initialDelaySeconds',
    'periodSeconds',
    'timeoutSeconds',
    'successThreshold',
    'failureThreshold',
    'terminationGracePeriodSeconds',
  ] as const) {
    if (p[k] !== undefined) out[k] = p[k];
  }
  return out;
}

function containerSpec(c: E2eContainer): Record<string, unknown> {
  const out: Record<string, unknown> = { name: c.name, image: c.image ?? 'busybox' };
  if (c.init === 'sidecar') out['restartPolicy'] = 'Always';
  if (c.startupProbe !== undefined) out['startupProbe'] = probeSpec(c.startupProbe);
  if (c.livenessProbe !== undefined) out['livenessProbe'] = probeSpec(c.livenessProbe);
  if (c.readinessProbe !== undefined) out['readinessProbe'] = probeSpec(c.readinessProbe);
  const lifecycle: Record<string, unknown> = {};
  if (c.postStart !== undefined)
    lifecycle['postStart'] = c.postStart.handler ?? { exec: { command: ['hook'] } };
  if (c.preStop !== undefined)
    lifecycle['preStop'] = c.preStop.handler ?? { exec: { command: ['hook'] } };
  if (Object.keys(lifecycle).length > 0) out['lifecycle'] = lifecycle;
  return out;
}

function runOf(c: E2eContainer): Record<string, unknown> {
  const run: Record<string, unknown> = {};
  const delay = c.delay === undefined ? null : c.delay;
  if (delay !== null) run['exitAfter'] = (c.startDelay ?? 0) + delay;
  run['exitCode'] = c.exitCode ?? 0;
  run['onTerm'] =
    c.ignoreTerm === true
      ? { ignore: true }
      : { exitAfter: c.terminationSeconds ?? 0, exitCode: c.exitCode ?? 0 };
  const probes: Record<string, unknown> = {};
  for (const [k, p] of [
    ['startup', c.startupProbe],
    ['liveness', c.livenessProbe],
    ['readiness', c.readinessProbe],
  ] as const) {
    if (p === undefined) continue;
    probes[k] = {
      ...(p.passFrom !== undefined ? { passFrom: p.passFrom } : {}),
      ...(p.failFrom !== undefined ? { failFrom: p.failFrom } : {}),
    };
  }
  run['probes'] = probes;
  const hooks: Record<string, unknown> = {};
  if (c.postStart !== undefined)
    hooks['postStart'] = { takes: c.postStart.takes, exitCode: c.postStart.exitCode ?? 0 };
  if (c.preStop !== undefined)
    hooks['preStop'] = { takes: c.preStop.takes, exitCode: c.preStop.exitCode ?? 0 };
  run['hooks'] = hooks;
  return run;
}

/** The pod manifest and the Scenario document of an e2e-style pod. */
export function e2eDocuments(p: E2ePod): {
  pod: Record<string, unknown>;
  scenario: Record<string, unknown>;
} {
  const spec: Record<string, unknown> = {
    restartPolicy: p.restartPolicy ?? 'Always',
    initContainers: p.containers.filter((c) => c.init !== undefined).map(containerSpec),
    containers: p.containers.filter((c) => c.init === undefined).map(containerSpec),
  };
  if (p.terminationGracePeriodSeconds !== undefined)
    spec['terminationGracePeriodSeconds'] = p.terminationGracePeriodSeconds;
  if (p.activeDeadlineSeconds !== undefined)
    spec['activeDeadlineSeconds'] = p.activeDeadlineSeconds;
  const containers: Record<string, unknown> = {};
  for (const c of p.containers) {
    containers[c.name] = {
      runs: c.runs ?? [runOf(c)],
      ...(c.pullFails === undefined
        ? {}
        : {
            image: c.pullFails === true ? { pullFails: true } : { pullFailsUntil: c.pullFails },
          }),
    };
  }
  const events: Record<string, unknown>[] = (p.setImage ?? []).map((u) => ({
    at: u.at,
    setImage: {
      container: u.container,
      image: u.image,
      ...(u.pullFails === true ? { pullFails: true } : {}),
    },
  }));
  if (p.deleteAt !== undefined) {
    events.push({
      at: p.deleteAt,
      delete: p.deleteGrace === undefined ? {} : { gracePeriodSeconds: p.deleteGrace },
    });
  }
  return {
    pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'e2e', namespace: 'default' }, spec },
    scenario: {
      apiVersion: 'sidecarctl.io/v1alpha1',
      kind: 'Scenario',
      metadata: { name: 'e2e' },
      spec: { until: p.until ?? 600, containers, events },
    },
  };
}

/** The outcome of a simulated e2e pod, with the questions the e2e tests ask. */
export class E2eRun {
  readonly events: readonly PodEvent[];
  readonly status: PodStatus;

  constructor(events: readonly PodEvent[], status: PodStatus) {
    this.events = events;
    this.status = status;
  }

  /** Positions in the event stream of a container's events of a type (stream order = causal order). */
  private positions(
    type: PodEvent['type'],
    container: string,
    extra?: (e: PodEvent) => boolean,
  ): number[] {
    const out: number[] = [];
    this.events.forEach((e, i) => {
      if (
        e.type === type &&
        'container' in e &&
        e.container === container &&
        (extra === undefined || extra(e))
      )
        out.push(i);
    });
    return out;
  }

  starts(c: string): number[] {
    return this.positions('ContainerStarted', c);
  }

  exits(c: string): number[] {
    return this.positions('ContainerExited', c);
  }

  hookStarts(c: string, hook: 'postStart' | 'preStop'): number[] {
    return this.positions('HookStarted', c, (e) => e.type === 'HookStarted' && e.hook === hook);
  }

  hookEnds(c: string, hook: 'postStart' | 'preStop'): number[] {
    return this.positions('HookFinished', c, (e) => e.type === 'HookFinished' && e.hook === hook);
  }

  signals(c: string, signal?: 'SIGTERM' | 'SIGKILL'): number[] {
    return this.positions(
      'ContainerKilling',
      c,
      (e) => e.type === 'ContainerKilling' && (signal === undefined || e.signal === signal),
    );
  }

  /** Image pull failures of a container, by reason (ErrImagePull, ImagePullBackOff). */
  pullFailures(c: string, reason?: 'ErrImagePull' | 'ImagePullBackOff'): number[] {
    return this.positions(
      'ImagePullFailed',
      c,
      (e) => e.type === 'ImagePullFailed' && (reason === undefined || e.reason === reason),
    );
  }

  probeRuns(c: string, probe: 'startup' | 'liveness' | 'readiness'): number[] {
    return this.positions('ProbeResult', c, (e) => e.type === 'ProbeResult' && e.probe === probe);
  }

  /** Time (s) of the event at a position. */
  t(position: number | undefined): number {
    if (position === undefined) throw new Error('no such event');
    return this.events[position]!.t;
  }

  started(c: string): boolean {
    return this.starts(c).length > 0;
  }

  /** The n-th start of a (0: first). */
  start(c: string, n = 0): number {
    const p = this.starts(c)[n];
    if (p === undefined) throw new Error(`${c} has no start #${String(n)}`);
    return p;
  }

  exit(c: string, n = 0): number {
    const p = this.exits(c)[n];
    if (p === undefined) throw new Error(`${c} has no exit #${String(n)}`);
    return p;
  }

  exitCodes(c: string): number[] {
    return this.exits(c).map((i) => {
      const e = this.events[i]!;
      return e.type === 'ContainerExited' ? e.exitCode : NaN;
    });
  }

  /** Running intervals [start, exit) as stream positions (open intervals end at Infinity). */
  intervals(c: string): [number, number][] {
    const s = this.starts(c);
    const x = this.exits(c);
    return s.map((p, i) => [p, x[i] ?? Infinity]);
  }

  /** Whether some running interval of a overlaps one of b. */
  overlap(a: string, b: string): boolean {
    return this.intervals(a).some(([s1, e1]) =>
      this.intervals(b).some(([s2, e2]) => s1 < e2 && s2 < e1),
    );
  }

  containerStatus(c: string): ContainerStatus {
    const all = [...(this.status.initContainerStatuses ?? []), ...this.status.containerStatuses];
    const s = all.find((x) => x.name === c);
    if (s === undefined) throw new Error(`no status for ${c}`);
    return s;
  }

  phases(): string[] {
    return this.events.flatMap((e) => (e.type === 'PodPhase' ? [e.phase] : []));
  }

  /** The time the last container stopped (the pod is gone), or null. */
  lastExitT(): number | null {
    const xs = this.events.filter((e) => e.type === 'ContainerExited');
    return xs.length === 0 ? null : xs[xs.length - 1]!.t;
  }
}

/** Simulates an e2e-style pod. */
export function runE2e(p: E2ePod): E2eRun {
  const docs = e2eDocuments(p);
  const input = fromText(JSON.stringify(docs.pod), 'e2e.yaml');
  const template = podTemplateOf(input.objects[0]!)!;
  const scenario = parseScenarioValue(docs.scenario, 'e2e-scenario.yaml');
  const version = resolveVersion(parseVersion(p.version ?? '1.33'), p.featureGates ?? {});
  const r = simulate(template, scenario, version, { allProbeResults: true });
  return new E2eRun(r.events, r.status);
}
