/**
 * What the HTTP layer takes from the other serve parts, injected through createApiServer's
 * options so that each part can be built and tested on its own: the store, the kubelet
 * (PodBackend), the one admission function, and the API machinery of src/serve/api (patches,
 * Tables, pod defaults and update validation, selectors).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AdmissionOptions, AdmissionResult } from '../../admission/types.js';
import type { KubeObject, ResourceName, Selector } from '../store/types.js';

/** The admission function (src/admission/admit.ts), sync or async. */
export type AdmitFn = (
  obj: Readonly<Record<string, unknown>>,
  opts: AdmissionOptions,
) => AdmissionResult | Promise<AdmissionResult>;

/** Options of a Table answer. */
export interface TableOptions {
  /** The list's resourceVersion (metadata.resourceVersion of the Table). */
  readonly resourceVersion?: string;
  /** False for watch events after the first: rows only. */
  readonly includeColumns?: boolean;
  /** The time Age cells are computed against. */
  readonly now?: Date;
}

/** The machinery of src/serve/api, injected (machinery.ts has the real ones). */
export interface ApiMachinery {
  /** A meta.k8s.io/v1 Table of the objects, with kubectl's columns for the resource. */
  toTable(
    resource: ResourceName,
    objects: readonly KubeObject[],
    opts: TableOptions,
  ): Record<string, unknown>;
  /**
   * The object after a PATCH of the given media type (strategic merge, JSON merge, JSON patch,
   * apply). `current` is undefined for an apply that creates.
   * @throws ApiError 400/422 (wording as the apiserver's)
   */
  applyPatch(
    resource: ResourceName,
    current: KubeObject | undefined,
    patch: unknown,
    mediaType: string,
    target: {
      readonly name: string;
      readonly namespace: string | undefined;
      readonly manager: string | undefined;
    },
  ): KubeObject;
  /** The object with the API server's defaults (SetDefaults_Pod...) filled, on create. */
  defaults(resource: ResourceName, obj: KubeObject): KubeObject;
  /**
   * Rejects an update the API server forbids (pod spec immutability), as a 422 Invalid.
   * @throws ApiError Invalid
   */
  validateUpdate(resource: ResourceName, oldObj: KubeObject, newObj: KubeObject): void;
  /** `labelSelector=...` parsed. @throws ApiError BadRequest */
  labelSelector(text: string): Selector;
  /** `fieldSelector=...` parsed (terms as a set). @throws ApiError BadRequest */
  fieldSelector(resource: ResourceName, text: string): Selector;
}

/** The exec/attach/port-forward handler (src/serve/stream), called after the token check. */
export interface StreamHandler {
  /** An `Upgrade` request (WebSocket or SPDY) for `.../pods/{name}/{exec|attach|portforward}`. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** A plain request to one of those paths (no Upgrade): answer it (a 400 Status, usually). */
  request?(req: IncomingMessage, res: ServerResponse): void;
}
