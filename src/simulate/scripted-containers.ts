/**
 * The simulator's containers: they answer the engine's actions from a Scenario, as a container
 * runtime answers the kubelet's, by putting observations on the virtual clock's queue.
 *
 * Scripted behaviour (docs/scenario.md): `runs[]` per start (the last repeats); probe answers
 * by time since this start (pass in [passFrom, failFrom), a probe not scripted always passes);
 * hooks take `takes` and exit with `exitCode` (an unscripted hook takes its `sleep.seconds`, else
 * no time); `onTerm` exits after `exitAfter` with `exitCode` (default: at once with 0) or ignores
 * SIGTERM, so only SIGKILL stops it (exit 137). A container not listed runs until signalled,
 * except a regular init container, which completes at once (DEFAULT_INIT_RUN).
 * Images: a start whose image is scripted to fail pulling (`containers.NAME.image`, or a setImage
 * event's `pullFails`/`pullFailsUntil`) is answered with ImagePullFailed instead of
 * ContainerStarted; it is not a start for `runs[]`.
 */
import type { Action, ProbeOracle } from '../lifecycle/actions.js';
import type { ProbeKind } from '../lifecycle/events.js';
import { hookOf, type ContainerModel, type PodModel } from '../lifecycle/pod-model.js';
import type { Entry, Queue } from './queue.js';
import {
  DEFAULT_INIT_RUN,
  DEFAULT_RUN,
  type ImagePullScript,
  type RunScript,
  type Scenario,
} from './scenario.js';

type ActionOf<T extends Action['type']> = Extract<Action, { type: T }>;

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

export const ms = (seconds: number): number => Math.round(seconds * 1000);

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

const pullKey = (container: string, image: string): string => `${container}\u0000${image}`;

/** The containers of one simulated pod, scripted by a Scenario (or not at all). */
export class ScriptedContainers {
  /**
   * Probe answers are scripted by time since the start, so the engine may read them directly
   * instead of asking with RunProbe (engine.ts, "Driver contract" 5).
   */
  readonly oracle: ProbeOracle;
  private readonly scenario: Scenario | undefined;
  private readonly queue: Queue;
  private readonly byName: ReadonlyMap<string, ContainerModel>;
  private readonly sims = new Map<string, SimContainer>();
  /**
   * Pull behaviour by container and image: the spec's image from `containers.NAME.image`, a new
   * one from its setImage event. Not listed: it pulls at once.
   */
  private readonly pulls = new Map<string, ImagePullScript>();
  /** Starts that failed to pull created no container: `runs[]` counts only real starts. */
  private readonly skippedStarts = new Map<string, number>();
  private tokens = 0;

  constructor(scenario: Scenario | undefined, model: PodModel, queue: Queue) {
    this.scenario = scenario;
    this.queue = queue;
    this.byName = new Map(model.containers.map((c) => [c.name, c]));
    for (const [name, script] of Object.entries(scenario?.containers ?? {})) {
      const m = this.byName.get(name);
      if (script.image !== undefined && m !== undefined)
        this.pulls.set(pullKey(name, m.image), script.image);
    }
    for (const e of scenario?.events ?? []) {
      if (e.type === 'setImage' && e.pull !== null)
        this.pulls.set(pullKey(e.container, e.image), e.pull);
    }
    this.oracle = {
      answer: (container, instance, probe, at) => {
        const w = this.answerAt(container, instance, probe, at);
        return w === null || passes(w) ? 'Success' : 'Failure';
      },
      nextChange: (container, instance, probe, at) => {
        const w = this.answerAt(container, instance, probe, at);
        if (w === null) return null;
        if (w.fail !== null && w.fail <= w.pass) return null; // never passes
        if (w.since < w.pass) return w.start + w.pass;
        if (w.fail !== null && w.since < w.fail) return w.start + w.fail;
        return null;
      },
    };
  }

  /** Carries out one action of the engine at virtual time `now` (ms). */
  handle(a: Action, now: number): void {
    switch (a.type) {
      case 'CreateSandbox':
        this.queue.push(now, { type: 'SandboxReady' });
        return;
      case 'RemoveSandbox':
        return;
      case 'StartContainer':
        this.start(a, now);
        return;
      case 'RunHook':
        this.runHook(a, now);
        return;
      case 'RunProbe':
        this.runProbe(a, now);
        return;
      case 'Signal':
        this.signal(a, now);
        return;
    }
  }

  /**
   * Whether a queued observation still happens: a scripted exit does only if its instance is
   * alive and the exit is the one last scheduled for it (a SIGKILL may have brought it forward).
   */
  deliver(e: Entry): boolean {
    if (e.obs.type !== 'ContainerExited') return true;
    const sim = this.sims.get(e.obs.container);
    if (sim === undefined || !sim.alive || sim.exitToken !== e.token) return false;
    sim.alive = false;
    return true;
  }

