/**
 * Where the local runtime keeps everything it writes: logs, volumes, pod records. The runtime
 * never writes to the host outside this directory (and, for memory-backed volumes and secrets,
 * its own subdirectory of `$XDG_RUNTIME_DIR`, a per-user tmpfs), so a user can always see and
 * remove what a run left.
 *
 * Default: `$XDG_STATE_HOME/sidecarctl`, else `~/.local/state/sidecarctl` (XDG Base Directory
 * specification); `--state-dir` overrides it.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The state directory for this invocation (not created). */
export function stateDirectory(override?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (override !== undefined && override !== '') return resolve(override);
  const xdg = env['XDG_STATE_HOME'];
  if (xdg !== undefined && xdg.startsWith('/')) return join(xdg, 'sidecarctl');
  return join(env['HOME'] ?? homedir(), '.local', 'state', 'sidecarctl');
}

/**
 * The per-user tmpfs for memory-backed data (emptyDir `medium: Memory`, secrets), or null when
 * `$XDG_RUNTIME_DIR` is unset: callers then fall back to the state directory and say so.
 */
export function runtimeDirectory(env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = env['XDG_RUNTIME_DIR'];
  return dir !== undefined && dir.startsWith('/') ? join(dir, 'sidecarctl') : null;
}

/**
 * Directory of one pod: `<state>/pods/<namespace>_<name>`, as the kubelet's
 * `/var/log/pods/<namespace>_<name>_<uid>` without the uid, so that `sidecarctl logs NAME` finds
 * the latest run of a pod by name (its uid is recorded in `pod.json`).
 */
export function podDirectory(stateDir: string, namespace: string, name: string): string {
  return join(stateDir, 'pods', `${namespace}_${name}`);
}

/** mkdir -p with a mode, returning the path. */
export function ensureDir(path: string, mode = 0o755): string {
  mkdirSync(path, { recursive: true, mode });
  return path;
}
