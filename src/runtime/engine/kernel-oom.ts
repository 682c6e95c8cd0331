/**
 * Whether the kernel's OOM killer ended a container's main process, from the kernel log, for
 * engines that do not record it themselves (podman on cgroups v1 leaves State.OOMKilled false).
 * The CRI reports such an exit as reason OOMKilled. Only records after the container's start
 * count (pids are reused).
 */
import { closeSync, constants, openSync, readFileSync, readSync } from 'node:fs';

/** Seconds since boot (the kernel log's clock). */
export function uptimeSeconds(): number | null {
  try {
    return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

/** The kernel log's records, or [] when it cannot be read (not root, no /dev/kmsg). */
function kernelRecords(): string[] {
  let fd: number;
  try {
    fd = openSync('/dev/kmsg', constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return [];
  }
  const out: string[] = [];
  const buf = Buffer.alloc(8192);
  try {
    for (let i = 0; i < 100_000; i++) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        // EAGAIN: the end; EPIPE: a record overwritten while read, go on
        if ((e as NodeJS.ErrnoException).code === 'EPIPE') continue;
        break;
      }
      if (n <= 0) break;
      out.push(buf.toString('utf8', 0, n));
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

/** Whether the kernel log says the OOM killer killed `pid` after `sinceUptime` (seconds). */
export function oomKilledInKernelLog(pid: number, sinceUptime: number): boolean {
  const needle = `Killed process ${String(pid)} (`;
  return kernelRecords().some((r) => {
    if (!r.includes(needle)) return false;
    const usec = Number(r.split(';')[0]?.split(',')[2]);
    return Number.isFinite(usec) && usec / 1e6 >= sinceUptime;
  });
}
