/**
 * Turns an event stream (docs/events.md) into lanes of coloured states and markers,
 * the model behind the Gantt pictures (render-svg.ts). It reads only events, so a simulated run
 * and a real one (`sidecarctl run --events`) draw the same way.
 *
 * How a container's life maps to states:
 * - starting: from ContainerStarted until the container counts as started: its postStart hook
 *   finished and its startupProbe succeeded, when it has them (kubelet
 *   pkg/kubelet/kuberuntime/kuberuntime_container.go startContainer runs postStart before the
 *   start returns; reference/k8s-sidecar-semantics.md c.1);
 * - running: started, not ready; ready: between ContainerReady true and false;
 * - terminating: from the first preStop hook or signal of that instance until it exits
 *   (kuberuntime_container.go killContainer runs preStop, then stops with a grace period);
 * - backing off: from an exit until the next start when a BackOff event lies between them
 *   (CrashLoopBackOff); exited: after the last exit.
 */
import type { HookKind, PodEvent, PodPhase, ProbeKind, Signal } from '../lifecycle/events.js';
import type { ContainerKind } from '../model/containers.js';

export type LaneState = 'starting' | 'running' | 'ready' | 'terminating' | 'backoff' | 'exited';

export interface Segment {
  readonly start: number;
  readonly end: number;
  readonly state: LaneState;
  /** Short text for the bar: "ready", "back-off 10s", "exit 137 Error". */
  readonly label: string;
  /** True when the state still holds at the end of the timeline. */
  readonly open: boolean;
}

export type Marker =
  | { readonly kind: 'probe'; readonly t: number; readonly probe: ProbeKind; readonly ok: boolean }
  | {
      readonly kind: 'hook';
      readonly t: number;
      readonly end: number;
      readonly hook: HookKind;
      readonly failed: boolean;
      readonly open: boolean;
    }
  | {
      readonly kind: 'signal';
      readonly t: number;
      readonly signal: Signal;
      readonly reason: string;
    }
  | {
      readonly kind: 'exit';
      readonly t: number;
      readonly exitCode: number;
      readonly reason: string;
    }
  | { readonly kind: 'start'; readonly t: number; readonly restartCount: number };

/** A container of the pod spec, as the pictures lay them out. */
export interface LaneSpec {
  readonly name: string;
  readonly kind: ContainerKind;
}

export interface Lane extends LaneSpec {
  readonly segments: readonly Segment[];
  readonly markers: readonly Marker[];
}

export interface PhaseSpan {
  readonly start: number;
  readonly end: number;
  readonly phase: PodPhase;
}

export type PodMarker =
  | {
      readonly kind: 'condition';
      readonly t: number;
      readonly condition: string;
      readonly status: 'True' | 'False';
    }
  | { readonly kind: 'phase'; readonly t: number; readonly phase: PodPhase }
  | { readonly kind: 'delete'; readonly t: number; readonly gracePeriodSeconds: number };

export interface Timeline {
  /** One lane per container: init containers (regular and sidecars) in spec order, then regular ones. */
  readonly lanes: readonly Lane[];
  readonly phases: readonly PhaseSpan[];
  /** Intervals where the pod's Ready condition was True. */
  readonly readySpans: readonly {
    readonly start: number;
    readonly end: number;
    readonly open: boolean;
  }[];
  readonly podMarkers: readonly PodMarker[];
  /** Time of the last event. */
  readonly lastEvent: number;
  /** Right end of the timeline (>= lastEvent). */
  readonly end: number;
}

interface Instance {
  start: number;
  restartCount: number;
  exit?: { t: number; exitCode: number; reason: string };
  postStartBegun: boolean;
  postStartEnd?: number;
  startupSeen: boolean;
  startupOk?: number;
  /** Ready transitions inside this instance. */
  ready: { t: number; ready: boolean }[];
  termStart?: number;
}

/** Lane order of the pictures: init containers (sidecars among them) in spec order, then the rest. */
export function laneOrder(specs: readonly LaneSpec[]): LaneSpec[] {
  const rank = (k: ContainerKind): number =>
    k === 'init' || k === 'sidecar' ? 0 : k === 'regular' ? 1 : 2;
  return specs
    .map((s, i) => ({ s, i }))
    .sort((a, b) => rank(a.s.kind) - rank(b.s.kind) || a.i - b.i)
    .map((x) => x.s);
}

/**
 * Builds the lanes of a pod from its events.
 * @param containers - the pod's containers (from the spec); containers that appear only in
 *   events are added at the end as regular ones
 * @param end - right end of the timeline; defaults to the last event
 */
