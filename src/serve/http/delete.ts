/**
 * DELETE of one object and of a collection (k8s.io/apiserver pkg/endpoints/handlers/delete.go).
 * DeleteOptions come from the body (kubectl sends `{"propagationPolicy":"Background"}`) or the
 * query; `gracePeriodSeconds` goes to the store, which marks pods (deletionTimestamp, MODIFIED)
 * and leaves the final removal to the kubelet. Pods answer the object as marked or removed (the
 * pod registry's ReturnDeletedObject); other resources answer a `Success` Status with the name,
 * kind and uid, as their registries do.
 */
import type { KubeObject } from '../store/types.js';
import { decodeBody } from './body.js';
import type { ApiContext, ResourceRequest } from './context.js';
import { intParam } from './query.js';
import { listOptionsOf, mustGet } from './read.js';
import { apiVersionOf } from './resources.js';
import { badRequest } from './status.js';

/**
 * The grace period asked for: the body's `gracePeriodSeconds`, else the query's.
 * @throws HttpStatusError 400 for a malformed body or a negative grace period
 */
export function gracePeriodOf(r: ResourceRequest): number | undefined {
  let fromBody: unknown;
  if (r.body !== undefined && r.body.length > 0 && r.body.toString('utf8').trim() !== '') {
    const opts = decodeBody(r.body, r.contentType ?? 'application/json');
    if (typeof opts !== 'object' || opts === null || Array.isArray(opts))
      throw badRequest('the body of the request must be DeleteOptions');
    fromBody = (opts as Record<string, unknown>)['gracePeriodSeconds'];
  }
  const grace = fromBody ?? intParam(r.query, 'gracePeriodSeconds');
  if (grace === undefined || grace === null) return undefined;
  if (typeof grace !== 'number' || !Number.isInteger(grace))
    throw badRequest('gracePeriodSeconds must be an integer');
  // A negative grace period means "now" for the API server (1 s for pods, rest/delete.go).
  return Math.max(grace, 0);
}

function successStatus(r: ResourceRequest, obj: KubeObject): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {
      name: obj.metadata.name,
      ...(r.resource.group !== '' ? { group: r.resource.group } : {}),
      kind: r.resource.name,
      uid: obj.metadata.uid,
    },
  };
}

/** DELETE of the object the request names: the body to answer with (200). */
export function deleteObject(ctx: ApiContext, r: ResourceRequest): unknown {
  mustGet(ctx, r);
  const grace = gracePeriodOf(r);
  const obj = ctx.store.delete(r.resource.name, r.namespace, r.name ?? '', {
    gracePeriodSeconds: grace,
  });
  return r.resource.name === 'pods' ? obj : successStatus(r, obj);
}

/** DELETE of a collection (with its selectors): the list of what was deleted or marked. */
export function deleteCollection(ctx: ApiContext, r: ResourceRequest): unknown {
  const grace = gracePeriodOf(r);
  const { items, resourceVersion } = ctx.store.list(r.resource.name, listOptionsOf(ctx, r));
  const deleted = items.map((o) =>
    ctx.store.delete(r.resource.name, o.metadata.namespace, o.metadata.name, {
      gracePeriodSeconds: grace,
    }),
  );
  return {
    kind: `${r.resource.kind}List`,
    apiVersion: apiVersionOf(r.resource),
    metadata: { resourceVersion },
    items: deleted,
  };
}
