/**
 * The working set of one engine step: the new state being built, the actions and events produced.
 * Internal to lifecycle/.
 */
import type { Action, ProbeOracle } from './actions.js';
import type { PodEvent, ProbeKind } from './events.js';
import { cloneContainer, type ContainerRuntime, type EngineState } from './state.js';

/** Distributes Omit over a union (so each event type keeps its own fields). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type EventBody = DistributiveOmit<PodEvent, 't' | 'pod'>;

export interface StepContext {
  readonly s: EngineState;
  readonly actions: Action[];
  readonly events: PodEvent[];
  /**
   * No container may be started now: a postStart hook is running, or a container with one was
   * asked to start and its hook has not begun. The kubelet's SyncPod starts containers one after
   * the other and blocks on each postStart (kuberuntime_manager.go SyncPod,
   * kuberuntime_container.go startContainer); starts without a hook follow each other at once.
   */
  startsBlocked: boolean;
  /** Probe answers known ahead of time, when the driver has them. */
  readonly oracle: ProbeOracle | null;
  /**
   * Liveness/startup failures that took effect in this step, acted on together once every probe
   * result is in: a failure triggers one pod sync (kubelet.go syncLoopIteration, handleProbeSync),
   * and computePodActions sees every failed container of the pod at once.
   */
  readonly probeKills: { readonly index: number; readonly kind: ProbeKind }[];
  /** The containers this step has copied (see `own`), by index: its own, free to change. */
  readonly owned: ContainerRuntime[];
}

/**
 * Container `i` of the new state, ready to be changed: the first call in a step replaces the
 * container shared with the previous state by a copy (the previous state is never changed), later
 * calls return that copy. Every write to a container goes through it; a reference read before a
 * call that may change the container is stale afterwards, so read it again.
 */
export function own(ctx: StepContext, i: number): ContainerRuntime {
  const c = ctx.s.containers[i]!;
  if (ctx.owned[i] === c) return c;
  const copy = cloneContainer(c);
  ctx.s.containers[i] = copy;
  ctx.owned[i] = copy;
  return copy;
}

/** Seconds with millisecond precision, as events carry them. */
export function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

export function emit(ctx: StepContext, body: EventBody): void {
  ctx.events.push({ t: seconds(ctx.s.now), pod: ctx.s.model.name, ...body } as PodEvent);
}
