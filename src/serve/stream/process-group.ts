/** Exit codes and process-group kills shared by the pipe and pty execs. */
import { constants } from 'node:os';

/** The shell's convention for a death by signal: 128 + n (SIGKILL: 137). */
export function signalCode(signal: NodeJS.Signals | number | null | undefined): number {
  if (typeof signal === 'number') return 128 + signal;
  if (signal === null || signal === undefined) return 1;
  return 128 + (constants.signals[signal] ?? 0);
}

/** SIGKILLs the process group led by `pid`; a group already gone is fine. */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