export function buildTimeline(
  events: readonly PodEvent[],
  containers: readonly LaneSpec[],
  end?: number,
): Timeline {
  const lastEvent = events.reduce((m, e) => Math.max(m, e.t), 0);
  const tEnd = Math.max(end ?? lastEvent, lastEvent);
  const specs = laneOrder(containers);
  const known = new Set(specs.map((s) => s.name));
  for (const e of events) {
    if ('container' in e && !known.has(e.container)) {
      known.add(e.container);
      specs.push({ name: e.container, kind: 'regular' });
    }
  }

  const instances = new Map<string, Instance[]>();
  const backoffs = new Map<string, { t: number; delaySeconds: number }[]>();
  // Failed image pulls (ErrImagePull, ImagePullBackOff): the container waits for its image.
  const pulls = new Map<string, number[]>();
  const markers = new Map<string, Marker[]>();
  const openHooks = new Map<string, { t: number; hook: HookKind }>();
  for (const s of specs) {
    instances.set(s.name, []);
    backoffs.set(s.name, []);
    pulls.set(s.name, []);
    markers.set(s.name, []);
  }
  const phases: PhaseSpan[] = [];
  const readySpans: { start: number; end: number; open: boolean }[] = [];
  let readySince: number | undefined;
  const podMarkers: PodMarker[] = [];

  for (const e of events) {
    switch (e.type) {
      case 'PodPhase': {
        const prev = phases[phases.length - 1];
        if (prev !== undefined) phases[phases.length - 1] = { ...prev, end: e.t };
        if (prev?.phase !== e.phase) {
          phases.push({ start: e.t, end: tEnd, phase: e.phase });
          podMarkers.push({ kind: 'phase', t: e.t, phase: e.phase });
        } else if (prev !== undefined) phases[phases.length - 1] = { ...prev, end: tEnd };
        break;
      }
      case 'PodCondition':
        podMarkers.push({ kind: 'condition', t: e.t, condition: e.condition, status: e.status });
        if (e.condition === 'Ready') {
          if (e.status === 'True' && readySince === undefined) readySince = e.t;
          else if (e.status === 'False' && readySince !== undefined) {
            readySpans.push({ start: readySince, end: e.t, open: false });
            readySince = undefined;
          }
        }
        break;
      case 'PodDeleting':
        podMarkers.push({ kind: 'delete', t: e.t, gracePeriodSeconds: e.gracePeriodSeconds });
        break;
      case 'ContainerStarted': {
        instances.get(e.container)!.push({
          start: e.t,
          restartCount: e.restartCount,
          postStartBegun: false,
          startupSeen: false,
          ready: [],
        });
        markers.get(e.container)!.push({ kind: 'start', t: e.t, restartCount: e.restartCount });
        break;
      }
      case 'ContainerExited': {
        const inst = current(instances, e.container);
        if (inst !== undefined) inst.exit = { t: e.t, exitCode: e.exitCode, reason: e.reason };
        markers
          .get(e.container)!
          .push({ kind: 'exit', t: e.t, exitCode: e.exitCode, reason: e.reason });
        closeHook(openHooks, markers, e.container, e.t, false);
        break;
      }
      case 'ContainerKilling': {
        const inst = current(instances, e.container);
        if (inst !== undefined && inst.termStart === undefined) inst.termStart = e.t;
        markers
          .get(e.container)!
          .push({ kind: 'signal', t: e.t, signal: e.signal, reason: e.reason });
        break;
      }
      case 'ProbeResult': {
        const inst = current(instances, e.container);
        if (inst !== undefined && e.probe === 'startup') {
          inst.startupSeen = true;
          if (e.result === 'Success' && inst.startupOk === undefined) inst.startupOk = e.t;
        }
        markers
          .get(e.container)!
          .push({ kind: 'probe', t: e.t, probe: e.probe, ok: e.result === 'Success' });
        break;
      }
      case 'ContainerReady': {
        const inst = current(instances, e.container);
        if (inst !== undefined && inst.exit === undefined)
          inst.ready.push({ t: e.t, ready: e.ready });
        break;
      }
      case 'BackOff':
        backoffs.get(e.container)!.push({ t: e.t, delaySeconds: e.delaySeconds });
        break;
      case 'ImagePullFailed':
        pulls.get(e.container)?.push(e.t);
        break;
      case 'HookStarted': {
        const inst = current(instances, e.container);
        if (inst !== undefined) {
          if (e.hook === 'postStart') inst.postStartBegun = true;
          else if (inst.termStart === undefined) inst.termStart = e.t;
        }
        closeHook(openHooks, markers, e.container, e.t, false);
        openHooks.set(e.container, { t: e.t, hook: e.hook });
        break;
      }
      case 'HookFinished': {
        const inst = current(instances, e.container);
        if (inst !== undefined && e.hook === 'postStart') inst.postStartEnd = e.t;
        closeHook(
          openHooks,
          markers,
          e.container,
          e.t,
          e.exitCode !== undefined && e.exitCode !== 0,
        );
        break;
      }
      default:
        break;
    }
  }
  for (const name of [...openHooks.keys()]) closeHook(openHooks, markers, name, tEnd, false, true);
  if (readySince !== undefined) readySpans.push({ start: readySince, end: tEnd, open: true });

  const lanes = specs.map((s) => ({
    ...s,
    segments: segmentsOf(instances.get(s.name)!, backoffs.get(s.name)!, pulls.get(s.name)!, tEnd),
    markers: markers.get(s.name)!,
  }));
  return { lanes, phases, readySpans, podMarkers, lastEvent, end: tEnd };
}

