/**
 * A pod's panel of the timeline page (model.ts) from the one result view of simulate and run
 * (timeline/view.ts): the kubectl row (pod-row.ts, printPod), the conditions in kubectl's order,
 * the lanes of the SVG renderer, and the events the kubelet would have recorded for the engine's
 * events (timeline/event-wording.ts, the wording serve's kubelet posts), counted the way the
 * event recorder aggregates repeats (client-go tools/record events_cache.go: same source,
 * object, type, reason and message make one event with a count and the latest time).
 */
import { parseVersion, resolveVersion, type VersionInfo } from '../model/versions.js';
import { kubeletEventsOf, type WordingContext } from '../timeline/event-wording.js';
import { renderSvg } from '../timeline/render-svg.js';
import { viewRow } from '../timeline/render-text.js';
import type { PodRunView } from '../timeline/view.js';
import type { UiContainer, UiEventRow, UiPodPanel } from './model.js';

export interface PanelOptions {
  /** Right end of the lanes' time axis (to line several panels up); default: the renderer's. */
  readonly end?: number;
  /** Where each container's logs are (live pages). */
  readonly logsHref?: (container: string) => string;
  /** The pod's namespace; default: the one in `view.pod`, else `default`. */
  readonly namespace?: string;
  /** kubectl's AGE column; default: from the view's `until`. */
  readonly age?: string;
  /** The pod's uid, as the kubelet's BackOff and hook messages name it; default: none. */
  readonly uid?: string;
}

/** kubectl describe's order of the pod conditions. */
const CONDITION_ORDER = [
  'PodReadyToStartContainers',
  'Initialized',
  'Ready',
  'ContainersReady',
  'PodScheduled',
];

/** The lanes' names of the container kinds. */
const KIND_NAME: Readonly<Record<string, string>> = { regular: 'app' };

/** The panel of one pod. */
export function panelOfView(view: PodRunView, options: PanelOptions = {}): UiPodPanel {
  const slash = view.pod.indexOf('/');
  const namespace = options.namespace ?? (slash >= 0 ? view.pod.slice(0, slash) : 'default');
  const name = slash >= 0 ? view.pod.slice(slash + 1) : view.pod;
  const row = viewRow(view);
  const containers: UiContainer[] = view.containers.map((c) => ({
    name: c.name,
    kind: KIND_NAME[c.kind] ?? c.kind,
    ...(options.logsHref !== undefined ? { logsHref: options.logsHref(c.name) } : {}),
  }));
  return {
    key: `${namespace}/${name}`,
    namespace,
    name,
    k8sVersion: view.k8sVersion,
    row: {
      ready: row.ready,
      status: row.status,
      restarts: row.restarts,
      age: options.age ?? row.age,
    },
    phase: view.status.phase,
    conditions: orderedConditions(view),
    containers,
    lanesSvg: renderSvg(view, options.end),
    events: eventRows(view, name, namespace, options.uid ?? ''),
    now: view.until,
  };
}

function orderedConditions(view: PodRunView): UiPodPanel['conditions'] {
  const rank = (type: string): number => {
    const i = CONDITION_ORDER.indexOf(type);
    return i < 0 ? CONDITION_ORDER.length : i;
  };
  return [...view.status.conditions]
    .sort((a, b) => rank(a.type) - rank(b.type))
    .map((c) => ({ type: c.type, status: c.status }));
}

function versionOf(view: PodRunView): VersionInfo | null {
  try {
    return resolveVersion(parseVersion(view.k8sVersion));
  } catch {
    return null;
  }
}

/** The kubelet's events of the view, repeats counted, in order of first appearance. */
export function eventRows(
  view: PodRunView,
  name: string,
  namespace: string,
  uid: string,
): UiEventRow[] {
  const version = versionOf(view);
  if (version === null) return [];
  const images = new Map<string, string>();
  for (const c of [...(view.status.initContainerStatuses ?? []), ...view.status.containerStatuses])
    images.set(c.name, c.image);
  const ctx: WordingContext = {
    name,
    namespace,
    uid,
    version,
    image: (c) => images.get(c) ?? '',
    signalled: new Set(),
  };
  const rows = new Map<string, UiEventRow>();
  const order: string[] = [];
  for (const e of view.events) {
    for (const k of kubeletEventsOf(e, ctx)) {
      const object = `pod/${name}`;
      const id = JSON.stringify([k.type, k.reason, object, k.container ?? '', k.message]);
      const seen = rows.get(id);
      if (seen === undefined) order.push(id);
      const count = (seen?.count ?? 0) + 1;
      rows.set(id, { t: e.t, type: k.type, reason: k.reason, object, message: k.message, count });
    }
  }
  return order.map((id) => rows.get(id)!);
}
