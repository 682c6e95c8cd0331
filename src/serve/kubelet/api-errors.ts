/**
 * The errors the kubelet side of `serve` answers with, as kube-apiserver words them. They carry
 * the `Status` fields (ApiErrorShape) so the HTTP layer can answer them as it answers the store's.
 */
import type { ApiErrorShape } from '../store/types.js';

/** An error with a Kubernetes `Status` shape (reason, code, message). */
export class KubeletApiError extends Error implements ApiErrorShape {
  readonly code: number;
  readonly reason: string;
  readonly details?: NonNullable<ApiErrorShape['details']>;

  constructor(
    code: number,
    reason: string,
    message: string,
    details?: NonNullable<ApiErrorShape['details']>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.reason = reason;
    if (details !== undefined) this.details = details;
  }
}

/** 400 BadRequest with the kubelet's message. */
export function badRequest(message: string): KubeletApiError {
  return new KubeletApiError(400, 'BadRequest', message);
}

/** 404 NotFound for a pod: `pods "p" not found`. */
export function podNotFound(name: string): KubeletApiError {
  return new KubeletApiError(404, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' });
}
