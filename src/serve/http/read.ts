/**
 * GET of one object and of a collection (list), answered as the object / `<Kind>List`, or as a
 * meta.k8s.io/v1 Table when the client asks for one (`kubectl get` does: kubectl-compat §2).
 * `limit` and `continue` are ignored: the whole list comes in one page, without
 * metadata.continue, which clients treat as the last page.
 */
import type { KubeObject, ListOptions } from '../store/types.js';
import type { ApiContext, ResourceRequest } from './context.js';
import { TABLE_CONTENT_TYPE, wantsTable } from './negotiate.js';
import { param } from './query.js';
import { apiVersionOf } from './resources.js';
import { objectNotFound } from './status.js';

/** A JSON answer: code, body, Content-Type. */
export interface Answer {
  readonly code: number;
  readonly body: unknown;
  readonly contentType?: string;
}

/**
 * The stored object the request names.
 * @throws HttpStatusError NotFound (`pods "x" not found`)
 */
export function mustGet(ctx: ApiContext, r: ResourceRequest): KubeObject {
  const name = r.name ?? '';
  const obj = ctx.store.get(r.resource.name, r.namespace, name);
  if (obj === undefined) throw objectNotFound(r.resource.name, name, r.resource.group);
  return obj;
}

/** The object, or a one-row Table of it. */
export function getObject(ctx: ApiContext, r: ResourceRequest): Answer {
  const obj = mustGet(ctx, r);
  if (!wantsTable(r.accept)) return { code: 200, body: obj };
  const table = ctx.machinery.toTable(r.resource.name, [obj], {
    resourceVersion: obj.metadata.resourceVersion,
    includeColumns: true,
  });
  return { code: 200, body: table, contentType: TABLE_CONTENT_TYPE };
}

/**
 * The list options of a request: its namespace and selectors.
 * @throws ApiError BadRequest for a selector that does not parse
 */
export function listOptionsOf(ctx: ApiContext, r: ResourceRequest): ListOptions {
  const label = param(r.query, 'labelSelector');
  const field = param(r.query, 'fieldSelector');
  return {
    namespace: r.resource.namespaced ? r.namespace : undefined,
    labelSelector: label ? ctx.machinery.labelSelector(label) : undefined,
    fieldSelector: field ? ctx.machinery.fieldSelector(r.resource.name, field) : undefined,
  };
}

/** The collection as `<Kind>List`, or a Table. */
export function listObjects(ctx: ApiContext, r: ResourceRequest): Answer {
  const { items, resourceVersion } = ctx.store.list(r.resource.name, listOptionsOf(ctx, r));
  if (wantsTable(r.accept)) {
    const table = ctx.machinery.toTable(r.resource.name, items, {
      resourceVersion,
      includeColumns: true,
    });
    return { code: 200, body: table, contentType: TABLE_CONTENT_TYPE };
  }
  return {
    code: 200,
    body: {
      kind: `${r.resource.kind}List`,
      apiVersion: apiVersionOf(r.resource),
      metadata: { resourceVersion },
      items,
    },
  };
}
