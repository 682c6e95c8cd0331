/**
 * The events of several pods as one timeline (`run` with several pods in one input): every pod's
 * events merged in time order, each line naming its pod. Pods of one run start together, so
 * their `t`s (seconds since each pod was created) share an origin to within milliseconds.
 */
import type { PodEvent } from '../lifecycle/events.js';
import { escapeControl } from '../manifest/escape.js';
import { eventCells, fmtT } from './render-text.js';
import { formatTable } from './pod-row.js';
import type { PodRunView } from './view.js';

/**
 * All events of `views` in time order. Stable: events at the same `t` keep the order of their
 * pods in `views`, and each pod's events keep their own (causal) order.
 */
export function mergePodEvents(views: readonly PodRunView[]): PodEvent[] {
  const at = views.map(() => 0);
  const out: PodEvent[] = [];
  for (;;) {
    let best = -1;
    for (let p = 0; p < views.length; p++) {
      const e = views[p]!.events[at[p]!];
      if (e !== undefined && (best < 0 || e.t < views[best]!.events[at[best]!]!.t)) best = p;
    }
    if (best < 0) return out;
    out.push(views[best]!.events[at[best]!]!);
    at[best] = at[best]! + 1;
  }
}

/** The merged timeline as a table: T, POD (its name without namespace), CONTAINER, EVENT, DETAIL. */
export function renderMergedEventTable(views: readonly PodRunView[]): string {
  const events = mergePodEvents(views);
  if (events.length === 0) return '(no events)';
  const width = fmtT(events.reduce((m, e) => Math.max(m, e.t), 0)).length;
  return formatTable(
    ['T', 'POD', 'CONTAINER', 'EVENT', 'DETAIL'],
    events.map((e) => [
      fmtT(e.t).padStart(width),
      escapeControl(shortName(e.pod)),
      ...eventCells(e),
    ]),
  );
}

function shortName(pod: string): string {
  const slash = pod.indexOf('/');
  return slash >= 0 ? pod.slice(slash + 1) : pod;
}
