/**
 * Live sidecar trouble read from a pod's status, for `sidecarctl audit`: one finding per pod and
 * kind of trouble, with the evidence from the status (the kubelet's own words where it has them).
 *
 * - `stuck-init`: Pending in Init behind a native sidecar that has not started (its startupProbe),
 *   or behind an image that cannot be pulled;
 * - `sidecar-restarts`: a sidecar (native, or a recognised classic one) in CrashLoopBackOff or
 *   restarted 3 times or more;
 * - `job-pod-runs-on`: a Job's pod whose app containers finished while a regular container (a
 *   classic sidecar) runs on, so the Job never completes;
 * - `sidecar-died-first`: a pod that ended, or is ending, where a sidecar stopped before an app
 *   container (lost logs, failed requests at shutdown).
 */
import type { Catalog } from '../catalog/types.js';
import { recognise } from '../catalog/recognise.js';
import { classifyContainers, type ClassifiedContainer } from '../model/containers.js';
import { isRecord } from '../model/record.js';
import type { VersionInfo } from '../model/versions.js';

type Obj = Readonly<Record<string, unknown>>;

export interface PodTrouble {
  readonly rule: 'stuck-init' | 'sidecar-restarts' | 'job-pod-runs-on' | 'sidecar-died-first';
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  /** One line: what is wrong and the evidence. */
  readonly message: string;
}

function obj(v: unknown): Obj {
  return isRecord(v) ? v : {};
}

function statusMap(status: Obj): Map<string, Obj> {
  const out = new Map<string, Obj>();
  for (const key of ['initContainerStatuses', 'containerStatuses']) {
    const list = status[key];
    if (Array.isArray(list))
      for (const s of list) if (isRecord(s) && typeof s['name'] === 'string') out.set(s['name'], s);
  }
  return out;
}

function waitingOf(s: Obj | undefined): Obj {
  return obj(obj(s?.['state'])['waiting']);
}

function terminatedAt(s: Obj | undefined): number | null {
  const t = obj(obj(s?.['state'])['terminated']);
  const v = typeof t['finishedAt'] === 'string' ? Date.parse(t['finishedAt']) : NaN;
  return Number.isNaN(v) ? null : v;
}

/** Native sidecars, and regular containers the catalog recognises as sidecars (classic). */
function sidecarsOf(all: readonly ClassifiedContainer[], catalog: Catalog): ClassifiedContainer[] {
  return all.filter(
    (c) => c.kind === 'sidecar' || (c.kind === 'regular' && recognise(c.spec, catalog) !== null),
  );
}

/** Every trouble of one pod. */
export function podTroubles(pod: Obj, version: VersionInfo, catalog: Catalog): PodTrouble[] {
  const md = obj(pod['metadata']);
  const status = obj(pod['status']);
  const base = { namespace: String(md['namespace'] ?? 'default'), pod: String(md['name'] ?? '') };
  const all = classifyContainers(pod['spec'], version);
  const st = statusMap(status);
  const sidecars = sidecarsOf(all, catalog);
  const apps = all.filter((c) => c.kind === 'regular' && !sidecars.includes(c));
  const out: PodTrouble[] = [];
  const add = (rule: PodTrouble['rule'], container: string, message: string): void => {
    out.push({ ...base, rule, container, message });
  };
  if (status['phase'] === 'Pending') {
    for (const c of all.filter((x) => x.kind === 'init' || x.kind === 'sidecar')) {
      const s = st.get(c.name);
      const w = waitingOf(s);
      if (w['reason'] === 'ErrImagePull' || w['reason'] === 'ImagePullBackOff') {
        add(
          'stuck-init',
          c.name,
          `stuck in Init: image of "${c.name}" cannot be pulled (${String(w['reason'])}: ${String(w['message'] ?? '')})`,
        );
        break;
      }
      if (
        c.kind === 'sidecar' &&
        isRecord(obj(s?.['state'])['running']) &&
        s?.['started'] !== true
      ) {
        add(
          'stuck-init',
          c.name,
          `stuck in Init: native sidecar "${c.name}" runs but its startupProbe has not passed, so the next container waits`,
        );
        break;
      }
      if (c.kind === 'init' && terminatedAt(s) === null) break;
    }
  }
  for (const c of sidecars) {
    const s = st.get(c.name);
    const restarts = typeof s?.['restartCount'] === 'number' ? s['restartCount'] : 0;
    if (waitingOf(s)['reason'] === 'CrashLoopBackOff' || restarts >= 3) {
      const last = obj(obj(s?.['lastState'])['terminated']);
      add(
        'sidecar-restarts',
        c.name,
        `sidecar "${c.name}" restarted ${String(restarts)} time(s)${waitingOf(s)['reason'] === 'CrashLoopBackOff' ? ', now in CrashLoopBackOff' : ''}${typeof last['exitCode'] === 'number' ? ` (last exit code ${String(last['exitCode'])}${typeof last['reason'] === 'string' ? `, ${last['reason']}` : ''})` : ''}`,
      );
    }
  }
  const ownedByJob =
    Array.isArray(md['ownerReferences']) &&
    md['ownerReferences'].some((o) => isRecord(o) && o['kind'] === 'Job');
  const running = all.filter(
    (c) => c.kind === 'regular' && isRecord(obj(st.get(c.name)?.['state'])['running']),
  );
  const finishedApps = apps.filter((c) => terminatedAt(st.get(c.name)) !== null);
  if (
    ownedByJob &&
    status['phase'] === 'Running' &&
    finishedApps.length > 0 &&
    running.length > 0 &&
    running.every((c) => sidecars.includes(c) || !apps.includes(c))
  )
    add(
      'job-pod-runs-on',
      running[0]!.name,
      `Job pod runs on: ${finishedApps.map((c) => `"${c.name}"`).join(', ')} finished but classic sidecar ${running.map((c) => `"${c.name}"`).join(', ')} never exits, so the Job cannot complete (make it a native sidecar)`,
    );
  const ending =
    status['phase'] === 'Succeeded' ||
    status['phase'] === 'Failed' ||
    typeof md['deletionTimestamp'] === 'string';
  if (ending) {
    const lastApp = Math.max(...apps.map((c) => terminatedAt(st.get(c.name)) ?? -Infinity));
    for (const c of sidecars) {
      const t = terminatedAt(st.get(c.name));
      if (t !== null && Number.isFinite(lastApp) && t < lastApp)
        add(
          'sidecar-died-first',
          c.name,
          `sidecar "${c.name}" stopped ${String((lastApp - t) / 1000)}s before the app containers at termination (their last logs or requests may be lost)`,
        );
    }
  }
  return out;
}
