/**
 * `simulate --compare-versions`: the same pod and scenario under several Kubernetes versions,
 * and the first moment where their event streams part. This is what someone upgrading a cluster
 * wants to see first: "on 1.27 the app starts at 0s next to its proxy; on 1.29 it waits for the
 * proxy's startup probe until 3s".
 *
 * The comparison leaves out one condition: the sandbox condition, which Kubernetes calls
 * PodHasNetwork or PodReadyToStartContainers or does not report at all depending on the
 * version's feature gates (KEP-3085; src/model/versions.ts sandboxCondition). It would make
 * every comparison across 1.28 "differ at 0s" about naming, not behaviour. It stays in the
 * events of each version.
 */
import type { PodEvent } from '../lifecycle/events.js';
import type { PodStatus } from '../lifecycle/status.js';
import { eventCells, fmtT, renderText, viewRow } from './render-text.js';
import type { PodRunView } from './view.js';
import { formatTable } from './pod-row.js';

/** The conditions left out of the comparison (see the file comment). */
export const NAMING_ONLY_CONDITIONS: readonly string[] = [
  'PodHasNetwork',
  'PodReadyToStartContainers',
];

export interface VersionRun {
  readonly k8sVersion: string;
  readonly events: readonly PodEvent[];
  readonly status: PodStatus;
}

export interface FirstDifference {
  /** Seconds since the pod was created. */
  readonly t: number;
  /** Per version, its events at `t` that not every version has at `t` (possibly none). */
  readonly events: Readonly<Record<string, readonly PodEvent[]>>;
}

function compared(e: PodEvent): boolean {
  return !(e.type === 'PodCondition' && NAMING_ONLY_CONDITIONS.includes(e.condition));
}

/** An event without its time and pod, with sorted keys: equal keys mean the same happening. */
function eventKey(e: PodEvent): string {
  const entries = Object.entries(e).filter(([k]) => k !== 't' && k !== 'pod');
  return JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The earliest time at which the versions' event streams differ (as multisets of events at
 * that time), with the events that make the difference; null when the streams are the same.
 */
export function firstDifference(runs: readonly VersionRun[]): FirstDifference | null {
  if (runs.length < 2) return null;
  const streams = runs.map((r) => r.events.filter(compared));
  const times = [...new Set(streams.flatMap((s) => s.map((e) => e.t)))].sort((a, b) => a - b);
  for (const t of times) {
    const at = streams.map((s) => s.filter((e) => e.t === t));
    const keys = at.map((list) => list.map(eventKey));
    // The multiset of keys every version has at t.
    const common = new Map<string, number>();
    for (const k of keys[0]!) common.set(k, (common.get(k) ?? 0) + 1);
    for (const list of keys.slice(1)) {
      const counts = new Map<string, number>();
      for (const k of list) counts.set(k, (counts.get(k) ?? 0) + 1);
      for (const [k, c] of common) common.set(k, Math.min(c, counts.get(k) ?? 0));
    }
    const extra = at.map((list, i) => {
      const left = new Map(common);
      return list.filter((_e, j) => {
        const k = keys[i]![j]!;
        const c = left.get(k) ?? 0;
        if (c > 0) {
          left.set(k, c - 1);
          return false;
        }
        return true;
      });
    });
    if (extra.some((list) => list.length > 0)) {
      const events: Record<string, PodEvent[]> = {};
      runs.forEach((r, i) => (events[r.k8sVersion] = extra[i]!));
      return { t, events };
    }
  }
  return null;
}

/** `container EVENT detail`, as one short phrase. */
function phrase(e: PodEvent): string {
  const [container, type, detail] = eventCells(e);
  return `${container} ${type}${detail !== '' ? ` ${detail}` : ''}`;
}

/** The headline: where the versions first differ, or that they do not. */
export function describeDifference(
  diff: FirstDifference | null,
  runs: readonly VersionRun[],
): string {
  if (diff === null) {
    // Statuses are compared as the events are: without the naming-only sandbox condition.
    const key = (st: PodStatus): string =>
      JSON.stringify({
        ...st,
        conditions: st.conditions.filter((c) => !NAMING_ONLY_CONDITIONS.includes(c.type)),
      });
    const same = runs.every((r) => key(r.status) === key(runs[0]!.status));
    return `No difference: ${runs.map((r) => r.k8sVersion).join(', ')} give the same events${same ? ' and the same final status' : ' (the final statuses differ)'}.`;
  }
  const parts = Object.entries(diff.events).map(([v, list]) => {
    if (list.length === 0) return `${v}: nothing`;
    const shown = list.slice(0, 4).map(phrase).join(', ');
    return `${v}: ${shown}${list.length > 4 ? `, +${String(list.length - 4)} more` : ''}`;
  });
  return `First difference at ${fmtT(diff.t)}: ${parts.join('; ')}`;
}

/** `{"versions":[{"k8sVersion","events","status"}],"firstDifference":{...}|null}`. */
export function renderCompareJson(runs: readonly VersionRun[]): string {
  return (
    JSON.stringify(
      {
        versions: runs.map((r) => ({
          k8sVersion: r.k8sVersion,
          events: r.events,
          status: r.status,
        })),
        firstDifference: firstDifference(runs),
      },
      null,
      2,
    ) + '\n'
  );
}

/**
 * Text: the first difference, a `kubectl get pod`-style table with one row per version, then
 * one block per version (its timeline and status).
 */
export function renderCompareText(views: readonly PodRunView[]): string {
  const head = describeDifference(firstDifference(views), views);
  const table = formatTable(
    ['VERSION', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'PHASE'],
    views.map((v) => {
      const r = viewRow(v);
      return [v.k8sVersion, r.name, r.ready, r.status, r.restarts, r.age, v.status.phase];
    }),
  );
  const blocks = views.map((v) => `=== Kubernetes ${v.k8sVersion} ===\n${renderText(v)}`);
  return `${head}\n\n${table}\n\n${blocks.join('\n')}`;
}
