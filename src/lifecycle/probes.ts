/**
 * Probe workers (kubernetes/kubernetes pkg/kubelet/prober/worker.go doProbe, prober_manager.go):
 * when each probe runs, how results pass the success/failure thresholds, and what a result does.
 *
 * Timing (reference/k8s-sidecar-semantics.md h.2, deterministic form): the first run at container
 * start + initialDelaySeconds, then every periodSeconds. The real worker ticks from its creation
 * with jitter and skips runs inside the initial delay; a deterministic model keeps the documented
 * meaning of initialDelaySeconds instead.
 * - startupProbe: liveness and readiness do not run until it succeeds; after success it is not
 *   run again for that instance, and readiness runs at once (manual trigger in worker.go; e2e P17).
 * - failureThreshold consecutive failures of liveness or startup kill the container (the kill path
 *   runs its preStop, e2e B9/B10); the worker holds until the container restarts.
 * - readiness changes the container's readiness only after successThreshold / failureThreshold
 *   consecutive equal results, and never restarts anything (e2e P2).
 * - during pod termination liveness and startup probes stop; readiness keeps running (B11, P23)
 *   (doProbe: a deleted pod's liveness/startup results are Success and not run).
 * - a liveness/startup failure takes effect through a pod sync (kubelet.go syncLoopIteration →
 *   handleProbeSync → computePodActions): the engine collects the step's failures and acts on them
 *   together (engine.ts applyProbeKills), in the step they arrive.
 */
import { emit, own, type StepContext } from './context.js';
import type { ProbeKind } from './events.js';
import { probeOf, type ContainerModel, type ProbeModel } from './pod-model.js';
import type { ContainerRuntime, ProbeState } from './state.js';

const KINDS: readonly ProbeKind[] = ['startup', 'readiness', 'liveness'];

function fresh(nextAt: number | null): ProbeState {
  return { nextAt, inflight: false, run: 0, last: null, result: null };
}

function firstRun(p: ProbeModel, startedAt: number): number {
  return startedAt + p.initialDelaySeconds * 1000;
}

/** Sets up the workers of a new instance that started at `now`. */
export function startProbes(m: ContainerModel, c: ContainerRuntime, now: number): void {
  const gated = m.startupProbe !== null;
  c.startupPassed = !gated;
  c.probes = {
    startup: m.startupProbe === null ? null : fresh(firstRun(m.startupProbe, now)),
    readiness:
      m.readinessProbe === null ? null : fresh(gated ? null : firstRun(m.readinessProbe, now)),
    liveness:
      m.livenessProbe === null ? null : fresh(gated ? null : firstRun(m.livenessProbe, now)),
  };
}

/** Stops every worker of an instance (it exited). */
export function stopProbes(c: ContainerRuntime): void {
  for (const k of KINDS) {
    const p = c.probes[k];
    if (p !== null) {
      p.nextAt = null;
      p.inflight = false;
    }
  }
}

function aligned(p: ProbeModel, startedAt: number, now: number): number {
  const first = startedAt + p.initialDelaySeconds * 1000;
  if (first >= now) return first;
  const period = p.periodSeconds * 1000;
  return first + Math.ceil((now - first) / period) * period;
}

/** Whether a probe kind may run now for this container. */
function allowed(ctx: StepContext, c: ContainerRuntime, kind: ProbeKind): boolean {
  if (c.phase !== 'running') return false;
  if (kind === 'readiness') return true;
  // No liveness or startup probes while the pod or the container is being stopped.
  return ctx.s.kill === null && c.stop === null;
}

/**
 * Runs every probe that is due: asks the driver with RunProbe, or, with an oracle, applies the
 * answer at once (skipping runs that cannot change anything). Returns the earliest future run time
 * and, in `kills`, the probes whose answers applied here call for a kill.
 */
