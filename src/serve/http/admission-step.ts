/**
 * The admission step of pod and job writes: the one admission function (src/admission) runs on
 * CREATE and UPDATE, as kube-apiserver's admission chain does after decoding and defaulting. A
 * refusal is answered with its Status (422 Invalid, in the API server's words); warnings become
 * `Warning` headers; the object stored is the object admitted.
 */
import type { AdmissionOperation } from '../../admission/types.js';
import type { KubeObject, ResourceName } from '../store/types.js';
import type { ApiContext } from './context.js';
import { HttpStatusError } from './status.js';

const ADMITTED: readonly ResourceName[] = ['pods', 'jobs'];

/** The admitted object and the warnings to send. */
export interface Admitted {
  readonly object: KubeObject;
  readonly warnings: readonly string[];
}

/**
 * Runs admission on a pod or job write (other resources pass through).
 * @throws HttpStatusError with the refusal's Status
 */
export async function admitWrite(
  ctx: ApiContext,
  resource: ResourceName,
  obj: KubeObject,
  operation: AdmissionOperation,
  oldObject?: KubeObject,
): Promise<Admitted> {
  if (ctx.admit === undefined || !ADMITTED.includes(resource)) return { object: obj, warnings: [] };
  const result = await ctx.admit(obj, {
    operation,
    version: ctx.version,
    oldObject,
    namespace: obj.metadata.namespace,
    inject: ctx.admission.inject,
    migrate: ctx.admission.migrate,
    catalogPaths: ctx.admission.catalogPaths,
  });
  if (!result.allowed) {
    const s = result.status ?? { code: 422, reason: 'Invalid', message: 'refused by admission' };
    throw new HttpStatusError(s.code, s.reason, s.message, s.details);
  }
  return { object: result.object as KubeObject, warnings: result.warnings };
}
