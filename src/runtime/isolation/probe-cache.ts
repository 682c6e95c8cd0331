/**
 * The isolation probe's answer, kept between invocations: the probe really creates the
 * namespaces a pod needs (about 30 ms, on the critical path of `run`), and its answer only
 * changes when the machine does. It is kept per user in `$XDG_RUNTIME_DIR/sidecarctl` (a tmpfs
 * emptied at boot), else the default state directory, under a key of everything the answer
 * depends on: the boot, the user, the namespace sysctls (and AppArmor's userns restriction),
 * the tools found and the forced user-namespace mode. Anything unreadable means no cache: the
 * probe runs as before. A write that fails is ignored.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runtimeDirectory, stateDirectory } from '../state-dir.js';

const SYSCTLS = [
  '/proc/sys/kernel/random/boot_id',
  '/proc/sys/kernel/unprivileged_userns_clone',
  '/proc/sys/kernel/apparmor_restrict_unprivileged_userns',
  '/proc/sys/user/max_user_namespaces',
  '/proc/sys/user/max_net_namespaces',
  '/proc/sys/user/max_mnt_namespaces',
  '/proc/sys/user/max_pid_namespaces',
];

function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '-';
  }
}

function mtimeOf(path: string | null): number {
  try {
    return path === null ? -1 : statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

/**
 * Everything the probe's answer depends on, as one string.
 * @param tools - the host tools found; `unshare` is also keyed by its mtime (an upgrade of
 *   util-linux changes which user-namespace flags it has)
 */
export function probeKey(
  tools: Readonly<Record<string, string | null>>,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return JSON.stringify({
    v: 1,
    uid: process.getuid?.() ?? -1,
    sysctls: SYSCTLS.map(readOr),
    usernsForced: env['SIDECARCTL_USERNS'] ?? '',
    tools,
    unshare: mtimeOf(tools['unshare'] ?? null),
  });
}

function cacheFile(env: NodeJS.ProcessEnv): string {
  return join(runtimeDirectory(env) ?? stateDirectory(undefined, env), 'isolation-probe.json');
}

/** The answer kept for this key, or undefined. */
export function readProbeCache<T>(
  key: string,
  env: NodeJS.ProcessEnv = process.env,
): T | undefined {
  try {
    const kept = JSON.parse(readFileSync(cacheFile(env), 'utf8')) as { key?: unknown; value?: T };
    return kept.key === key ? kept.value : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the answer for this key (atomically; failures are ignored). */
export function writeProbeCache(
  key: string,
  value: unknown,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const file = cacheFile(env);
  const tmp = `${file}.${String(process.pid)}.tmp`;
  try {
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    writeFileSync(tmp, JSON.stringify({ key, value }), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing was written
    }
  }
}
