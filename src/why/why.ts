/**
 * `sidecarctl why POD`: where a live pod is in the sidecar lifecycle and what it waits for, in a
 * few sentences, read from its spec and status (a `kubectl get pod -o yaml`) with the kubelet's
 * rules as the engine models them (src/lifecycle):
 *
 * - init containers run one at a time in spec order; a regular one gates the next until it exits
 *   0, a native sidecar (restartPolicy Always) until it has *started* (its startupProbe passed,
 *   or none), and then runs on (kuberuntime_manager.go computeInitContainerActions);
 * - regular containers start once every init container is done or started;
 * - Ready needs every regular container and every sidecar ready (status.go podReadyCondition);
 * - a failed container waits out a crash-loop back-off of 10 s doubling to 5 min
 *   (lifecycle/backoff.ts), a failed image pull its own back-off;
 * - a pod whose regular containers all exited is over only when no regular container runs: a
 *   classic sidecar (a regular container that never exits) keeps a Job's pod Running forever;
 * - deletion stops regular containers first, then sidecars in reverse order (1.29+).
 */
import { BACKOFF_INITIAL_MS, BACKOFF_MAX_MS } from '../lifecycle/backoff.js';
import { classifyContainers, type ClassifiedContainer } from '../model/containers.js';
import { isRecord } from '../model/record.js';
import type { VersionInfo } from '../model/versions.js';

type Obj = Readonly<Record<string, unknown>>;

interface Status {
  readonly name: string;
  readonly ready: boolean;
  readonly started?: boolean;
  readonly restartCount: number;
  readonly state: Obj;
  readonly lastState: Obj;
}

function obj(v: unknown): Obj {
  return isRecord(v) ? v : {};
}

function statusesOf(status: Obj): Map<string, Status> {
  const out = new Map<string, Status>();
  for (const key of ['initContainerStatuses', 'containerStatuses']) {
    const list = status[key];
    if (!Array.isArray(list)) continue;
    for (const s of list) {
      if (!isRecord(s) || typeof s['name'] !== 'string') continue;
      out.set(s['name'], {
        name: s['name'],
        ready: s['ready'] === true,
        ...(typeof s['started'] === 'boolean' ? { started: s['started'] } : {}),
        restartCount: typeof s['restartCount'] === 'number' ? s['restartCount'] : 0,
        state: obj(s['state']),
        lastState: obj(s['lastState']),
      });
    }
  }
  return out;
}

/** `"proxy"` (a native sidecar), `"setup"` (an init container), `"app"`. */
function label(c: ClassifiedContainer): string {
  const what =
    c.kind === 'sidecar' ? 'native sidecar' : c.kind === 'init' ? 'init container' : 'container';
  return `${what} "${c.name}"`;
}

/** The crash-loop back-off now running for a container that restarted `restarts` times. */
function backOffSentence(c: ClassifiedContainer, s: Status): string {
  const waiting = obj(s.state['waiting']);
  const last = obj(s.lastState['terminated']);
  const delayMs = Math.min(
    BACKOFF_INITIAL_MS * 2 ** Math.max(0, s.restartCount - 1),
    BACKOFF_MAX_MS,
  );
  const m = /back-off (\S+) restarting/.exec(String(waiting['message'] ?? ''));
  const delay = m !== null ? m[1]! : `${String(delayMs / 1000)}s`;
  const finished = typeof last['finishedAt'] === 'string' ? Date.parse(last['finishedAt']) : NaN;
  const until = Number.isNaN(finished)
    ? ''
    : ` until about ${new Date(finished + (m === null ? delayMs : parseDelay(delay))).toISOString()}`;
  const exit =
    typeof last['exitCode'] === 'number'
      ? ` (last exit code ${String(last['exitCode'])}${typeof last['reason'] === 'string' ? `, ${last['reason']}` : ''})`
      : '';
  return `${label(c)} keeps failing${exit}: it has restarted ${String(s.restartCount)} time(s) and the kubelet waits a back-off of ${delay}${until} before the next start (10s doubling to 5m).`;
}

function parseDelay(text: string): number {
  let ms = 0;
  for (const m of text.matchAll(/(\d+)([hms])/g))
    ms += Number(m[1]) * (m[2] === 'h' ? 3_600_000 : m[2] === 'm' ? 60_000 : 1_000);
  return ms;
}

/** Why a container that has not run yet (or not now) is waiting, or null when it runs. */
function waitingSentence(c: ClassifiedContainer, s: Status | undefined): string | null {
  if (s === undefined) return `${label(c)} has not been created yet.`;
  const waiting = obj(s.state['waiting']);
  const reason = typeof waiting['reason'] === 'string' ? waiting['reason'] : '';
  if (reason === 'CrashLoopBackOff') return backOffSentence(c, s);
  if (reason === 'ErrImagePull' || reason === 'ImagePullBackOff')
    return `${label(c)} cannot start: its image cannot be pulled (${reason}${typeof waiting['message'] === 'string' ? `: ${waiting['message']}` : ''}); the kubelet retries with a back-off of up to 5m.`;
  if (reason !== '')
    return `${label(c)} is waiting (${reason}${typeof waiting['message'] === 'string' ? `: ${waiting['message']}` : ''}).`;
  return null;
}

