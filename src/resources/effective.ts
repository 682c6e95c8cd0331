/**
 * Effective pod requests and limits, as the scheduler and the kubelet's admission compute them
 * (reference section g; kubernetes/component-helpers resource/helpers.go PodRequests,
 * AggregateContainerRequests, PodLimits, AggregateContainerLimits; before about 1.32 the same
 * logic was kubernetes/kubernetes pkg/api/v1/resource/helpers.go).
 *
 * Per resource name:
 * - every regular container adds to the pod total;
 * - init containers are walked in order: a sidecar adds to the total and to the running sum of
 *   sidecars; a regular init container's "init-time use" is its own value plus the sidecars
 *   declared before it; the pod needs the maximum of the total and of every init-time use;
 * - overhead is added to every request, and to a limit only where that limit is present and
 *   non-zero (PodLimits);
 * - sidecars only exist where the version has them: on 1.25-1.27 and 1.28 with the gate off the
 *   API server has dropped `restartPolicy`, so they count as plain init containers
 *   (model/containers.ts classifyContainers).
 *
 * Limits follow PodLimits exactly: addResourceList only adds the limits a container declares,
 * so a container without a memory limit contributes nothing and the pod still gets the sum of
 * the others; a resource is absent only when no container limits it. (The kubelet's pod cgroup
 * is unbounded in that case, pkg/kubelet/cm/helpers_linux.go ResourceConfigForPod; `unbounded`
 * lists those resources so the text output can say so.)
 *
 * Requests are read after the API defaulting that copies a limit into a missing request
 * (pkg/apis/core/v1/defaults.go SetDefaults_Pod, for containers and init containers).
 * Pod-level resources (`spec.resources`, PodLevelResources alpha 1.32) are not modelled.
 */
import { isRecord } from '../manifest/objects.js';
import type { ContainerKind } from '../model/containers.js';
import { classifyContainers } from '../model/containers.js';
import {
  addQuantities,
  compareQuantities,
  isZero,
  parseQuantity,
  type Quantity,
} from '../model/quantity.js';
import type { VersionInfo } from '../model/versions.js';
import { ownValue, setOwn } from '../model/record.js';

export type ResourceList = Record<string, Quantity>;

/** One container's declared values (after defaulting) and what it adds to the pod. */
export interface ContainerResources {
  readonly name: string;
  readonly kind: Exclude<ContainerKind, 'ephemeral'>;
  /** Path relative to the pod spec, e.g. `initContainers[1]`. */
  readonly path: string;
  readonly requests: ResourceList;
  readonly limits: ResourceList;
  /**
   * For init containers and sidecars: what the pod needs while it runs during initialization
   * (its value plus the sidecars declared before it; for a sidecar, the sidecars up to it).
   */
  readonly initTimeRequests?: ResourceList;
}

export interface PodResources {
  readonly requests: ResourceList;
  readonly limits: ResourceList;
  readonly overhead: ResourceList;
  readonly containers: readonly ContainerResources[];
  /** Resources limited on some containers but not all: the pod cgroup is unbounded for them. */
  readonly unbounded: readonly string[];
}

/** A resource list as written; entries that are no valid quantity are skipped (validate reports them). */
export function readResourceList(value: unknown): ResourceList {
  const out: ResourceList = {};
  if (!isRecord(value)) return out;
  for (const [name, raw] of Object.entries(value)) {
    if (typeof raw !== 'string' && typeof raw !== 'number') continue;
    const q = parseQuantity(raw);
    if (q !== null) setOwn(out, name, q);
  }
  return out;
}

function add(list: ResourceList, more: ResourceList): void {
  for (const [name, q] of Object.entries(more)) {
    const cur = ownValue(list, name);
    setOwn(list, name, cur === undefined ? q : addQuantities(cur, q));
  }
}

function maxInto(list: ResourceList, other: ResourceList): void {
  for (const [name, q] of Object.entries(other)) {
    const cur = ownValue(list, name);
    if (cur === undefined || compareQuantities(q, cur) > 0) setOwn(list, name, q);
  }
}

/** The pod's effective requests and limits for `version`. */
export function podResources(spec: unknown, version: Pick<VersionInfo, 'sidecars'>): PodResources {
  const containers: ContainerResources[] = [];
  const declared = classifyContainers(spec, version).filter((c) => c.kind !== 'ephemeral');
  const reqs: ResourceList = {};
  const lims: ResourceList = {};
  const sidecarReqs: ResourceList = {};
  const sidecarLims: ResourceList = {};
  const initReqs: ResourceList = {};
  const initLims: ResourceList = {};
  const limitedBy = new Map<string, number>();
  for (const c of declared) {
    const res = isRecord(c.spec['resources']) ? c.spec['resources'] : {};
    const limits = readResourceList(res['limits']);
    const requests = { ...limits, ...readResourceList(res['requests']) };
    for (const name of Object.keys(limits)) limitedBy.set(name, (limitedBy.get(name) ?? 0) + 1);
    const kind = c.kind as ContainerResources['kind'];
    if (kind === 'regular') {
      add(reqs, requests);
      add(lims, limits);
      containers.push({ name: c.name, kind, path: c.path, requests, limits });
      continue;
    }
    let useReqs: ResourceList;
    let useLims: ResourceList;
    if (kind === 'sidecar') {
      add(reqs, requests);
      add(lims, limits);
      add(sidecarReqs, requests);
      add(sidecarLims, limits);
      useReqs = { ...sidecarReqs };
      useLims = { ...sidecarLims };
    } else {
      useReqs = { ...requests };
      add(useReqs, sidecarReqs);
      useLims = { ...limits };
      add(useLims, sidecarLims);
    }
    maxInto(initReqs, useReqs);
    maxInto(initLims, useLims);
    containers.push({
      name: c.name,
      kind,
      path: c.path,
      requests,
      limits,
      initTimeRequests: useReqs,
    });
  }
  maxInto(reqs, initReqs);
  maxInto(lims, initLims);
  const overhead = readResourceList(isRecord(spec) ? spec['overhead'] : undefined);
  add(reqs, overhead);
  for (const [name, q] of Object.entries(overhead)) {
    const cur = ownValue(lims, name);
    if (cur !== undefined && !isZero(cur)) setOwn(lims, name, addQuantities(cur, q));
  }
  const unbounded = [...limitedBy.entries()]
    .filter(([, n]) => n < declared.length)
    .map(([name]) => name)
    .sort();
  return { requests: reqs, limits: lims, overhead, containers, unbounded };
}
