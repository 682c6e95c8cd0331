/**
 * What a failed write of the runtime becomes: the state directory (logs, volumes, the pod
 * record) is the host's, and a full disk, a quota or a read-only mount there is no bug of
 * sidecarctl nor a failure of the pod, but a runtime error (`SIDECAR_E_RUNTIME`, exit 2) with
 * one line that says which pod and what the system said.
 */
import { SidecarError, isSidecarError } from '../errors.js';

/** A Node.js system error (ENOSPC, EACCES, EROFS, EDQUOT, ...). */
export function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
}

/**
 * The runtime error for something that went wrong while a pod was prepared or ran: a
 * SidecarError as it is, a system error as "cannot write the state directory", anything else
 * as it is (a bug, reported as such by the CLI).
 */
export function runtimeError(pod: string, e: unknown): unknown {
  if (isSidecarError(e) || !isSystemError(e)) return e;
  return new SidecarError(
    'SIDECAR_E_RUNTIME',
    `run: pod ${pod}: cannot write the state directory: ${e.message}`,
    {},
    { cause: e },
  );
}
