/**
 * The end of a container's main process, seen from the host: the engine's own process (conmon)
 * is its parent, so nothing here can wait for it; its /proc entry is read instead, as the
 * kubelet's PLEG relists the runtime (pkg/kubelet/pleg/generic.go, every second). The first reads
 * are close together, so a container that ends at once (an init container) is seen at once;
 * then they space out, to a few a second.
 */
import { readFileSync } from 'node:fs';

/** A process's state letter and start time (fields 3 and 22 of /proc/PID/stat), or null. */
function statOf(pid: number): { state: string; start: string } | null {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', start: fields[19] ?? '' };
  } catch {
    return null;
  }
}

export interface PidWatch {
  readonly gone: Promise<void>;
  /** Stops watching (gone then never resolves). */
  stop(): void;
}

/**
 * Resolves once the process is gone: no longer in /proc, a zombie, or its pid taken by another
 * process (another start time).
 */
export function watchPidExit(pid: number, firstMs = 10, maxMs = 250): PidWatch {
  const first = statOf(pid);
  let timer: NodeJS.Timeout | undefined;
  let resolve: () => void = () => undefined;
  const gone = new Promise<void>((r) => (resolve = r));
  let delay = firstMs;
  const tick = (): void => {
    const now = statOf(pid);
    if (first === null || now === null || now.state === 'Z' || now.start !== first.start) {
      resolve();
      return;
    }
    timer = setTimeout(tick, delay);
    delay = Math.min(maxMs, Math.ceil(delay * 1.5));
  };
  tick();
  return { gone, stop: () => clearTimeout(timer) };
}
