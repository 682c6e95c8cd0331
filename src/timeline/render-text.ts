/**
 * `simulate -o text` (and the text inside `-o html`): the timeline as an aligned table (T, CONTAINER, EVENT, DETAIL; one line
 * per event) and then the final status as `kubectl get pod` prints it (pod-row.ts).
 */
import type { PodEvent } from '../lifecycle/events.js';
import type { ContainerKind } from '../model/containers.js';
import type { PodRunView } from './view.js';
import { formatPodRows, formatTable, podRow, type PodRow } from './pod-row.js';
import { fmtSeconds } from './lanes.js';
import { escapeControl } from '../manifest/escape.js';

/** `12.503s`: event times, always with milliseconds so the column aligns. */
export function fmtT(t: number): string {
  return `${t.toFixed(3)}s`;
}

/** The CONTAINER, EVENT and DETAIL cells of one event, control characters escaped. */
export function eventCells(e: PodEvent): [string, string, string] {
  const [container, type, detail] = rawEventCells(e);
  return [escapeControl(container), escapeControl(type), escapeControl(detail)];
}

function rawEventCells(e: PodEvent): [string, string, string] {
  switch (e.type) {
    case 'PodPhase':
      return ['(pod)', e.type, e.phase];
    case 'PodCondition':
      return ['(pod)', e.type, `${e.condition}=${e.status}`];
    case 'PodDeleting':
      return ['(pod)', e.type, `gracePeriodSeconds=${String(e.gracePeriodSeconds)}`];
    case 'ContainerStarted':
      return [e.container, e.type, `restartCount=${String(e.restartCount)}`];
    case 'ContainerExited':
      return [e.container, e.type, `exitCode=${String(e.exitCode)} reason=${e.reason}`];
    case 'ContainerKilling':
      return [e.container, e.type, `${e.signal} reason=${e.reason}`];
    case 'ProbeResult':
      return [e.container, e.type, `${e.probe} ${e.result}`];
    case 'ContainerReady':
      return [e.container, e.type, `ready=${String(e.ready)}`];
    case 'BackOff':
      return [e.container, e.type, `delay=${fmtSeconds(e.delaySeconds)}`];
    case 'HookStarted':
      return [e.container, e.type, e.hook];
    case 'HookFinished':
      return [
        e.container,
        e.type,
        e.exitCode !== undefined ? `${e.hook} exitCode=${String(e.exitCode)}` : e.hook,
      ];
    case 'ImagePullFailed':
      return [
        e.container,
        e.type,
        `${e.reason} image=${e.image} retryAfter=${fmtSeconds(e.retryAfterSeconds)}`,
      ];
    case 'ImageChanged':
      return [e.container, e.type, `image=${e.image}`];
    default: {
      // A type added later: show its fields as they are.
      const rec = e as unknown as Record<string, unknown>;
      const container = typeof rec['container'] === 'string' ? rec['container'] : '(pod)';
      const rest = Object.entries(rec).filter(
        ([k]) => !['t', 'pod', 'type', 'container'].includes(k),
      );
      return [container, String(rec['type']), rest.map(([k, v]) => `${k}=${String(v)}`).join(' ')];
    }
  }
}

/** The event table alone. */
export function renderEventTable(events: readonly PodEvent[]): string {
  if (events.length === 0) return '(no events)';
  return formatTable(
    ['T', 'CONTAINER', 'EVENT', 'DETAIL'],
    events.map((e) => [fmtT(e.t).padStart(fmtT(maxT(events)).length), ...eventCells(e)]),
  );
}

function maxT(events: readonly PodEvent[]): number {
  return events.reduce((m, e) => Math.max(m, e.t), 0);
}

/** The kubectl row of a view. */
export function viewRow(view: PodRunView): PodRow {
  const slash = view.pod.indexOf('/');
  return podRow({
    name: escapeControl(slash >= 0 ? view.pod.slice(slash + 1) : view.pod),
    status: view.status,
    sidecars: new Set(view.containers.filter((c) => c.kind === 'sidecar').map((c) => c.name)),
    initContainerCount: view.containers.filter((c) => isInit(c.kind)).length,
    containerCount: view.containers.filter((c) => c.kind === 'regular').length,
    events: view.events,
    now: view.until,
  });
}

function isInit(k: ContainerKind): boolean {
  return k === 'init' || k === 'sidecar';
}

/** The whole `-o text` output: heading, event table, blank line, kubectl status table. */
export function renderText(view: PodRunView): string {
  const when =
    view.clock === 'real'
      ? `ran for ${fmtSeconds(view.until)}`
      : `simulated until ${fmtSeconds(view.until)}`;
  const head = `Pod ${escapeControl(view.pod)} on Kubernetes ${view.k8sVersion}, ${when}`;
  const status = `Status at ${fmtSeconds(view.until)} (phase ${view.status.phase}):`;
  return `${head}\n\n${renderEventTable(view.events)}\n\n${status}\n${formatPodRows([viewRow(view)])}\n`;
}
