/**
 * The one result view of a pod's lifecycle: what `simulate` (virtual clock) and `run` (real
 * processes) both return, and what every renderer, the kubectl status row, the version compare
 * and the outcome rule read. A simulated timeline and a real run are therefore compared, drawn
 * and judged by the same code.
 */
import type { PodEvent } from '../lifecycle/events.js';
import type { PodStatus } from '../lifecycle/status.js';
import { classifyContainers } from '../model/containers.js';
import type { VersionInfo } from '../model/versions.js';
import type { LaneSpec } from './lanes.js';

/** Everything the renderers need about one simulated or run pod. */
export interface PodRunView {
  /** `namespace/name`. */
  readonly pod: string;
  readonly k8sVersion: string;
  /** The pod's containers in spec order with their kind for this version. */
  readonly containers: readonly LaneSpec[];
  readonly events: readonly PodEvent[];
  readonly status: PodStatus;
  /** The moment the status is shown, in seconds since the pod was created: the end of simulated time, or when a run ended. */
  readonly until: number;
  /**
   * Where the times come from: the simulator's virtual clock, or a real run (text headings then
   * say "ran for" instead of "simulated until").
   * @default 'virtual'
   */
  readonly clock?: 'virtual' | 'real';
}

/** The lanes of a pod spec: its containers in spec order with their kind for this version (ephemeral ones have none). */
export function laneSpecsOf(spec: unknown, version: VersionInfo): LaneSpec[] {
  return classifyContainers(spec, version)
    .filter((c) => c.kind !== 'ephemeral')
    .map((c) => ({ name: c.name, kind: c.kind }));
}
