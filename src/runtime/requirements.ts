/**
 * Which isolation each pod of a run gets (`--isolation auto|pod|process`), decided for all pods
 * before anything starts (reference/local-runtime.md §6.1):
 *
 * - `pod`: namespaces for every pod; refused when the machine cannot create them;
 * - `process`: plain process groups; refused for a pod that needs a namespace feature;
 * - `auto`: namespaces when the one-time probe succeeded, else process groups, but only for pods
 *   that need none of it. A pod that needs it (volumeMounts, a containerPort another pod of the
 *   run also declares, shareProcessNamespace) fails before anything starts, with the system's
 *   own message and the fix.
 */
import { SidecarError } from '../errors.js';
import { isRecord } from '../manifest/objects.js';
import type { IsolationCapabilities } from './isolation/host.js';
import type { IsolationMode } from './isolation/container-process.js';

export type IsolationFlag = 'auto' | 'pod' | 'process';

export interface PodToPlace {
  /** `namespace/name`. */
  readonly name: string;
  readonly spec: Readonly<Record<string, unknown>>;
}

function containersOf(spec: Readonly<Record<string, unknown>>): Record<string, unknown>[] {
  return ['initContainers', 'containers'].flatMap((l) =>
    Array.isArray(spec[l]) ? spec[l].filter(isRecord) : [],
  );
}

function portsOf(spec: Readonly<Record<string, unknown>>): number[] {
  return containersOf(spec).flatMap((c) =>
    (Array.isArray(c['ports']) ? c['ports'] : []).flatMap((p: unknown) =>
      isRecord(p) && typeof p['containerPort'] === 'number' ? [p['containerPort']] : [],
    ),
  );
}

/** What of a pod needs namespaces, in words; empty when plain processes honour it. */
export function namespaceNeeds(pod: PodToPlace, others: readonly PodToPlace[]): string[] {
  const needs: string[] = [];
  const paths = containersOf(pod.spec).flatMap((c) =>
    (Array.isArray(c['volumeMounts']) ? c['volumeMounts'] : []).flatMap((m: unknown) =>
      isRecord(m) && typeof m['mountPath'] === 'string' ? [m['mountPath']] : [],
    ),
  );
  if (paths.length > 0)
    needs.push(`volumeMounts (${[...new Set(paths)].join(', ')}) need a mount namespace`);
  if (pod.spec['hostNetwork'] !== true) {
    const mine = new Set(portsOf(pod.spec));
    for (const o of others) {
      if (o.name === pod.name || o.spec['hostNetwork'] === true) continue;
      const clash = portsOf(o.spec).filter((p) => mine.has(p));
      if (clash.length > 0) {
        needs.push(
          `containerPort ${[...new Set(clash)].join(', ')} is also used by pod ${o.name}, so each pod needs its own network namespace`,
        );
      }
    }
  }
  if (pod.spec['shareProcessNamespace'] === true)
    needs.push('shareProcessNamespace needs a PID namespace');
  return needs;
}

const FIX =
  '  fix: allow unprivileged user namespaces (sysctl user.max_user_namespaces=15000; on Ubuntu 23.10+\n' +
  '       sysctl kernel.apparmor_restrict_unprivileged_userns=0), install util-linux and iproute2,\n' +
  '       or run as root, or use --isolation=process and drop what needs namespaces';

/**
 * The isolation of every pod.
 * @throws SidecarError SIDECAR_E_RUNTIME for the first pod that cannot run as asked
 */
export function chooseIsolation(
  flag: IsolationFlag,
  caps: IsolationCapabilities,
  pods: readonly PodToPlace[],
): Map<string, IsolationMode> {
  const out = new Map<string, IsolationMode>();
  for (const pod of pods) {
    if (flag === 'process') {
      const needs = namespaceNeeds(pod, pods);
      if (needs.length > 0) {
        throw new SidecarError(
          'SIDECAR_E_RUNTIME',
          `run: pod ${pod.name}: --isolation=process cannot run it: ${needs.join('; ')}; use --isolation=auto or pod, or drop them`,
        );
      }
      out.set(pod.name, 'process');
      continue;
    }
    if (caps.namespaces) {
      out.set(pod.name, 'pod');
      continue;
    }
    const needs =
      flag === 'pod' ? ['--isolation=pod needs Linux namespaces'] : namespaceNeeds(pod, pods);
    if (needs.length > 0) {
      throw new SidecarError(
        'SIDECAR_E_RUNTIME',
        `run: pod ${pod.name}: cannot create pod sandbox: ${needs.join('; ')}, but Linux namespaces are unavailable: ${caps.reason ?? 'unknown reason'}\n${FIX}`,
      );
    }
    out.set(pod.name, 'process');
  }
  return out;
}
