/**
 * The errors the kubelet side of `serve` answers with, as kube-apiserver and the kubelet word
 * them, through the one ApiError of the store (store/api-error.ts).
 */
import { ApiError } from '../store/api-error.js';

/** 400 BadRequest with the kubelet's message. */
export function badRequest(message: string): ApiError {
  return ApiError.badRequest(message);
}

/** 404 NotFound for a pod: `pods "p" not found`. */
export function podNotFound(name: string): ApiError {
  return ApiError.notFound('pods', name);
}
