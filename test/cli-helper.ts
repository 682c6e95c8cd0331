import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI (npm test builds before it runs the tests). */
export const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI with a time bound, from the project root. */
export function runCli(
  args: readonly string[],
  opts: { input?: string; bin?: string; timeoutMs?: number } = {},
): CliResult {
  const r = spawnSync(process.execPath, [opts.bin ?? CLI, ...args], {
    cwd: ROOT,
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
