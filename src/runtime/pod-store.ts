/**
 * The pods `sidecarctl run` ran or runs, as the state directory keeps them: each pod's
 * `<state>/pods/<namespace>_<name>/` holds `pod.json` (written by the runtime when the pod
 * starts), `events.jsonl` (each event as it happens) and `status.json` (its final status, when
 * the run ended). `get` lists them as `kubectl get pods` does; `delete` prunes them.
 *
 * A pod whose runtime is alive and has no final status is running: its status is rebuilt from
 * its events. A pod with neither (its runtime was killed) shows `Unknown`, as kubectl shows a pod
 * on a lost node.
 */
import {
  appendFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { eventToJsonLine, type PodEvent, type PodPhase } from '../lifecycle/events.js';
import type { ContainerStatus, PodCondition, PodStatus } from '../lifecycle/status.js';
import { SidecarError } from '../errors.js';
import { viewRow } from '../timeline/render-text.js';
import type { PodRow } from '../timeline/pod-row.js';
import type { PodRunView } from '../timeline/view.js';
import type { LaneSpec } from '../timeline/lanes.js';
import { runtimeAlive, type PodRecord } from './logs.js';
import { podDirectory, runtimeDirectory } from './state-dir.js';

const EVENTS = 'events.jsonl';
const STATUS = 'status.json';

/** The directory of a pod named `namespace/name`. */
function dirOf(stateDir: string, pod: string): string {
  const slash = pod.indexOf('/');
  return podDirectory(stateDir, pod.slice(0, slash), pod.slice(slash + 1));
}

/** Appends an event of a running pod to its `events.jsonl` (for `get` while it runs). */
export function appendPodEvent(stateDir: string, e: PodEvent): void {
  const dir = dirOf(stateDir, e.pod);
  if (existsSync(dir)) appendFileSync(join(dir, EVENTS), eventToJsonLine(e) + '\n');
}

/** Keeps the final view of a pod that has ended (for `get` after the run). */
export function savePodView(stateDir: string, view: PodRunView): void {
  const dir = dirOf(stateDir, view.pod);
  if (existsSync(dir)) writeFileSync(join(dir, STATUS), JSON.stringify(view) + '\n');
}

/** One pod of the state directory. */
export interface StoredPod {
  readonly record: PodRecord;
  readonly dir: string;
  /** Its runtime is alive and it has not ended. */
  readonly running: boolean;
  /** Its view: the final one, or rebuilt from the events so far; null when its run was lost. */
  readonly view: PodRunView | null;
}

function readJson<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

function readEvents(dir: string): PodEvent[] {
  let text: string;
  try {
    text = readFileSync(join(dir, EVENTS), 'utf8');
  } catch {
    return [];
  }
  const out: PodEvent[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      out.push(JSON.parse(line) as PodEvent);
    } catch {
      // a line being written
    }
  }
  return out;
}

/**
 * The pods of the state directory, sorted by namespace and name.
 * @param namespace - only this namespace; all when undefined
 */
export function listPods(stateDir: string, namespace?: string): StoredPod[] {
  const root = join(stateDir, 'pods');
  if (!existsSync(root)) return [];
  const out: StoredPod[] = [];
  for (const entry of readdirSync(root).sort()) {
    const dir = join(root, entry);
    const record = readJson<PodRecord>(join(dir, 'pod.json'));
    if (record === null) continue;
    if (namespace !== undefined && record.namespace !== namespace) continue;
    const final = readJson<PodRunView>(join(dir, STATUS));
    const alive = final === null && runtimeAlive(record.runtimePid);
    const view = final ?? (alive ? liveView(record, readEvents(dir)) : null);
    out.push({ record, dir, running: alive, view });
  }
  return out;
}

/** A pod by namespace and name, or null. */
export function findPod(stateDir: string, namespace: string, name: string): StoredPod | null {
  return (
    listPods(stateDir, namespace).find(
      (p) => p.record.name === name && p.record.namespace === namespace,
    ) ?? null
  );
}

function lanesOf(record: PodRecord): LaneSpec[] {
  return record.containers.map((c) => ({
    name: c.name,
    kind: (c.kind ?? (c.init ? 'init' : 'regular')) as LaneSpec['kind'],
  }));
}

interface Tracked {
  name: string;
  restartCount: number;
  state: ContainerStatus['state'];
  ready: boolean;
  started: boolean;
}

