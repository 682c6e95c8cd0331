/**
 * The `kubectl get pod` row of a pod status (NAME READY STATUS RESTARTS AGE), computed the way
 * the server-side printer does it: kubernetes/kubernetes pkg/printers/internalversion/printers.go
 * printPod (the version with restartable init containers, 1.28+), with the age strings of
 * staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go HumanDuration.
 *
 * printPod in short (reference/k8s-sidecar-semantics.md f.4):
 * - READY counts ready regular containers plus started-and-ready sidecars; the total counts the
 *   regular containers plus every restartable init container of the spec;
 * - STATUS starts as the phase (or status.reason); the first init container that is not done
 *   (exited 0, or a started sidecar) sets `Init:<reason>`, `Init:ExitCode:N`, `Init:Signal:N` or
 *   `Init:i/n`; once initialised, the regular containers, walked last to first, set it to their
 *   waiting or terminated reason; `Completed` with a container still running reads `Running`
 *   (pod Ready) or `NotReady`; a pod with a deletion timestamp that is not terminal reads
 *   `Terminating`;
 * - RESTARTS sums restartCount (all init containers while initialising, then sidecars plus
 *   regular containers) and adds `(<age> ago)` of the latest previous termination.
 */
import type { PodEvent } from '../lifecycle/events.js';
import type { ContainerStatus, PodStatus } from '../lifecycle/status.js';

export interface PodRow {
  readonly name: string;
  readonly ready: string;
  readonly status: string;
  readonly restarts: string;
  readonly age: string;
}

export interface PodRowInput {
  /** The pod's name (kubectl shows no namespace without -A). */
  readonly name: string;
  readonly status: PodStatus;
  /** Names of the init containers that are restartable (native sidecars) for the version. */
  readonly sidecars: ReadonlySet<string>;
  /** `len(spec.initContainers)`, sidecars included. */
  readonly initContainerCount: number;
  /** `len(spec.containers)`. */
  readonly containerCount: number;
  /** The event stream, for the deletion timestamp and the times of previous terminations. */
  readonly events: readonly PodEvent[];
  /** The moment the row is printed, in seconds since the pod was created. */
  readonly now: number;
}

/** The row of one pod (printPod). */
export function podRow(input: PodRowInput): PodRow {
  const { status, sidecars } = input;
  let restarts = 0;
  let sidecarRestarts = 0;
  let ready = 0;
  const total = input.containerCount + sidecars.size;
  let reason: string = status.reason ?? status.phase;
  const lastTerm = lastTerminations(input.events, status);
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;
  const later = (a: number | undefined, b: number | undefined): number | undefined =>
    a === undefined ? b : b === undefined ? a : Math.max(a, b);

  let initializing = false;
  const inits = status.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i]!;
    restarts += c.restartCount;
    lastRestart = later(lastRestart, lastTerm.get(c.name));
    const isSidecar = sidecars.has(c.name);
    if (isSidecar) {
      sidecarRestarts += c.restartCount;
      lastSidecarRestart = later(lastSidecarRestart, lastTerm.get(c.name));
    }
    const term = c.state.terminated;
    if (term !== undefined && term.exitCode === 0) continue;
    if (isSidecar && c.started === true) {
      if (c.ready) ready++;
      continue;
    }
    if (term !== undefined) {
      if (term.reason === undefined || term.reason === '') {
        reason =
          term.signal !== undefined && term.signal !== 0
            ? `Init:Signal:${String(term.signal)}`
            : `Init:ExitCode:${String(term.exitCode)}`;
      } else reason = `Init:${term.reason}`;
    } else if (
      c.state.waiting?.reason !== undefined &&
      c.state.waiting.reason !== '' &&
      c.state.waiting.reason !== 'PodInitializing'
    ) {
      reason = `Init:${c.state.waiting.reason}`;
    } else {
      reason = `Init:${String(i)}/${String(input.initContainerCount)}`;
    }
    initializing = true;
    break;
  }

  const initialized = status.conditions.some(
    (c) => c.type === 'Initialized' && c.status === 'True',
  );
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    for (let i = status.containerStatuses.length - 1; i >= 0; i--) {
      const c = status.containerStatuses[i]!;
      restarts += c.restartCount;
      lastRestart = later(lastRestart, lastTerm.get(c.name));
      const term = c.state.terminated;
      if (c.state.waiting?.reason !== undefined && c.state.waiting.reason !== '')
        reason = c.state.waiting.reason;
      else if (term !== undefined && term.reason !== undefined && term.reason !== '')
        reason = term.reason;
      else if (term !== undefined) {
        reason =
          term.signal !== undefined && term.signal !== 0
            ? `Signal:${String(term.signal)}`
            : `ExitCode:${String(term.exitCode)}`;
      } else if (c.ready && c.state.running !== undefined) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = status.conditions.some((c) => c.type === 'Ready' && c.status === 'True')
        ? 'Running'
        : 'NotReady';
    }
  }

  const deleting = input.events.some((e) => e.type === 'PodDeleting');
  if (deleting && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined)
    restartsStr += ` (${humanDuration(input.now - lastRestart)} ago)`;
  return {
    name: input.name,
    ready: `${String(ready)}/${String(total)}`,
    status: reason,
    restarts: restartsStr,
    age: humanDuration(input.now),
  };
}

