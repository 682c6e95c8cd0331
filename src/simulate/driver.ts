/**
 * The simulation driver: runs the lifecycle engine (src/lifecycle/engine.ts) on a virtual clock,
 * answering its actions with the scripted behaviour of a Scenario. The clock jumps from one
 * wake-up or scripted observation to the next, so cost grows with the number of things that
 * happen, not with simulated time. Same input, same events.
 *
 * Scripted behaviour (DESIGN.md, "Scenario"): `runs[]` per start (the last repeats); probe answers
 * by time since this start (pass in [passFrom, failFrom), a probe not scripted always passes);
 * hooks take `takes` and exit with `exitCode` (an unscripted hook takes its `sleep.seconds`, else
 * no time); `onTerm` exits after `exitAfter` with `exitCode` (default: at once with 0) or ignores
 * SIGTERM, so only SIGKILL stops it (exit 137). A container not listed runs until signalled.
 * Images: a start whose image is scripted to fail pulling (`containers.NAME.image`, or a setImage
 * event's `pullFails`/`pullFailsUntil`) is answered with ImagePullFailed instead of
 * ContainerStarted; it is not a start for `runs[]`. setImage events become SetImage observations.
 */
import type { Action, Observation, ProbeOracle } from '../lifecycle/actions.js';
import { buildPodModel, createPodState, podStatus, step } from '../lifecycle/engine.js';
import type { PodEvent, ProbeKind } from '../lifecycle/events.js';
import type { ContainerModel } from '../lifecycle/pod-model.js';
import type { PodStatus } from '../lifecycle/status.js';
import { SidecarError } from '../errors.js';
import { qualifiedName } from '../manifest/objects.js';
import type { PodTemplate } from '../manifest/pod-templates.js';
import type { VersionInfo } from '../model/versions.js';
import {
  checkScenarioContainers,
  DEFAULT_RUN,
  DEFAULT_UNTIL_SECONDS,
  type ImagePullScript,
  type RunScript,
  type Scenario,
} from './scenario.js';

export interface SimulateOptions {
  /** End of simulated time in seconds; default the scenario's `until` (600 s). */
  readonly until?: number;
  /** Emit a ProbeResult event for every probe run (default: failures and changes only). */
  readonly allProbeResults?: boolean;
  /** `namespace/name` in events; default the input object's. */
  readonly podName?: string;
  /**
   * Answer probes through RunProbe / ProbeResult round trips, as a real runtime does, instead of
   * letting the engine read the scripted answers (slower; the events are the same).
   */
  readonly probeRoundTrips?: boolean;
  /** Creation time of the pod for status timestamps, epoch ms; default 0 (1970-01-01T00:00:00Z). */
  readonly createdAtMs?: number;
}

export interface SimulationResult {
  /** `namespace/name`. */
  readonly pod: string;
  /** The event stream, in time order. */
  readonly events: PodEvent[];
  /** The pod status when the simulation ended. */
  readonly status: PodStatus;
}

interface Entry {
  readonly at: number;
  readonly seq: number;
  readonly obs: Observation;
  /** For scripted exits: the token that must still be current for the exit to happen. */
  readonly token: number;
}

/** A small binary min-heap on (at, seq): the order of equal times is the order of scheduling. */
class Queue {
  private readonly items: Entry[] = [];
  private seq = 0;

  push(at: number, obs: Observation, token = 0): void {
    const e: Entry = { at, seq: this.seq++, obs, token };
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  peek(): number | null {
    return this.items[0]?.at ?? null;
  }

  pop(): Entry {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l]!, a[m]!)) m = l;
        if (r < a.length && less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

function less(x: Entry, y: Entry): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}

/** What the simulator knows of a running container instance. */
interface SimContainer {
  instance: number;
  startedAt: number;
  run: RunScript;
  alive: boolean;
  /** When the instance is due to exit, and the token of that scheduled exit. */
  exitAt: number | null;
  exitToken: number;
}

const ms = (seconds: number): number => Math.round(seconds * 1000);

/** A scripted probe answer window, in ms: pass in [pass, fail) since the instance started. */
interface ProbeWindow {
  readonly since: number;
  readonly pass: number;
  readonly fail: number | null;
  readonly start: number;
}

