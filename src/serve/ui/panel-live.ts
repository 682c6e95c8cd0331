/**
 * One live pod's panel: the lanes come from what the kubelet knows of the pod's run (its engine
 * events and status, as a PodRunView drawn by src/ui's panelOfView), and everything a user can
 * also read through the API comes from the store, so that the page and kubectl agree: the row,
 * phase and conditions of the stored pod (the kubectl get pods columns, api/table-pod.ts) and the
 * stored Events about it (kubectl get events).
 */
import type { PodStatus } from '../../lifecycle/status.js';
import { isRecord } from '../../manifest/objects.js';
import type { VersionInfo } from '../../model/versions.js';
import { laneSpecsOf, type PodRunView } from '../../timeline/view.js';
import type { UiEventRow, UiPodPanel } from '../../ui/model.js';
import type { PanelOptions } from '../../ui/panel.js';
import { podCells } from '../api/table-pod.js';
import type { KubeObject } from '../store/types.js';

/** src/ui/panel.ts panelOfView (replaced in tests). */
export type PanelOfView = (view: PodRunView, options?: PanelOptions) => UiPodPanel;

/** Everything one panel is made of. */
export interface LivePod {
  readonly pod: KubeObject;
  /** The stored Events whose involvedObject is this pod (any order). */
  readonly events: readonly KubeObject[];
  /** The kubelet's run of the pod so far; null before it runs (or when it could not). */
  readonly view: PodRunView | null;
}

/** Where the page links for a container's log, following. */
export function logsHref(namespace: string, pod: string, container: string): string {
  return ['/ui/logs', namespace, pod, container]
    .map((s, i) => (i === 0 ? s : encodeURIComponent(s)))
    .join('/');
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function statusOf(pod: KubeObject): Record<string, unknown> {
  return isRecord(pod['status']) ? pod['status'] : {};
}

/** A view of a pod the kubelet has not run: its lanes, no events, the stored status. */
function idleView(pod: KubeObject, version: VersionInfo): PodRunView {
  const status = statusOf(pod);
  return {
    pod: `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`,
    k8sVersion: version.version,
    containers: laneSpecsOf(pod['spec'], version),
    events: [],
    status: {
      phase: 'Pending',
      conditions: [],
      containerStatuses: [],
      ...status,
    } as unknown as PodStatus,
    until: 0,
    clock: 'real',
  };
}

/** kubectl get events' OBJECT (printers.go printEvent): `kind/name`, the kind lower-cased. */
function objectOf(e: KubeObject): string {
  const inv = isRecord(e['involvedObject']) ? e['involvedObject'] : {};
  return `${str(inv['kind']).toLowerCase()}/${str(inv['name'])}`;
}

/** The pod's stored Events as the page's rows, in the order kubectl lists them (by name). */
export function eventRows(pod: KubeObject, events: readonly KubeObject[]): UiEventRow[] {
  const created = Date.parse(pod.metadata.creationTimestamp);
  return events
    .filter((e) => {
      const uid = isRecord(e['involvedObject']) ? str(e['involvedObject']['uid']) : '';
      return uid === '' || uid === pod.metadata.uid;
    })
    .sort((a, b) =>
      a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0,
    )
    .map((e) => {
      const at = Date.parse(str(e['firstTimestamp']) || str(e['eventTime']));
      const t = Number.isNaN(at) || Number.isNaN(created) ? 0 : Math.max(0, (at - created) / 1000);
      return {
        t,
        type: str(e['type']),
        reason: str(e['reason']),
        object: objectOf(e),
        message: str(e['message']).trim(),
        count: typeof e['count'] === 'number' && e['count'] > 0 ? e['count'] : 1,
      };
    });
}

/** The panel of one live pod at `now`. */
export function livePanel(
  p: LivePod,
  version: VersionInfo,
  panelOf: PanelOfView,
  now: Date,
): UiPodPanel {
  const ns = p.pod.metadata.namespace ?? 'default';
  const name = p.pod.metadata.name;
  const [, ready, status, restarts, age] = podCells(p.pod, now).map(String);
  const view = p.view ?? idleView(p.pod, version);
  const panel = panelOf(view, {
    end: view.until,
    namespace: ns,
    age: age ?? '',
    logsHref: (c) => logsHref(ns, name, c),
    uid: p.pod.metadata.uid,
  });
  const created = Date.parse(p.pod.metadata.creationTimestamp);
  const stored = statusOf(p.pod);
  const conditions = Array.isArray(stored['conditions']) ? stored['conditions'] : [];
  return {
    ...panel,
    key: `${ns}/${name}`,
    namespace: ns,
    name,
    row: { ready: ready ?? '', status: status ?? '', restarts: restarts ?? '', age: age ?? '' },
    phase: str(stored['phase']) || 'Pending',
    conditions: conditions
      .filter(isRecord)
      .map((c) => ({ type: str(c['type']), status: str(c['status']) })),
    events: eventRows(p.pod, p.events),
    // The events' LAST SEEN counts back from here: seconds since creation, as their `t`.
    now: Number.isNaN(created) ? view.until : Math.max(0, (now.getTime() - created) / 1000),
  };
}
