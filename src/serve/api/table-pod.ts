/**
 * The `kubectl get pods` row as kube-apiserver's printer computes it:
 * pkg/printers/internalversion/printers.go printPod (the 1.29+ version that knows restartable
 * init containers) and podColumnDefinitions. In short:
 * - READY: ready regular containers that run, plus started-and-ready sidecars; the total is
 *   the regular containers plus every restartable init container of the spec;
 * - STATUS: status.reason or the phase; `SchedulingGated`; the first init container that is not
 *   done (exited 0, or a started sidecar) gives `Init:<reason>`, `Init:ExitCode:N`,
 *   `Init:Signal:N` or `Init:i/n`; once initialised the regular containers, walked last to first,
 *   give their waiting or terminated reason (`ExitCode:N`, `Signal:N` without one); `Completed`
 *   with a ready running container reads `Running` (pod Ready) or `NotReady`; a deletion
 *   timestamp on a pod that is not over reads `Terminating`;
 * - RESTARTS: the sum (all init containers while initialising, then sidecars plus regular
 *   containers), with `(<age> ago)` of the latest lastState.terminated.finishedAt;
 * - wide (priority 1): IP (first podIPs), NODE, NOMINATED NODE, READINESS GATES (`true/total`).
 */
import type { KubeObject } from '../store/types.js';
import { sinceOrUnknown, type ColumnDefinition, type TableCell } from './table-columns.js';

interface ContainerState {
  waiting?: { reason?: string };
  running?: Record<string, unknown>;
  terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string };
}

