/**
 * What the store knows about each resource it serves: kind, group, version and scope, as the
 * API server's registry declares them (pkg/registry/core/<resource>/storage, the discovery
 * documents of /api/v1 and /apis/batch/v1).
 */
import type { ResourceName } from './types.js';

/** One resource's identity. */
export interface ResourceInfo {
  readonly resource: ResourceName;
  readonly kind: string;
  /** '' for the core group. */
  readonly group: string;
  readonly apiVersion: string;
  readonly namespaced: boolean;
  /** Kinds whose objects carry a `status` the main endpoint does not write (`/status`). */
  readonly hasStatus: boolean;
}

const TABLE: Readonly<Record<ResourceName, ResourceInfo>> = {
  namespaces: info('namespaces', 'Namespace', '', false, true),
  pods: info('pods', 'Pod', '', true, true),
  configmaps: info('configmaps', 'ConfigMap', '', true, false),
  secrets: info('secrets', 'Secret', '', true, false),
  events: info('events', 'Event', '', true, false),
  jobs: info('jobs', 'Job', 'batch', true, true),
};

function info(
  resource: ResourceName,
  kind: string,
  group: string,
  namespaced: boolean,
  hasStatus: boolean,
): ResourceInfo {
  const apiVersion = group === '' ? 'v1' : `${group}/v1`;
  return { resource, kind, group, apiVersion, namespaced, hasStatus };
}

/** The identity of a resource. */
export function resourceInfo(resource: ResourceName): ResourceInfo {
  return TABLE[resource];
}

/** Every resource the store serves. */
export const RESOURCE_NAMES: readonly ResourceName[] = Object.keys(TABLE) as ResourceName[];

/** schema.GroupResource.String(): `pods`, `jobs.batch`. */
export function groupResource(resource: ResourceName): string {
  const r = TABLE[resource];
  return r.group === '' ? r.resource : `${r.resource}.${r.group}`;
}

/** schema.GroupKind.String(): `Pod`, `Job.batch`. */
export function groupKind(resource: ResourceName): string {
  const r = TABLE[resource];
  return r.group === '' ? r.kind : `${r.kind}.${r.group}`;
}