  private start(a: ActionOf<'StartContainer'>, now: number): void {
    if (this.pullFails(a.container, a.image, now)) {
      this.skippedStarts.set(a.container, this.skipped(a.container) + 1);
      this.queue.push(now, {
        type: 'ImagePullFailed',
        container: a.container,
        instance: a.instance,
      });
      return;
    }
    const run = this.runFor(a.container, a.instance - this.skipped(a.container));
    const sim: SimContainer = {
      instance: a.instance,
      startedAt: now,
      run,
      alive: true,
      exitAt: null,
      exitToken: 0,
    };
    this.sims.set(a.container, sim);
    this.queue.push(now, {
      type: 'ContainerStarted',
      container: a.container,
      instance: a.instance,
    });
    if (run.exitAfter !== null)
      this.scheduleExit(a.container, sim, now + ms(run.exitAfter), run.exitCode);
  }

  private runHook(a: ActionOf<'RunHook'>, now: number): void {
    const sim = this.sims.get(a.container);
    if (sim === undefined || sim.instance !== a.instance) return;
    const script = sim.run.hooks[a.hook];
    const m = this.byName.get(a.container);
    const sleep = m === undefined ? undefined : hookOf(m, a.hook)?.sleepSeconds;
    const takes = script?.takes ?? sleep ?? 0;
    const exitCode = script?.exitCode ?? 0;
    this.queue.push(now + ms(takes), {
      type: 'HookFinished',
      container: a.container,
      instance: a.instance,
      hook: a.hook,
      exitCode,
    });
  }

  private runProbe(a: ActionOf<'RunProbe'>, now: number): void {
    const sim = this.sims.get(a.container);
    if (sim === undefined || sim.instance !== a.instance) return;
    const w = this.answerAt(a.container, a.instance, a.probe, now);
    this.queue.push(now, {
      type: 'ProbeResult',
      container: a.container,
      instance: a.instance,
      probe: a.probe,
      result: w === null || passes(w) ? 'Success' : 'Failure',
    });
  }

  private signal(a: ActionOf<'Signal'>, now: number): void {
    const sim = this.sims.get(a.container);
    if (sim === undefined || sim.instance !== a.instance || !sim.alive) return;
    if (a.signal === 'SIGKILL') {
      sim.exitAt = null;
      this.scheduleExit(a.container, sim, now, 137);
    } else if (!sim.run.onTerm.ignore) {
      this.scheduleExit(
        a.container,
        sim,
        now + ms(sim.run.onTerm.exitAfter),
        sim.run.onTerm.exitCode,
      );
    }
  }

  private scheduleExit(name: string, sim: SimContainer, at: number, exitCode: number): void {
    if (sim.exitAt !== null && sim.exitAt <= at) return;
    sim.exitAt = at;
    sim.exitToken = ++this.tokens;
    this.queue.push(
      at,
      { type: 'ContainerExited', container: name, instance: sim.instance, exitCode },
      sim.exitToken,
    );
  }

  private runFor(name: string, instance: number): RunScript {
    const runs = this.scenario?.containers[name]?.runs;
    if (runs === undefined || runs.length === 0) return this.defaultRun(name);
    return runs[Math.min(instance - 1, runs.length - 1)]!;
  }

  /** An unscripted start: a regular init container completes at once, any other runs on. */
  private defaultRun(name: string): RunScript {
    const m = this.byName.get(name);
    const askedSidecar = m?.spec['restartPolicy'] === 'Always';
    return m?.kind === 'init' && !askedSidecar ? DEFAULT_INIT_RUN : DEFAULT_RUN;
  }

  private skipped(container: string): number {
    return this.skippedStarts.get(container) ?? 0;
  }

  private pullFails(container: string, image: string, now: number): boolean {
    const p = this.pulls.get(pullKey(container, image));
    return p !== undefined && (p.failsUntil === null || now < ms(p.failsUntil));
  }

  /** The scripted answer window of the current instance's probe, or null (not scripted: pass). */
  private answerAt(
    container: string,
    instance: number,
    probe: ProbeKind,
    at: number,
  ): ProbeWindow | null {
    const sim = this.sims.get(container);
    if (sim === undefined || sim.instance !== instance) return null;
    const p = sim.run.probes[probe];
    if (p === undefined) return null;
    return {
      since: at - sim.startedAt,
      pass: ms(p.passFrom),
      fail: p.failFrom === null ? null : ms(p.failFrom),
      start: sim.startedAt,
    };
  }
}
