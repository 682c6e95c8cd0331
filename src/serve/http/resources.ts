/**
 * The resources serve answers, as discovery lists them (kube-apiserver's APIResource entries for
 * core/v1 and batch/v1), and the lookups the router needs.
 */
import type { ResourceName } from '../store/types.js';

/** One served resource, with what discovery says about it. */
export interface ServedResource {
  readonly name: ResourceName;
  readonly group: '' | 'batch';
  readonly version: 'v1';
  readonly kind: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly verbs: readonly string[];
  /** Subresources served under `.../{name}/{sub}`, with their verbs. */
  readonly subresources: readonly { readonly name: string; readonly verbs: readonly string[] }[];
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** Everything serve stores, in discovery order. */
export const SERVED: readonly ServedResource[] = [
  {
    name: 'configmaps',
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    singular: 'configmap',
    namespaced: true,
    shortNames: ['cm'],
    categories: [],
    verbs: CRUD,
    subresources: [],
  },
  {
    name: 'events',
    group: '',
    version: 'v1',
    kind: 'Event',
    singular: 'event',
    namespaced: true,
    shortNames: ['ev'],
    categories: [],
    verbs: CRUD,
    subresources: [],
  },
  {
    name: 'namespaces',
    group: '',
    version: 'v1',
    kind: 'Namespace',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    categories: [],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  },
  {
    name: 'pods',
    group: '',
    version: 'v1',
    kind: 'Pod',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    verbs: CRUD,
    subresources: [
      { name: 'attach', verbs: ['create', 'get'] },
      { name: 'exec', verbs: ['create', 'get'] },
      { name: 'log', verbs: ['get'] },
      { name: 'portforward', verbs: ['create', 'get'] },
      { name: 'status', verbs: ['get', 'patch', 'update'] },
    ],
  },
  {
    name: 'secrets',
    group: '',
    version: 'v1',
    kind: 'Secret',
    singular: 'secret',
    namespaced: true,
    shortNames: [],
    categories: [],
    verbs: CRUD,
    subresources: [],
  },
  {
    name: 'jobs',
    group: 'batch',
    version: 'v1',
    kind: 'Job',
    singular: 'job',
    namespaced: true,
    shortNames: [],
    categories: ['all'],
    verbs: CRUD,
    subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  },
];

/** The resources of one group/version. */
export function resourcesOf(group: string, version: string): ServedResource[] {
  return SERVED.filter((r) => r.group === group && r.version === version);
}

/** A served resource by group, version and plural name. */
export function findResource(
  group: string,
  version: string,
  name: string,
): ServedResource | undefined {
  return SERVED.find((r) => r.group === group && r.version === version && r.name === name);
}

/** `apiVersion` of a resource's objects: `v1`, `batch/v1`. */
export function apiVersionOf(r: ServedResource): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
}
