import { readdirSync, readFileSync } from 'node:fs';

/** Polls until `check` is true, at most `ms`; the last answer of `check`. */
export async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/** Pids of live (not zombie) processes whose command line contains `token`. */
export function processesWith(token: string): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      // zombies waiting for a lazy reaper are not running processes
      if (cmd.includes(token) && !/\) Z /.test(stat)) out.push(Number(e));
    } catch {
      // gone
    }
  }
  return out;
}
