/**
 * The object store behind `sidecarctl serve` (the local Kubernetes API): what kube-apiserver's
 * registry and etcd are to a cluster, in memory. The HTTP layer (src/serve/http) reads and writes
 * through it; the local kubelet (src/serve/kubelet) and the controllers (src/serve/controllers)
 * watch it and post status back through it, so a watch sees what a kubelet would have posted.
 *
 * Shared contract of the serve parts: change it only by adding.
 */
import type { ApiStatus } from '../../admission/types.js';

/** The resources serve stores, by their plural (URL) names. */
export type ResourceName = 'namespaces' | 'pods' | 'configmaps' | 'secrets' | 'events' | 'jobs';

/** ObjectMeta as the API server fills it (uid, resourceVersion, creationTimestamp always set). */
export interface StoredMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  ownerReferences?: Record<string, unknown>[];
  finalizers?: string[];
  managedFields?: Record<string, unknown>[];
  [key: string]: unknown;
}

/** One stored object: apiVersion and kind always set, the rest as the API server stores it. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: StoredMeta;
  [key: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  readonly type: WatchEventType;
  /** The object after the change (for DELETED: as it was last stored, with a new resourceVersion). */
  readonly object: KubeObject;
}

/** A parsed label or field selector: every term must hold (`a=b,c!=d`, `key`, `!key`, `k in (x,y)`). */
export type Selector = (obj: KubeObject) => boolean;

export interface ListOptions {
  /** Undefined: every namespace (`-A`). Ignored for cluster-scoped resources (namespaces). */
  readonly namespace?: string | undefined;
  readonly labelSelector?: Selector | undefined;
  readonly fieldSelector?: Selector | undefined;
}

export interface ListResult {
  readonly items: readonly KubeObject[];
  /** The store's resourceVersion at the time of the list (a watch from it misses nothing). */
  readonly resourceVersion: string;
}

export interface WatchOptions extends ListOptions {
  /**
   * Replay the events newer than this resourceVersion first; '' or '0' or undefined: start with
   * ADDED for every object that matches now (as the API server does for resourceVersion=0/unset).
   * A version older than the kept history: the watch fails with 410 Gone (ApiError 'Expired').
   */
  readonly resourceVersion?: string | undefined;
}

/**
 * An error the API server answers with a `Status`: `reason` and `code` as kube-apiserver uses them
 * (NotFound 404, AlreadyExists 409, Conflict 409, Invalid 422, BadRequest 400, Gone/Expired 410,
 * MethodNotAllowed 405, Forbidden 403, UnsupportedMediaType 415, RequestEntityTooLarge 413,
 * Unauthorized 401, InternalError 500), `message` in its words
 * (`pods "x" not found`), `details` as the Status' details (name, kind, causes for Invalid).
 */
/** The Status of a refused request: one shape with admission's ApiStatus (src/admission/types.ts). */
export type ApiErrorShape = ApiStatus;

/** The store. Every write bumps one global resourceVersion and is seen by every matching watch. */
export interface ObjectStore {
  get(resource: ResourceName, namespace: string | undefined, name: string): KubeObject | undefined;
  list(resource: ResourceName, opts?: ListOptions): ListResult;
  /**
   * Stores a new object: fills uid, resourceVersion, creationTimestamp, a name from generateName,
   * namespace for namespaced resources. Emits ADDED.
   * @throws ApiError AlreadyExists / Invalid (no name)
   */
  create(resource: ResourceName, obj: KubeObject): KubeObject;
  /**
   * Replaces an object (spec and metadata; `status` is kept for pods and jobs unless `status` is
   * true, when only `status` is taken). A resourceVersion that is set and stale: 409 Conflict.
   * Emits MODIFIED.
   * @throws ApiError NotFound / Conflict
   */
  update(resource: ResourceName, obj: KubeObject, opts?: { readonly status?: boolean }): KubeObject;
  /**
   * The API DELETE. Pods with a grace period > 0 that are not yet over are marked
   * (deletionTimestamp, deletionGracePeriodSeconds; MODIFIED) and removed later by the kubelet
   * through `remove`; everything else is removed at once (DELETED).
   * @returns the object as marked or as it was removed
   * @throws ApiError NotFound
   */
  delete(
    resource: ResourceName,
    namespace: string | undefined,
    name: string,
    opts?: { readonly gracePeriodSeconds?: number | undefined },
  ): KubeObject;
  /** Removes an object for good (the kubelet's final delete of a marked pod). Emits DELETED. */
  remove(resource: ResourceName, namespace: string | undefined, name: string): void;
  /**
   * Watches a resource. The callback gets every matching event in resourceVersion order.
   * @returns a function that stops the watch
   * @throws ApiError Expired (410) when `resourceVersion` is older than the kept history
   */
  watch(resource: ResourceName, opts: WatchOptions, onEvent: (e: WatchEvent) => void): () => void;
  /** The current global resourceVersion. */
  resourceVersion(): string;
}