/**
 * For each container, when its `lastState.terminated` happened, read from the events: the exit
 * before the current instance (or, for a container now terminated, the exit before that one).
 */
function lastTerminations(events: readonly PodEvent[], status: PodStatus): Map<string, number> {
  const exits = new Map<string, number[]>();
  for (const e of events) {
    if (e.type !== 'ContainerExited') continue;
    const list = exits.get(e.container) ?? [];
    list.push(e.t);
    exits.set(e.container, list);
  }
  const out = new Map<string, number>();
  const all: readonly ContainerStatus[] = [
    ...(status.initContainerStatuses ?? []),
    ...status.containerStatuses,
  ];
  for (const c of all) {
    if (c.lastState.terminated === undefined) continue;
    const list = exits.get(c.name) ?? [];
    const t = c.state.terminated !== undefined ? list[list.length - 2] : list[list.length - 1];
    if (t !== undefined) out.set(c.name, t);
  }
  return out;
}

/**
 * kubectl's age string (apimachinery duration.HumanDuration): `45s`, `2m5s`, `12m`, `3h20m`, `2d4h`.
 */
export function humanDuration(seconds: number): string {
  const s = Math.trunc(seconds);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${String(s)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const r = s % 60;
    return r === 0 ? `${String(minutes)}m` : `${String(minutes)}m${String(r)}s`;
  }
  if (minutes < 180) return `${String(minutes)}m`;
  const hours = Math.floor(seconds / 3600);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${String(hours)}h` : `${String(hours)}h${String(m)}m`;
  }
  if (hours < 48) return `${String(hours)}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0
      ? `${String(Math.floor(hours / 24))}d`
      : `${String(Math.floor(hours / 24))}d${String(h)}h`;
  }
  if (hours < 24 * 365 * 2) return `${String(Math.floor(hours / 24))}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    const y = Math.floor(hours / 24 / 365);
    return dy === 0 ? `${String(y)}y` : `${String(y)}y${String(dy)}d`;
  }
  return `${String(Math.floor(hours / 24 / 365))}y`;
}

/**
 * Rows as kubectl prints them: a header, columns left-aligned and separated by at least three
 * spaces (kubectl's tabwriter padding), no trailing spaces.
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 3)))
        .join('')
        .trimEnd(),
    )
    .join('\n');
}

/** The `kubectl get pod` table of rows. */
export function formatPodRows(rows: readonly PodRow[]): string {
  return formatTable(
    ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    rows.map((r) => [r.name, r.ready, r.status, r.restarts, r.age]),
  );
}
