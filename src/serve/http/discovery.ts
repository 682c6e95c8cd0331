/**
 * API discovery, legacy and aggregated (kube-apiserver's /api, /apis, /api/v1, /apis/batch,
 * /apis/batch/v1; k8s.io/apiserver pkg/endpoints/discovery and discovery/aggregated). Bodies only:
 * which form to answer is negotiated in negotiate.ts.
 */
import { resourcesOf, SERVED, type ServedResource } from './resources.js';
import { APPS_V1, WORKLOAD_VERBS, type WorkloadResource } from './workloads.js';

const GROUPS = ['apps', 'batch'] as const;

/** `/api`, legacy: the core versions and where the server is. */
export function legacyCoreVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupEntry(name: string): Record<string, unknown> {
  const gv = { groupVersion: `${name}/v1`, version: 'v1' };
  return { name, versions: [gv], preferredVersion: gv };
}

/** `/apis`, legacy: the named groups. */
export function legacyGroupList(): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: GROUPS.map(groupEntry) };
}

/** `/apis/{group}`, or undefined for a group we do not serve. */
export function legacyGroup(group: string): Record<string, unknown> | undefined {
  if (!(GROUPS as readonly string[]).includes(group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group) };
}

function apiResource(r: ServedResource): Record<string, unknown> {
  return {
    name: r.name,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: r.verbs,
    ...(r.shortNames.length > 0 ? { shortNames: r.shortNames } : {}),
    ...(r.categories.length > 0 ? { categories: r.categories } : {}),
  };
}

/** `/api/v1`, `/apis/batch/v1`: an APIResourceList, or undefined for a version we do not serve. */
export function resourceList(group: string, version: string): Record<string, unknown> | undefined {
  if (group === 'apps' && version === 'v1')
    return {
      kind: 'APIResourceList',
      groupVersion: 'apps/v1',
      resources: APPS_V1.map((w) => ({
        name: w.name,
        singularName: w.singular,
        namespaced: true,
        kind: w.kind,
        verbs: WORKLOAD_VERBS,
        shortNames: w.shortNames,
        categories: ['all'],
      })),
    };
  const served = resourcesOf(group, version);
  if (served.length === 0) return undefined;
  const resources = served.flatMap((r) => [
    apiResource(r),
    ...r.subresources.map((s) => ({
      name: `${r.name}/${s.name}`,
      singularName: '',
      namespaced: r.namespaced,
      kind: s.name === 'log' ? 'Pod' : r.kind,
      verbs: s.verbs,
    })),
  ]);
  return {
    kind: 'APIResourceList',
    groupVersion: group === '' ? version : `${group}/${version}`,
    resources,
  };
}

function discoveryResource(r: ServedResource): Record<string, unknown> {
  const responseKind = { group: r.group, version: r.version, kind: r.kind };
  return {
    resource: r.name,
    responseKind,
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
    ...(r.shortNames.length > 0 ? { shortNames: r.shortNames } : {}),
    ...(r.categories.length > 0 ? { categories: r.categories } : {}),
    subresources: r.subresources.map((s) => ({
      subresource: s.name,
      responseKind: s.name === 'log' ? { group: '', version: 'v1', kind: 'Pod' } : responseKind,
      verbs: s.verbs,
    })),
  };
}

function workloadResource(w: WorkloadResource): Record<string, unknown> {
  return {
    resource: w.name,
    responseKind: { group: 'apps', version: 'v1', kind: w.kind },
    scope: 'Namespaced',
    singularResource: w.singular,
    verbs: WORKLOAD_VERBS,
    shortNames: w.shortNames,
    categories: ['all'],
    subresources: [],
  };
}

/**
 * Aggregated discovery (apidiscovery.k8s.io v2 or v2beta1, the same shape): `/api` lists the core
 * group (its metadata has no name), `/apis` the named groups.
 */
export function aggregatedDiscovery(
  which: 'api' | 'apis',
  form: 'v2' | 'v2beta1',
): Record<string, unknown> {
  const groups = which === 'api' ? [''] : [...GROUPS];
  const items = groups.map((g) => ({
    metadata: g === '' ? {} : { name: g },
    versions: [
      {
        version: 'v1',
        freshness: 'Current',
        resources:
          g === 'apps'
            ? APPS_V1.map(workloadResource)
            : SERVED.filter((r) => r.group === g).map(discoveryResource),
      },
    ],
  }));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${form}`,
    metadata: {},
    items,
  };
}