function passes(w: ProbeWindow): boolean {
  return w.since >= w.pass && (w.fail === null || w.since < w.fail);
}

/**
 * Simulates a pod from creation until it ends or `until`.
 * @throws SidecarError SIDECAR_E_SCENARIO when the scenario scripts a container the pod lacks
 */
export function simulate(
  template: PodTemplate,
  scenario: Scenario | undefined,
  version: VersionInfo,
  options: SimulateOptions = {},
): SimulationResult {
  const pod = options.podName ?? qualifiedName(template.object);
  const model = buildPodModel(template.spec, version, pod);
  if (scenario !== undefined)
    checkScenarioContainers(
      scenario,
      model.containers.map((c) => c.name),
    );
  const until = ms(options.until ?? scenario?.until ?? DEFAULT_UNTIL_SECONDS);
  const byName = new Map<string, ContainerModel>(model.containers.map((c) => [c.name, c]));
  const sims = new Map<string, SimContainer>();
  const queue = new Queue();
  let tokens = 0;

  // Pull behaviour by container and image: the spec's image from `containers.NAME.image`, a new
  // one from its setImage event. Not listed: it pulls at once.
  const pulls = new Map<string, ImagePullScript>();
  const pullKey = (container: string, image: string): string => `${container}\u0000${image}`;
  for (const [name, script] of Object.entries(scenario?.containers ?? {})) {
    const m = byName.get(name);
    if (script.image !== undefined && m !== undefined)
      pulls.set(pullKey(name, m.image), script.image);
  }
  for (const e of scenario?.events ?? []) {
    if (e.type === 'setImage') {
      if (e.pull !== null) pulls.set(pullKey(e.container, e.image), e.pull);
      queue.push(ms(e.at), { type: 'SetImage', container: e.container, image: e.image });
      continue;
    }
    queue.push(
      ms(e.at),
      e.gracePeriodSeconds === null
        ? { type: 'DeletePod' }
        : { type: 'DeletePod', gracePeriodSeconds: e.gracePeriodSeconds },
    );
  }
  // Starts that failed to pull created no container: `runs[]` counts only real starts.
  const skippedStarts = new Map<string, number>();
  const skipped = (container: string): number => skippedStarts.get(container) ?? 0;
  const pullFails = (container: string, image: string, now: number): boolean => {
    const p = pulls.get(pullKey(container, image));
    return p !== undefined && (p.failsUntil === null || now < ms(p.failsUntil));
  };

  const runFor = (name: string, instance: number): RunScript => {
    const runs = scenario?.containers[name]?.runs;
    if (runs === undefined || runs.length === 0) return DEFAULT_RUN;
    return runs[Math.min(instance - 1, runs.length - 1)]!;
  };

  const scheduleExit = (name: string, sim: SimContainer, at: number, exitCode: number): void => {
    if (sim.exitAt !== null && sim.exitAt <= at) return;
    sim.exitAt = at;
    sim.exitToken = ++tokens;
    queue.push(
      at,
      { type: 'ContainerExited', container: name, instance: sim.instance, exitCode },
      sim.exitToken,
    );
  };

  const handle = (a: Action, now: number): void => {
    switch (a.type) {
      case 'CreateSandbox':
        queue.push(now, { type: 'SandboxReady' });
        return;
      case 'RemoveSandbox':
        return;
      case 'StartContainer': {
        if (pullFails(a.container, a.image, now)) {
          skippedStarts.set(a.container, skipped(a.container) + 1);
          queue.push(now, {
            type: 'ImagePullFailed',
            container: a.container,
            instance: a.instance,
          });
          return;
        }
        const run = runFor(a.container, a.instance - skipped(a.container));
        const sim: SimContainer = {
          instance: a.instance,
          startedAt: now,
          run,
          alive: true,
          exitAt: null,
          exitToken: 0,
        };
        sims.set(a.container, sim);
        queue.push(now, { type: 'ContainerStarted', container: a.container, instance: a.instance });
        if (run.exitAfter !== null)
          scheduleExit(a.container, sim, now + ms(run.exitAfter), run.exitCode);
        return;
      }
      case 'RunHook': {
        const sim = sims.get(a.container);
        if (sim === undefined || sim.instance !== a.instance) return;
        const script = sim.run.hooks[a.hook];
        const sleep = (
          a.hook === 'postStart'
            ? byName.get(a.container)?.postStart
            : byName.get(a.container)?.preStop
        )?.sleepSeconds;
        const takes = script?.takes ?? sleep ?? 0;
        const exitCode = script?.exitCode ?? 0;
        queue.push(now + ms(takes), {
          type: 'HookFinished',
          container: a.container,
          instance: a.instance,
          hook: a.hook,
          exitCode,
        });
        return;
      }
      case 'RunProbe': {
        const sim = sims.get(a.container);
        if (sim === undefined || sim.instance !== a.instance) return;
        const p = sim.run.probes[a.probe];
        const since = now - sim.startedAt;
        const pass =
          p === undefined ||
          (since >= ms(p.passFrom) && (p.failFrom === null || since < ms(p.failFrom)));
        queue.push(now, {
          type: 'ProbeResult',
          container: a.container,
          instance: a.instance,
          probe: a.probe,
          result: pass ? 'Success' : 'Failure',
        });
        return;
      }
      case 'Signal': {
        const sim = sims.get(a.container);
        if (sim === undefined || sim.instance !== a.instance || !sim.alive) return;
        if (a.signal === 'SIGKILL') {
          sim.exitAt = null;
          scheduleExit(a.container, sim, now, 137);
        } else if (!sim.run.onTerm.ignore) {
          scheduleExit(
            a.container,
            sim,
            now + ms(sim.run.onTerm.exitAfter),
            sim.run.onTerm.exitCode,
          );
        }
        return;
      }
    }
  };

  // Probe answers are scripted by time since the start, so the engine may read them directly.
  const answerAt = (
    container: string,
    instance: number,
    probe: ProbeKind,
    at: number,
  ): ProbeWindow | null => {
    const sim = sims.get(container);
    if (sim === undefined || sim.instance !== instance) return null;
    const p = sim.run.probes[probe];
    if (p === undefined) return null;
    return {
      since: at - sim.startedAt,
      pass: ms(p.passFrom),
      fail: p.failFrom === null ? null : ms(p.failFrom),
      start: sim.startedAt,
    };
  };
  const oracle: ProbeOracle = {
    answer(container, instance, probe, at) {
      const w = answerAt(container, instance, probe, at);
      return w === null || passes(w) ? 'Success' : 'Failure';
    },
    nextChange(container, instance, probe, at) {
      const w = answerAt(container, instance, probe, at);
      if (w === null) return null;
      if (w.fail !== null && w.fail <= w.pass) return null; // never passes
      if (w.since < w.pass) return w.start + w.pass;
      if (w.fail !== null && w.since < w.fail) return w.start + w.fail;
      return null;
    },
  };

  let state = createPodState(
    model,
    version,
    options.allProbeResults === true ? { allProbeResults: true } : {},
  );
  const events: PodEvent[] = [];
  let wake: number | null = 0;
  let lastT = -1;
  let stepsAtT = 0;
  for (;;) {
    const qt = queue.peek();
    const t: number | null = qt === null ? wake : wake === null ? qt : Math.min(qt, wake);
    if (t === null || t > until) break;
    const obs: Observation[] = [];
    while (queue.peek() === t) {
      const e = queue.pop();
      if (e.obs.type === 'ContainerExited') {
        const sim = sims.get(e.obs.container);
        if (sim === undefined || !sim.alive || sim.exitToken !== e.token) continue;
        sim.alive = false;
      }
      obs.push(e.obs);
    }
    if (t === lastT) {
      if (++stepsAtT > 100_000) {
        throw new SidecarError(
          'SIDECAR_E_INTERNAL',
          `simulation of ${pod} does not advance at t=${String(t / 1000)}s`,
        );
      }
    } else {
      lastT = t;
      stepsAtT = 0;
    }
    const r = step(state, t, obs, options.probeRoundTrips === true ? null : oracle);
    state = r.state;
    for (const e of r.events) events.push(e);
    wake = r.wakeAt !== null && r.wakeAt > t ? r.wakeAt : null;
    for (const a of r.actions) handle(a, t);
    if (r.finished) break;
  }
  return { pod, events, status: podStatus(state, options.createdAtMs ?? 0) };
}