/** A pod status rebuilt from the events so far (what `kubectl get` needs of it). */
export function statusFromEvents(record: PodRecord, events: readonly PodEvent[]): PodStatus {
  let phase: PodPhase = 'Pending';
  const conditions = new Map<string, PodCondition>();
  const tracked = new Map<string, Tracked>(
    record.containers.map((c) => [
      c.name,
      { name: c.name, restartCount: 0, state: { waiting: {} }, ready: false, started: false },
    ]),
  );
  for (const e of events) {
    if (e.type === 'PodPhase') phase = e.phase;
    else if (e.type === 'PodCondition')
      conditions.set(e.condition, { type: e.condition, status: e.status });
    if (!('container' in e)) continue;
    const c = tracked.get(e.container);
    if (c === undefined) continue;
    if (e.type === 'ContainerStarted') {
      c.restartCount = e.restartCount;
      c.state = { running: { startedAt: '' } };
      c.started = true;
    } else if (e.type === 'ContainerExited') {
      c.state = { terminated: { exitCode: e.exitCode, reason: e.reason } };
      c.ready = false;
      c.started = false;
    } else if (e.type === 'ContainerReady') {
      c.ready = e.ready;
    } else if (e.type === 'ProbeResult' && e.probe === 'startup') {
      c.started = e.result === 'Success';
    }
  }
  const statusOf = (name: string): ContainerStatus => {
    const c = tracked.get(name)!;
    return {
      name,
      state: c.state,
      lastState: {},
      ready: c.ready,
      restartCount: c.restartCount,
      image: '',
      imageID: '',
      started: c.started,
    };
  };
  const init = record.containers.filter((c) => c.init).map((c) => statusOf(c.name));
  return {
    phase,
    conditions: [...conditions.values()],
    ...(init.length > 0 ? { initContainerStatuses: init } : {}),
    containerStatuses: record.containers.filter((c) => !c.init).map((c) => statusOf(c.name)),
  };
}

function liveView(record: PodRecord, events: readonly PodEvent[]): PodRunView {
  return {
    pod: `${record.namespace}/${record.name}`,
    k8sVersion: '',
    containers: lanesOf(record),
    events,
    status: statusFromEvents(record, events),
    until: 0,
    clock: 'real',
  };
}

/** Seconds since the pod started, at `nowMs`. */
function ageOf(record: PodRecord, nowMs: number): number {
  const started = Date.parse(record.startedAt);
  return Number.isNaN(started) ? 0 : Math.max(0, (nowMs - started) / 1000);
}

/** The `kubectl get pods` row of a stored pod at `nowMs` (`Unknown` when its run was lost). */
export function storedPodRow(pod: StoredPod, nowMs: number = Date.now()): PodRow {
  const age = ageOf(pod.record, nowMs);
  if (pod.view === null)
    return { ...viewRow({ ...liveView(pod.record, []), until: age }), status: 'Unknown' };
  return viewRow({ ...pod.view, until: age });
}

/** kubectl's NotFound, worded for the local state directory. */
export function notFound(name: string, stateDir: string): SidecarError {
  return new SidecarError(
    'SIDECAR_E_NOT_FOUND',
    `Error from state directory (NotFound): pods "${name}" not found (in ${stateDir})`,
  );
}

/**
 * Removes a pod that is not running from the state directory: its directory and its
 * memory-backed volumes under $XDG_RUNTIME_DIR.
 */
export function prunePod(pod: StoredPod): void {
  rmSync(pod.dir, { recursive: true, force: true });
  const mem = runtimeDirectory();
  if (mem !== null)
    rmSync(join(mem, 'pods', `${pod.record.namespace}_${pod.record.name}`), {
      recursive: true,
      force: true,
    });
}

/** Whether the pid is still a sidecarctl runtime (not a pid reused by another program). */
function isRuntime(pid: number): boolean {
  if (!runtimeAlive(pid)) return false;
  try {
    const cmd = readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8');
    return /sidecarctl|kubectl-sidecar|cli[/\\]main\.[jt]s/.test(cmd);
  } catch {
    return true; // no /proc: trust the pid
  }
}

/** What `delete` did to a pod. */
export interface Deleted {
  readonly pod: StoredPod;
  /** It was running: its run was asked to delete it gracefully (SIGTERM), and it ended. */
  readonly wasRunning: boolean;
}

/**
 * Deletes pods as `kubectl delete` does: a running pod is deleted gracefully (its run gets
 * SIGTERM, as on Ctrl-C: preStop hooks, grace period, sidecars last) and waited for; then its
 * directory is removed. A run that also runs pods not asked for is refused: deleting it would
 * delete them too.
 * @throws SidecarError SIDECAR_E_USAGE for a running pod that shares its run with others
 */
export async function deletePods(
  stateDir: string,
  pods: readonly StoredPod[],
  pollMs = 50,
): Promise<Deleted[]> {
  const all = listPods(stateDir);
  const asked = new Set(pods.map((p) => p.dir));
  const runtimes = new Set<number>();
  for (const p of pods) {
    if (!p.running || !isRuntime(p.record.runtimePid)) continue;
    const others = all.filter(
      (o) => o.running && o.record.runtimePid === p.record.runtimePid && !asked.has(o.dir),
    );
    if (others.length > 0)
      throw new SidecarError(
        'SIDECAR_E_USAGE',
        `pod "${p.record.name}" runs in one run (pid ${String(p.record.runtimePid)}) with ${others.map((o) => `"${o.record.name}"`).join(', ')}: delete them together, or stop that run (Ctrl-C)`,
      );
    runtimes.add(p.record.runtimePid);
  }
  for (const pid of runtimes) process.kill(pid, 'SIGTERM');
  while ([...runtimes].some((pid) => runtimeAlive(pid)))
    await new Promise((r) => setTimeout(r, pollMs));
  return pods.map((pod) => {
    prunePod(pod);
    return { pod, wasRunning: runtimes.has(pod.record.runtimePid) && pod.running };
  });
}
