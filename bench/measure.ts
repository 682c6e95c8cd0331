/** What the benches share: the median, and timing a `run` until the app's container started. */
import { spawn } from 'node:child_process';

/** The median (the mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * ms from spawning `command args` (a `run ... --events -`) until its event stream reports the
 * app's ContainerStarted; then SIGINT (and a second one, which kills at once, so the run's
 * teardown is not timed).
 */
export function timeToAppStart(
  command: string,
  args: readonly string[],
  cwd?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, {
      ...(cwd !== undefined ? { cwd } : {}),
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    let t: number | null = null;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (t === null && /"type":"ContainerStarted","container":"app"/.test(out)) {
        t = performance.now() - t0;
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGINT'), 100).unref();
      }
    });
    child.once('error', reject);
    child.once('close', () =>
      t === null ? reject(new Error('the app never started')) : resolve(t),
    );
  });
}
