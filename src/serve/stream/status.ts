/**
 * The `Status` objects of the streaming subresources: the errors answered before an upgrade, and
 * what the kubelet writes on the error channel when a command ends
 * (kubelet `pkg/kubelet/cri/streaming/remotecommand/httpstream.go` writeStatus /
 * `errorstream.go`; exit codes as `NonZeroExitCode` with an `ExitCode` cause).
 */
import type { Duplex } from 'node:stream';
import { isApiErrorShape } from '../store/api-error.js';
import type { ApiErrorShape } from '../store/types.js';

/** A metav1.Status as JSON. */
export interface StatusBody {
  readonly kind?: 'Status';
  readonly apiVersion?: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Success' | 'Failure';
  readonly message?: string;
  readonly reason?: string;
  readonly code?: number;
  readonly details?: ApiErrorShape['details'];
}

/** True when `err` carries a Status shape (code, reason, message), as serve's ApiError does. */
export const isApiError = isApiErrorShape;

/** A `400 BadRequest` error shape. */
export function badRequest(message: string): ApiErrorShape {
  return { code: 400, reason: 'BadRequest', message };
}

/** The Status body of an error. */
export function failureStatus(err: ApiErrorShape): StatusBody {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: err.message,
    reason: err.reason,
    code: err.code,
    ...(err.details !== undefined ? { details: err.details } : {}),
  };
}

/** What a finished command reports: an exit code, or an error that kept it from running. */
export type ExecResult = { readonly exitCode: number } | { readonly error: string };

/** The Status written on the error channel when the command ends. */
export function resultStatus(result: ExecResult): StatusBody {
  if ('error' in result) {
    return { metadata: {}, status: 'Failure', reason: 'InternalError', message: result.error };
  }
  if (result.exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    reason: 'NonZeroExitCode',
    message: `command terminated with non-zero exit code: exit status ${result.exitCode}`,
    details: { causes: [{ reason: 'ExitCode', message: String(result.exitCode) }] },
  };
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
};

/** Answers `err` as an HTTP/1.1 Status response on a socket that was not upgraded, and ends it. */
export function writeHttpStatus(socket: Duplex, err: ApiErrorShape): void {
  const body = JSON.stringify(failureStatus(err));
  const head =
    `HTTP/1.1 ${err.code} ${REASONS[err.code] ?? 'Error'}\r\n` +
    'Content-Type: application/json\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Connection: close\r\n\r\n';
  if (!socket.destroyed) socket.end(head + body);
}