/** The init sequence: the first container that gates the next, and why. */
function initSentences(inits: readonly ClassifiedContainer[], st: Map<string, Status>): string[] {
  for (const [i, c] of inits.entries()) {
    const s = st.get(c.name);
    const next = inits[i + 1];
    const gated =
      next !== undefined ? `${label(next)} waits for it` : 'the app containers wait for it';
    const terminated = obj(s?.state['terminated']);
    if (c.kind === 'init') {
      if (terminated['exitCode'] === 0) continue;
      const why = waitingSentence(c, s);
      if (why !== null) return [why, `Init containers run one at a time: ${gated}.`];
      if (isRecord(s?.state['running']))
        return [
          `${label(c)} is running; ${gated} to exit with code 0 (init containers run one at a time).`,
        ];
      return [`${label(c)} exited with code ${String(terminated['exitCode'])}; ${gated}.`];
    }
    if (s?.started === true) continue;
    const why = waitingSentence(c, s);
    if (why !== null)
      return [why, `A native sidecar must start before the next container: ${gated}.`];
    return [
      `${label(c)} is running but has not started: its startupProbe has not succeeded yet, and ${gated} (a native sidecar gates the next container until it has started).`,
    ];
  }
  return [];
}

function readinessSentences(
  all: readonly ClassifiedContainer[],
  st: Map<string, Status>,
): string[] {
  const notReady = all.filter(
    (c) => (c.kind === 'regular' || c.kind === 'sidecar') && st.get(c.name)?.ready !== true,
  );
  if (notReady.length === 0) return ['Every container and sidecar is ready: the pod is Ready.'];
  return [
    `The pod is not Ready because ${notReady.map(label).join(', ')} ${notReady.length === 1 ? 'is' : 'are'} not ready (Ready needs every container and native sidecar ready; a failing readinessProbe, or a container not running, keeps it so).`,
  ];
}

/** A regular container that exited while another runs on: the classic-sidecar trap. */
function completionSentences(
  pod: Obj,
  regular: readonly ClassifiedContainer[],
  st: Map<string, Status>,
): string[] {
  const done = regular.filter((c) => isRecord(st.get(c.name)?.state['terminated']));
  const running = regular.filter((c) => isRecord(st.get(c.name)?.state['running']));
  if (done.length === 0 || running.length === 0) return [];
  const owners = Array.isArray(obj(pod['metadata'])['ownerReferences'])
    ? (obj(pod['metadata'])['ownerReferences'] as unknown[])
    : [];
  const job = owners.some((o) => isRecord(o) && o['kind'] === 'Job');
  return [
    `${done.map(label).join(', ')} finished, but ${running.map(label).join(', ')} ${running.length === 1 ? 'runs' : 'run'} on as a regular container${running.length === 1 ? '' : 's'}, so the pod is not over${job ? ' and its Job cannot complete' : ''}: a classic sidecar never exits. Make it a native sidecar (an init container with restartPolicy: Always), which the kubelet stops once the app containers are done.`,
  ];
}

function deletionSentences(pod: Obj, version: VersionInfo): string[] {
  const md = obj(pod['metadata']);
  if (typeof md['deletionTimestamp'] !== 'string') return [];
  const grace = md['deletionGracePeriodSeconds'];
  return [
    `The pod is being deleted (since ${md['deletionTimestamp']}, grace period ${String(grace ?? 30)}s): ${version.terminationOrdering ? 'the app containers are stopped first, then the native sidecars in reverse order' : 'every container is stopped at once'}; whatever still runs when the grace period ends is killed.`,
  ];
}

/**
 * A few sentences on where the pod is in the sidecar lifecycle and what it waits for.
 * @param pod - a Pod as the API server returns it (spec and status)
 */
export function whyPod(pod: Obj, version: VersionInfo): string[] {
  const md = obj(pod['metadata']);
  const status = obj(pod['status']);
  const name = `${String(md['namespace'] ?? 'default')}/${String(md['name'] ?? '?')}`;
  const phase = typeof status['phase'] === 'string' ? status['phase'] : 'Unknown';
  const all = classifyContainers(pod['spec'], version);
  const st = statusesOf(status);
  const inits = all.filter((c) => c.kind === 'init' || c.kind === 'sidecar');
  const regular = all.filter((c) => c.kind === 'regular');
  const out = [`Pod ${name} is ${phase}.`, ...deletionSentences(pod, version)];
  if (phase === 'Succeeded' || phase === 'Failed') {
    const reason = typeof status['reason'] === 'string' ? ` (${status['reason']})` : '';
    return [...out, `It is over${reason}: nothing more will start.`];
  }
  const init = initSentences(inits, st);
  if (init.length > 0) return [...out, ...init];
  const waits = regular.flatMap((c) => waitingSentence(c, st.get(c.name)) ?? []);
  return [
    ...out,
    ...waits,
    ...completionSentences(pod, regular, st),
    ...readinessSentences(all, st),
  ];
}
