/**
 * What every handler works with: the store, the machinery, the kubelet and admission, the
 * modelled version, and the parsed request (resource, namespace, name, query).
 */
import type { VersionInfo } from '../../model/versions.js';
import type { PodBackend } from '../backend.js';
import type { ObjectStore } from '../store/types.js';
import type { AdmitFn, ApiMachinery, StreamHandler } from './deps.js';
import type { Query } from './query.js';
import type { ServedResource } from './resources.js';

/** Admission switches of `serve` (--inject, --catalog). */
export interface AdmissionSettings {
  readonly inject?: boolean;
  readonly migrate?: boolean;
  readonly catalogPaths?: readonly string[];
}

/** The server-wide parts. */
export interface ApiContext {
  readonly store: ObjectStore;
  readonly machinery: ApiMachinery;
  readonly version: VersionInfo;
  readonly backend?: PodBackend | undefined;
  readonly admit?: AdmitFn | undefined;
  readonly admission: AdmissionSettings;
  readonly stream?: StreamHandler | undefined;
}

/** One resource request, parsed. */
export interface ResourceRequest {
  readonly resource: ServedResource;
  /** The URL's namespace (undefined for cluster-scoped resources and `-A` lists). */
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly subresource: string | undefined;
  readonly query: Query;
  readonly accept: string | undefined;
  readonly contentType: string | undefined;
  readonly body: Buffer | undefined;
}
