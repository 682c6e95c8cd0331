/**
 * Status transitions as events: after every step, container readiness, the pod phase and the
 * kubelet-owned conditions are recomputed from container statuses (as generateAPIPodStatus does
 * on every sync) and each change becomes a ContainerReady / PodPhase / PodCondition event.
 */
import { kubeletConditions } from './conditions.js';
import { containerViews } from './container-status.js';
import { emit, type StepContext } from './context.js';
import { getPhase } from './phase.js';

export function recordTransitions(ctx: StepContext): void {
  const s = ctx.s;
  const views = containerViews(s);
  for (let i = 0; i < views.length; i++) {
    const v = views[i]!;
    const c = s.containers[i]!;
    if (v.ready !== c.readyReported) {
      c.readyReported = v.ready;
      emit(ctx, { type: 'ContainerReady', container: v.model.name, ready: v.ready });
    }
  }
  let phase =
    s.terminalPhase ?? getPhase(views, s.model.restartPolicy, s.version, s.kill?.deleted ?? false);
  // status_manager.go TerminatePod: a pod that ends without a terminal phase is Failed.
  if (s.finished && phase !== 'Succeeded' && phase !== 'Failed') phase = 'Failed';
  // The kubelet never moves a pod out of Succeeded or Failed (generateAPIPodStatus).
  if (phase === 'Succeeded' || phase === 'Failed') s.terminalPhase = phase;
  if (phase !== s.phase) {
    s.phase = phase;
    emit(ctx, { type: 'PodPhase', phase });
  }
  const conditions = kubeletConditions(
    views,
    phase,
    s.version.sandboxCondition,
    s.sandbox === 'ready',
    s.model.readinessGates,
    false,
  );
  // Events in the order a reader expects: sandbox, Initialized, ContainersReady, Ready.
  for (const type of [s.version.sandboxCondition, 'Initialized', 'ContainersReady', 'Ready']) {
    const entry = conditions.find(([t]) => t === type);
    if (entry === undefined) continue;
    const status = entry[1].status;
    const old = s.conditions[entry[0]];
    if (old !== undefined && old.status === status) continue;
    s.conditions[entry[0]] = { status, since: s.now };
    emit(ctx, { type: 'PodCondition', condition: entry[0], status });
  }
}
