/**
 * `simulate -o json` and `--events`: the machine-readable outputs (docs/events.md and
 * docs/contracts.md, "Pod status").
 */
import { eventToJsonLine, type PodEvent } from '../lifecycle/events.js';
import type { PodStatus } from '../lifecycle/status.js';

/** `{"events":[...],"status":{PodStatus}}`, indented, with a final newline. */
export function renderJson(result: {
  readonly events: readonly PodEvent[];
  readonly status: PodStatus;
}): string {
  return JSON.stringify({ events: result.events, status: result.status }, null, 2) + '\n';
}

/** The JSON Lines event stream: one object per line, keys t, pod, type, then the rest. */
export function renderJsonLines(events: readonly PodEvent[]): string {
  return events.map((e) => eventToJsonLine(e) + '\n').join('');
}
