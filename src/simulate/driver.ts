/**
 * The simulation driver: runs the lifecycle engine (src/lifecycle/engine.ts, "Driver contract")
 * on a virtual clock, with containers that answer its actions from a Scenario
 * (scripted-containers.ts). The clock jumps from one wake-up or scripted observation to the next
 * (queue.ts), so cost grows with the number of things that happen, not with simulated time.
 * Same input, same events.
 *
 * It is the twin of the real-process driver (src/runtime/pod-runner.ts): the same three parts,
 * clock loop, action executor and engine. The Scenario's pod events (delete, setImage) are put
 * on the clock here; setImage becomes a SetImage observation.
 */
import type { Observation } from '../lifecycle/actions.js';
import { buildPodModel, createPodState, podStatus, step } from '../lifecycle/engine.js';
import type { PodEvent } from '../lifecycle/events.js';
import { SidecarError } from '../errors.js';
import { podName, type PodTemplate } from '../manifest/pod-templates.js';
import type { VersionInfo } from '../model/versions.js';
import { laneSpecsOf, type PodRunView } from '../timeline/view.js';
import { Queue } from './queue.js';
import {
  DEFAULT_UNTIL_SECONDS,
  MAX_UNTIL_SECONDS,
  untilTooLong,
  type Scenario,
} from './scenario.js';
import { checkScenarioContainers } from './scenario-select.js';
import { ms, ScriptedContainers } from './scripted-containers.js';

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

/** A simulated pod: the one result view, `until` being the end of simulated time used. */
export interface SimulationResult extends PodRunView {
  /** The event stream, in time order. */
  readonly events: PodEvent[];
}

/** How many steps may happen at one instant before the simulation is declared stuck. */
const MAX_STEPS_AT_ONE_TIME = 100_000;

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
  const pod = options.podName ?? podName(template);
  const model = buildPodModel(template.spec, version, pod);
  if (scenario !== undefined)
    checkScenarioContainers(
      scenario,
      model.containers.map((c) => c.name),
    );
  const untilSeconds = options.until ?? scenario?.until ?? DEFAULT_UNTIL_SECONDS;
  if (!(untilSeconds <= MAX_UNTIL_SECONDS))
    throw new SidecarError('SIDECAR_E_USAGE', `until: ${untilTooLong(untilSeconds)}`);
  const until = ms(untilSeconds);
  const queue = new Queue();
  const containers = new ScriptedContainers(scenario, model, queue);
  for (const e of scenario?.events ?? []) {
    queue.push(
      ms(e.at),
      e.type === 'setImage'
        ? { type: 'SetImage', container: e.container, image: e.image }
        : e.gracePeriodSeconds === null
          ? { type: 'DeletePod' }
          : { type: 'DeletePod', gracePeriodSeconds: e.gracePeriodSeconds },
    );
  }
  const oracle = options.probeRoundTrips === true ? null : containers.oracle;

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
      if (containers.deliver(e)) obs.push(e.obs);
    }
    if (t !== lastT) {
      lastT = t;
      stepsAtT = 0;
    } else if (++stepsAtT > MAX_STEPS_AT_ONE_TIME) {
      throw new SidecarError(
        'SIDECAR_E_INTERNAL',
        `simulation of ${pod} does not advance at t=${String(t / 1000)}s`,
      );
    }
    const r = step(state, t, obs, oracle);
    state = r.state;
    for (const e of r.events) events.push(e);
    wake = r.wakeAt !== null && r.wakeAt > t ? r.wakeAt : null;
    for (const a of r.actions) containers.handle(a, t);
    // Not `settled`: scripted pod events (a deletion, a new image) may still lie ahead.
    if (r.finished) break;
  }
  return {
    pod,
    k8sVersion: version.version,
    containers: laneSpecsOf(template.spec, version),
    events,
    status: podStatus(state, options.createdAtMs ?? 0),
    until: untilSeconds,
  };
}
