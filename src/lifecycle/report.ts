/**
 * Status transitions as events: after every step, container readiness, the pod phase and the
 * kubelet-owned conditions are recomputed from container statuses (as generateAPIPodStatus does
 * on every sync) and each change becomes a ContainerReady / PodPhase / PodCondition event.
 */
import { containersReadyCondition, initializedCondition, readyCondition } from './conditions.js';
import { containerViews } from './container-status.js';
import { emit, own, type StepContext } from './context.js';
import { getPhase } from './phase.js';

export function recordTransitions(ctx: StepContext): void {
  const s = ctx.s;
  const views = containerViews(s);
  for (let i = 0; i < views.length; i++) {
    const v = views[i]!;
    if (v.ready !== s.containers[i]!.readyReported) {
      own(ctx, i).readyReported = v.ready;
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
  // Statuses only (no messages): podStatus rebuilds the full conditions when asked.
  const containersReady = containersReadyCondition(views, phase, false).status;
  if (s.version.sandboxCondition !== null) {
    transition(ctx, s.version.sandboxCondition, s.sandbox === 'ready' ? 'True' : 'False');
  }
  transition(ctx, 'Initialized', initializedCondition(views, phase, false).status);
  transition(ctx, 'ContainersReady', containersReady);
  transition(
    ctx,
    'Ready',
    readyCondition({ status: containersReady }, s.model.readinessGates).status,
  );
}

/** Records a condition status; a change is a PodCondition event. */
function transition(ctx: StepContext, type: string, status: 'True' | 'False'): void {
  const old = ctx.s.conditions[type];
  if (old !== undefined && old.status === status) return;
  ctx.s.conditions[type] = { status, since: ctx.s.now };
  emit(ctx, { type: 'PodCondition', condition: type, status });
}
