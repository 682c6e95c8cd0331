/**
 * Status transitions as events: after every step, container readiness, the pod phase and the
 * kubelet-owned conditions are recomputed from container statuses (as generateAPIPodStatus does
 * on every sync) and each change becomes a ContainerReady / PodPhase / PodCondition event.
 */
import {
  containersReadyCondition,
  initializedCondition,
  readyCondition,
  sandboxCondition,
  type ConditionValue,
} from './conditions.js';
import { containerViews } from './container-status.js';
import { emit, type StepContext } from './context.js';
import { getPhase } from './phase.js';

export function recordTransitions(ctx: StepContext): void {
  const s = ctx.s;
  const views = containerViews(s);
  views.forEach((v, i) => {
    const c = s.containers[i]!;
    if (v.ready !== c.readyReported) {
      c.readyReported = v.ready;
      emit(ctx, { type: 'ContainerReady', container: v.model.name, ready: v.ready });
    }
  });
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
  const set = (type: string, v: ConditionValue): void => {
    const old = s.conditions[type];
    const changed = old === undefined || old.status !== v.status;
    s.conditions[type] = {
      status: v.status,
      since: changed ? s.now : old.since,
      ...(v.reason !== undefined ? { reason: v.reason } : {}),
      ...(v.message !== undefined ? { message: v.message } : {}),
    };
    if (changed) emit(ctx, { type: 'PodCondition', condition: type, status: v.status });
  };
  if (s.version.sandboxCondition !== null)
    set(s.version.sandboxCondition, sandboxCondition(s.sandbox === 'ready'));
  set('Initialized', initializedCondition(views, phase));
  const containersReady = containersReadyCondition(views, phase);
  set('ContainersReady', containersReady);
  set('Ready', readyCondition(containersReady, s.model.readinessGates));
}