export function runDueProbes(ctx: StepContext, index: number, kills: ProbeKind[]): number | null {
  const m = ctx.s.model.containers[index]!;
  let c = ctx.s.containers[index]!;
  let next: number | null = null;
  for (const kind of KINDS) {
    let p = c.probes[kind];
    const spec = probeOf(m, kind);
    if (p === null || spec === null || p.nextAt === null || p.inflight || !allowed(ctx, c, kind))
      continue;
    const due = p.nextAt;
    if (due <= ctx.s.now) {
      // A run is due: from here on this container changes.
      c = own(ctx, index);
      p = c.probes[kind]!;
      const oracle = ctx.oracle;
      if (oracle === null) {
        p.inflight = true;
        ctx.actions.push({
          type: 'RunProbe',
          container: m.name,
          instance: c.instance,
          probe: kind,
          timeoutSeconds: spec.timeoutSeconds,
        });
        continue;
      }
      const answer = oracle.answer(m.name, c.instance, kind, ctx.s.now);
      if (ctx.s.options.allProbeResults !== true && answer === p.last && answer === p.result) {
        // A run that repeats the settled result changes nothing: jump to the first run at or
        // after the answer changes.
        const change = oracle.nextChange(m.name, c.instance, kind, ctx.s.now);
        const period = spec.periodSeconds * 1000;
        p.run++;
        p.nextAt =
          change === null ? null : due + Math.max(1, Math.ceil((change - due) / period)) * period;
      } else {
        p.inflight = true;
        if (applyProbeResult(ctx, index, kind, answer) === 'kill') kills.push(kind);
      }
      if (p.nextAt !== null && p.nextAt > ctx.s.now && (next === null || p.nextAt < next))
        next = p.nextAt;
    } else if (next === null || due < next) next = due;
  }
  return next;
}

export type ProbeEffect = 'none' | 'kill' | 'startup-passed';

/** Applies a probe result of the current instance. */
export function applyProbeResult(
  ctx: StepContext,
  index: number,
  kind: ProbeKind,
  result: 'Success' | 'Failure',
): ProbeEffect {
  const m = ctx.s.model.containers[index]!;
  const spec = probeOf(m, kind);
  const shared = ctx.s.containers[index]!.probes[kind];
  if (shared === null || spec === null || !shared.inflight) return 'none';
  const c = own(ctx, index);
  const p = c.probes[kind]!;
  p.inflight = false;
  const changed = p.last !== result;
  // Failures are shown until they take effect; after that only changes are.
  if (
    ctx.s.options.allProbeResults === true ||
    changed ||
    (result === 'Failure' && p.result !== 'Failure')
  ) {
    emit(ctx, { type: 'ProbeResult', container: m.name, probe: kind, result });
  }
  p.run = changed ? 1 : p.run + 1;
  p.last = result;
  const period = spec.periodSeconds * 1000;
  let nextAt = (p.nextAt ?? ctx.s.now) + period;
  if (nextAt <= ctx.s.now) nextAt = ctx.s.now + period;
  p.nextAt = nextAt;
  const threshold = result === 'Success' ? spec.successThreshold : spec.failureThreshold;
  if (p.run < threshold) return 'none';
  p.result = result;
  if (kind === 'startup') {
    if (result === 'Failure') {
      p.nextAt = null;
      return 'kill';
    }
    p.nextAt = null;
    c.startupPassed = true;
    const start = c.startedAt ?? ctx.s.now;
    if (c.probes.readiness !== null) c.probes.readiness.nextAt = ctx.s.now;
    if (c.probes.liveness !== null && m.livenessProbe !== null) {
      c.probes.liveness.nextAt = aligned(m.livenessProbe, start, ctx.s.now);
    }
    return 'startup-passed';
  }
  if (kind === 'liveness' && result === 'Failure') {
    // worker.go: on a liveness failure the worker is put on hold until the container restarts.
    p.nextAt = null;
    p.run = 0;
    return 'kill';
  }
  return 'none';
}
