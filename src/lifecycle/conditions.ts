/**
 * The kubelet-owned pod conditions (kubernetes/kubernetes pkg/kubelet/status/generate.go:
 * GeneratePodReadyToStartContainersCondition, GeneratePodInitializedCondition,
 * GenerateContainersReadyCondition, GeneratePodReadyCondition), computed from container statuses.
 */
import type { PodPhase } from './events.js';
import type { ContainerView } from './container-status.js';
import { hasAnyRegularContainerStarted } from './phase.js';

/** `details: false` leaves messages out (the per-step transition check needs statuses only). */
export interface ConditionValue {
  readonly status: 'True' | 'False';
  readonly reason?: string;
  readonly message?: string;
}

/** Condition types in the order the kubelet appends them (generateAPIPodStatus). */
export type ConditionType =
  'PodReadyToStartContainers' | 'PodHasNetwork' | 'Initialized' | 'Ready' | 'ContainersReady';

/** The sandbox condition: True while a sandbox with networking exists. */
export function sandboxCondition(sandboxReady: boolean): ConditionValue {
  return { status: sandboxReady ? 'True' : 'False' };
}

/**
 * Initialized: True (PodCompleted) once Succeeded; True when any regular container has started
 * (so a sidecar restarting after init keeps it True); else every regular init container exited 0
 * and every sidecar is started. A pod without init containers is Initialized from the start.
 */
export function initializedCondition(
  views: readonly ContainerView[],
  phase: PodPhase,
  details = true,
): ConditionValue {
  if (phase === 'Succeeded') return { status: 'True', reason: 'PodCompleted' };
  if (hasAnyRegularContainerStarted(views)) return { status: 'True' };
  if (!details) {
    const done = views.every((v) =>
      v.model.kind === 'init'
        ? v.state === 'terminated' && v.exitCode === 0
        : v.model.kind !== 'sidecar' || v.started,
    );
    return done ? { status: 'True' } : { status: 'False', reason: 'ContainersNotInitialized' };
  }
  const incomplete = views
    .filter((v) =>
      v.model.kind === 'init'
        ? !(v.state === 'terminated' && v.exitCode === 0)
        : v.model.kind === 'sidecar' && !v.started,
    )
    .map((v) => v.model.name);
  if (incomplete.length === 0) return { status: 'True' };
  return {
    status: 'False',
    reason: 'ContainersNotInitialized',
    message: `containers with incomplete status: [${incomplete.join(' ')}]`,
  };
}

/** ContainersReady: every sidecar and regular container ready; PodCompleted / PodFailed when terminal. */
export function containersReadyCondition(
  views: readonly ContainerView[],
  phase: PodPhase,
  details = true,
): ConditionValue {
  if (phase === 'Succeeded') return { status: 'False', reason: 'PodCompleted' };
  if (phase === 'Failed') return { status: 'False', reason: 'PodFailed' };
  if (!details) {
    const ready = views.every((v) => v.model.kind === 'init' || v.ready);
    return ready ? { status: 'True' } : { status: 'False', reason: 'ContainersNotReady' };
  }
  const unready = views.filter((v) => v.model.kind !== 'init' && !v.ready).map((v) => v.model.name);
  if (unready.length === 0) return { status: 'True' };
  return {
    status: 'False',
    reason: 'ContainersNotReady',
    message: `containers with unready status: [${unready.join(' ')}]`,
  };
}

/**
 * Ready: as ContainersReady, and every readiness gate's condition True. The engine owns no
 * readiness-gate condition, so a pod with gates is never Ready here (as on a cluster where
 * nobody sets them).
 */
export function readyCondition(
  containersReady: ConditionValue,
  readinessGates: readonly string[],
): ConditionValue {
  if (containersReady.status !== 'True') return containersReady;
  if (readinessGates.length > 0) {
    return {
      status: 'False',
      reason: 'ReadinessGatesNotReady',
      message: `corresponding condition of pod readiness gate "${readinessGates[0]!}" does not exist.`,
    };
  }
  return { status: 'True' };
}

/**
 * The kubelet-owned conditions in the order generateAPIPodStatus appends them (PodScheduled
 * excepted): sandbox condition (when the version reports one), Initialized, Ready, ContainersReady.
 */
export function kubeletConditions(
  views: readonly ContainerView[],
  phase: PodPhase,
  sandboxType: string | null,
  sandboxReady: boolean,
  readinessGates: readonly string[],
  details: boolean,
): [string, ConditionValue][] {
  const out: [string, ConditionValue][] = [];
  if (sandboxType !== null) out.push([sandboxType, sandboxCondition(sandboxReady)]);
  out.push(['Initialized', initializedCondition(views, phase, details)]);
  const containersReady = containersReadyCondition(views, phase, details);
  out.push(['Ready', readyCondition(containersReady, readinessGates)]);
  out.push(['ContainersReady', containersReady]);
  return out;
}
