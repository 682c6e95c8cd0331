/**
 * The one admission function's contract (DESIGN "Servers"): `admit(object, options)` runs the API
 * server's validation of the chosen version and, where asked, injection and migration, exactly as
 * `validate`, `inject` and `migrate` do offline. `serve` calls it in process on create and update;
 * `webhook serve` wraps it in AdmissionReview v1. Change it only by adding.
 */
import type { Operation } from 'rfc6902';
import type { Catalog } from '../catalog/types.js';
import type { InjectMode } from '../inject/inject.js';
import type { VersionInfo } from '../model/versions.js';

/** A Kubernetes `Status` (meta/v1) as kube-apiserver answers a refused request. */
export interface ApiStatus {
  /** HTTP code: 422 Invalid, 400 BadRequest, 403 Forbidden, ... */
  readonly code: number;
  /** `Invalid`, `BadRequest`, `Forbidden`, ... (metav1.StatusReason) */
  readonly reason: string;
  /** kube-apiserver's words: `Pod "x" is invalid: spec.initContainers[0].restartPolicy: ...` */
  readonly message: string;
  readonly details?: {
    readonly name?: string;
    readonly group?: string;
    readonly kind?: string;
    readonly causes?: readonly { reason?: string; message?: string; field?: string }[];
  };
}

export type AdmissionOperation = 'CREATE' | 'UPDATE';

export interface AdmissionOptions {
  readonly operation: AdmissionOperation;
  readonly version: VersionInfo;
  /** The object before the change (UPDATE). */
  readonly oldObject?: Readonly<Record<string, unknown>> | undefined;
  /** The namespace the object is created in (the request's, when the object names none). */
  readonly namespace?: string | undefined;
  /** Inject the sidecars the object asks for (sidecarctl.io/inject, Vault's annotations). */
  readonly inject?: boolean | undefined;
  /** `--mode` of inject: native, classic, or by version (auto). @default 'auto' */
  readonly mode?: InjectMode | undefined;
  /** Move classic sidecars to native (`migrate`), where the version has native sidecars. */
  readonly migrate?: boolean | undefined;
  /** Catalog entries beyond the built-in ones (`--catalog`), as loaded by src/catalog/load.ts. */
  readonly catalogPaths?: readonly string[] | undefined;
  /** A catalog already loaded (src/catalog/load.ts `loadCatalog`); wins over `catalogPaths`. */
  readonly catalog?: Catalog | undefined;
  /**
   * The request's `fieldValidation` for fields this version does not know: `Strict` refuses
   * (400 BadRequest, what kubectl asks by default), `Warn` drops them with a warning (the API
   * server's default when the request names none), `Ignore` drops them silently.
   * @default 'Strict'
   */
  readonly fieldValidation?: FieldValidation | undefined;
}

/** metav1 FieldValidation directives (the `fieldValidation` query parameter). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface AdmissionResult {
  /** False: the API server would refuse the object; `status` says why, in its words. */
  readonly allowed: boolean;
  /** RFC 6902 operations from the object given to the object admitted ([] when unchanged). */
  readonly patch: readonly Operation[];
  /** The object as admitted (the patch applied); the input when refused or unchanged. */
  readonly object: Readonly<Record<string, unknown>>;
  /** Warnings the API server would return (`Warning:` lines in kubectl), one line each. */
  readonly warnings: readonly string[];
  /** Set when not allowed. */
  readonly status?: ApiStatus;
}