function current(instances: Map<string, Instance[]>, name: string): Instance | undefined {
  const list = instances.get(name);
  return list?.[list.length - 1];
}

function closeHook(
  open: Map<string, { t: number; hook: HookKind }>,
  markers: Map<string, Marker[]>,
  name: string,
  t: number,
  failed: boolean,
  stillOpen = false,
): void {
  const h = open.get(name);
  if (h === undefined) return;
  open.delete(name);
  markers.get(name)!.push({ kind: 'hook', t: h.t, end: t, hook: h.hook, failed, open: stillOpen });
}

function segmentsOf(
  instances: readonly Instance[],
  backoffs: readonly { t: number; delaySeconds: number }[],
  pulls: readonly number[],
  tEnd: number,
): Segment[] {
  const out: Segment[] = [];
  const push = (
    start: number,
    end: number,
    state: LaneState,
    label: string,
    open = false,
  ): void => {
    if (end > start || (end === start && open)) out.push({ start, end, state, label, open });
  };
  // Waiting for an image that cannot be pulled, before the first start.
  const firstStart = instances[0]?.start ?? tEnd;
  const firstPull = pulls[0];
  if (firstPull !== undefined && firstPull < firstStart)
    push(firstPull, firstStart, 'backoff', 'ImagePullBackOff', instances.length === 0);
  instances.forEach((inst, i) => {
    const stop = inst.exit?.t ?? tEnd;
    const open = inst.exit === undefined;
    // Started once postStart is done and the startup probe passed (whichever is later).
    let started = inst.start;
    if (inst.postStartBegun) started = Math.max(started, inst.postStartEnd ?? Infinity);
    if (inst.startupSeen) started = Math.max(started, inst.startupOk ?? Infinity);
    const term = Math.min(inst.termStart ?? Infinity, stop);
    const startingEnd = Math.min(started, term);
    push(inst.start, startingEnd, 'starting', 'starting', open && startingEnd === stop);
    // Running / ready between "started" and the beginning of termination.
    let t = startingEnd;
    let ready = false;
    for (const r of inst.ready) {
      const at = Math.max(r.t, startingEnd);
      if (at >= term) break;
      if (r.ready !== ready) {
        push(t, at, ready ? 'ready' : 'running', ready ? 'ready' : 'running');
        t = at;
        ready = r.ready;
      }
    }
    if (t < term)
      push(
        t,
        term,
        ready ? 'ready' : 'running',
        ready ? 'ready' : 'running',
        open && term === stop,
      );
    if (term < stop) push(term, stop, 'terminating', 'terminating', open);
    if (inst.exit === undefined) return;
    const next = instances[i + 1];
    const gapEnd = next?.start ?? tEnd;
    const backoff = backoffs.find((b) => b.t >= inst.exit!.t && b.t <= gapEnd);
    const pull = pulls.find((t) => t >= inst.exit!.t && t <= gapEnd);
    if (pull !== undefined) {
      // A restart that waits for its image: exited until the first failed pull, then waiting.
      push(inst.exit.t, pull, 'exited', `exit ${String(inst.exit.exitCode)} ${inst.exit.reason}`);
      push(pull, gapEnd, 'backoff', 'ImagePullBackOff', next === undefined);
    } else if (next !== undefined && backoff !== undefined) {
      push(inst.exit.t, gapEnd, 'backoff', `back-off ${fmtSeconds(backoff.delaySeconds)}`);
    } else {
      push(
        inst.exit.t,
        gapEnd,
        'exited',
        `exit ${String(inst.exit.exitCode)} ${inst.exit.reason}`.trim(),
        next === undefined,
      );
    }
  });
  return out;
}

/** `10s`, `1.5s`, `2m30s`: short durations for labels. */
export function fmtSeconds(s: number): string {
  if (s >= 120 && Number.isInteger(s)) {
    const m = Math.floor(s / 60);
    const r = s % 60;
    return r === 0 ? `${String(m)}m` : `${String(m)}m${String(r)}s`;
  }
  return `${String(Math.round(s * 1000) / 1000)}s`;
}