interface ContainerStatus {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

interface PodShape {
  spec?: {
    initContainers?: { name: string; restartPolicy?: string }[];
    containers?: unknown[];
    nodeName?: string;
    readinessGates?: { conditionType: string }[];
  };
  status?: {
    phase?: string;
    reason?: string;
    conditions?: { type: string; status: string; reason?: string }[];
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
    podIP?: string;
    podIPs?: { ip: string }[];
    nominatedNodeName?: string;
  };
}

/** podColumnDefinitions. */
export const POD_COLUMNS: readonly ColumnDefinition[] = [
  {
    name: 'Name',
    type: 'string',
    format: 'name',
    description: 'Name must be unique within a namespace.',
    priority: 0,
  },
  {
    name: 'Ready',
    type: 'string',
    format: '',
    description: 'The aggregate readiness state of this pod for accepting traffic.',
    priority: 0,
  },
  {
    name: 'Status',
    type: 'string',
    format: '',
    description: 'The aggregate status of the containers in this pod.',
    priority: 0,
  },
  {
    name: 'Restarts',
    type: 'string',
    format: '',
    description:
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    priority: 0,
  },
  {
    name: 'Age',
    type: 'string',
    format: '',
    description:
      'CreationTimestamp is a timestamp representing the server time when this object was created.',
    priority: 0,
  },
  {
    name: 'IP',
    type: 'string',
    format: '',
    description: 'podIP address allocated to the pod.',
    priority: 1,
  },
  {
    name: 'Node',
    type: 'string',
    format: '',
    description: 'NodeName indicates in which node this pod is scheduled.',
    priority: 1,
  },
  {
    name: 'Nominated Node',
    type: 'string',
    format: '',
    description: 'nominatedNodeName is set only when this pod preempts other pods on the node.',
    priority: 1,
  },
  {
    name: 'Readiness Gates',
    type: 'string',
    format: '',
    description: 'If specified, all readiness gates will be evaluated for pod readiness.',
    priority: 1,
  },
];

interface Tally {
  ready: number;
  restarts: number;
  last: number;
  reason: string;
}

/** The cells of one pod (wide columns included: kubectl hides priority 1 without -o wide). */
export function podCells(obj: KubeObject, now: Date): TableCell[] {
  const pod = obj as unknown as PodShape;
  const status = pod.status ?? {};
  const init = pod.spec?.initContainers ?? [];
  const sidecars = new Set(init.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const total = (pod.spec?.containers ?? []).length + sidecars.size;
  let reason =
    status.reason !== undefined && status.reason !== '' ? status.reason : (status.phase ?? '');
  if (
    (status.conditions ?? []).some(
      (c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated',
    )
  )
    reason = 'SchedulingGated';
  const t = initTally(status.initContainerStatuses ?? [], sidecars, init.length, reason);
  const initialized = (status.conditions ?? []).some(
    (c) => c.type === 'Initialized' && c.status === 'True',
  );
  const tally = !t.initializing || initialized ? containerTally(t, status) : t.all;
  if (obj.metadata.deletionTimestamp !== undefined && status.reason === 'NodeLost')
    tally.reason = 'Unknown';
  else if (
    obj.metadata.deletionTimestamp !== undefined &&
    status.phase !== 'Succeeded' &&
    status.phase !== 'Failed'
  )
    tally.reason = 'Terminating';
  const restarts =
    tally.restarts !== 0 && tally.last > 0
      ? `${String(tally.restarts)} (${sinceOrUnknown(new Date(tally.last).toISOString(), now)} ago)`
      : String(tally.restarts);
  return [
    obj.metadata.name,
    `${String(tally.ready)}/${String(total)}`,
    tally.reason,
    restarts,
    sinceOrUnknown(obj.metadata.creationTimestamp, now),
    ...wideCells(pod),
  ];
}

/** The init container walk: the tally over all of them and the one over sidecars only. */
function initTally(
  statuses: readonly ContainerStatus[],
  sidecars: ReadonlySet<string>,
  initCount: number,
  phaseReason: string,
): { all: Tally; sidecar: Tally; initializing: boolean } {
  const all: Tally = { ready: 0, restarts: 0, last: 0, reason: phaseReason };
  const sidecar: Tally = { ready: 0, restarts: 0, last: 0, reason: phaseReason };
  for (const [i, c] of statuses.entries()) {
    addRestarts(all, c);
    if (sidecars.has(c.name)) addRestarts(sidecar, c);
    const term = c.state?.terminated;
    if (term !== undefined && (term.exitCode ?? 0) === 0) continue;
    if (sidecars.has(c.name) && c.started === true) {
      if (c.ready === true) all.ready++;
      continue;
    }
    all.reason = initReason(c, i, initCount);
    sidecar.ready = all.ready;
    return { all, sidecar, initializing: true };
  }
  sidecar.ready = all.ready;
  return { all, sidecar, initializing: false };
}

function initReason(c: ContainerStatus, i: number, initCount: number): string {
  const term = c.state?.terminated;
  const waiting = c.state?.waiting?.reason ?? '';
  if (term !== undefined) {
    if ((term.reason ?? '') !== '') return `Init:${term.reason ?? ''}`;
    return (term.signal ?? 0) !== 0
      ? `Init:Signal:${String(term.signal)}`
      : `Init:ExitCode:${String(term.exitCode ?? 0)}`;
  }
  if (waiting !== '' && waiting !== 'PodInitializing') return `Init:${waiting}`;
  return `Init:${String(i)}/${String(initCount)}`;
}

/** The regular containers, last to first, on top of the sidecars' restarts. */
function containerTally(t: { sidecar: Tally }, status: NonNullable<PodShape['status']>): Tally {
  const tally: Tally = { ...t.sidecar };
  let hasRunning = false;
  const list = status.containerStatuses ?? [];
  for (let i = list.length - 1; i >= 0; i--) {
    const c = list[i];
    if (c === undefined) continue;
    addRestarts(tally, c);
    const term = c.state?.terminated;
    const waiting = c.state?.waiting?.reason ?? '';
    if (waiting !== '') tally.reason = waiting;
    else if (term !== undefined && (term.reason ?? '') !== '') tally.reason = term.reason ?? '';
    else if (term !== undefined)
      tally.reason =
        (term.signal ?? 0) !== 0
          ? `Signal:${String(term.signal)}`
          : `ExitCode:${String(term.exitCode ?? 0)}`;
    else if (c.ready === true && c.state?.running !== undefined) {
      hasRunning = true;
      tally.ready++;
    }
  }
  if (tally.reason === 'Completed' && hasRunning) {
    const ready = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
    tally.reason = ready ? 'Running' : 'NotReady';
  }
  return tally;
}

function addRestarts(t: Tally, c: ContainerStatus): void {
  t.restarts += c.restartCount ?? 0;
  const at = Date.parse(c.lastState?.terminated?.finishedAt ?? '');
  if (!Number.isNaN(at) && at > t.last) t.last = at;
}

function wideCells(pod: PodShape): string[] {
  const status = pod.status ?? {};
  const ip = status.podIPs?.[0]?.ip ?? '';
  const gates = pod.spec?.readinessGates ?? [];
  const trueGates = gates.filter(
    (g) => (status.conditions ?? []).find((c) => c.type === g.conditionType)?.status === 'True',
  ).length;
  return [
    ip === '' ? '<none>' : ip,
    (pod.spec?.nodeName ?? '') === '' ? '<none>' : (pod.spec?.nodeName ?? ''),
    (status.nominatedNodeName ?? '') === '' ? '<none>' : (status.nominatedNodeName ?? ''),
    gates.length === 0 ? '<none>' : `${String(trueGates)}/${String(gates.length)}`,
  ];
}

/** printPod's row conditions: a finished pod is a Completed row. */
export function podRowConditions(obj: KubeObject): Record<string, string>[] | undefined {
  const phase = (obj as unknown as PodShape).status?.phase;
  if (phase === 'Succeeded')
    return [
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ];
  if (phase === 'Failed')
    return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
  return undefined;
}
