/**
 * Where the local runtime keeps everything it writes: logs, volumes, pod records. The runtime
 * never writes to the host outside this directory (and, for memory-backed volumes and secrets,
 * its own subdirectory of `$XDG_RUNTIME_DIR`, a per-user tmpfs), so a user can always see and
 * remove what a run left.
 *
 * Default: `$XDG_STATE_HOME/sidecarctl`, else `~/.local/state/sidecarctl` (XDG Base Directory
 * specification); `--state-dir` overrides it.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { SidecarError } from '../errors.js';
import { systemMessage } from '../manifest/source.js';

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

/** Kernel file systems, where nothing of ours belongs (and where mkdir -p can hang: /proc). */
const VIRTUAL_ROOTS = ['/proc', '/sys', '/dev'];

/**
 * Makes sure the state directory exists and is writable, creating it as `mkdir -p` would but one
 * level at a time from its nearest existing ancestor (Node's recursive mkdir loops forever on
 * some paths under /proc).
 * @returns the directory
 * @throws SidecarError SIDECAR_E_WRITE, one line naming --state-dir and XDG_STATE_HOME
 */
export function ensureStateDirectory(dir: string): string {
  const fail = (why: string): SidecarError =>
    new SidecarError(
      'SIDECAR_E_WRITE',
      `state directory ${dir} is not usable: ${why} (choose another with --state-dir or XDG_STATE_HOME)`,
    );
  const abs = resolve(dir);
  const root = VIRTUAL_ROOTS.find((r) => abs === r || abs.startsWith(`${r}/`));
  if (root !== undefined) throw fail(`${root} is a kernel file system`);
  const missing: string[] = [];
  let at = abs;
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(at).isDirectory();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fail(`${at}: ${systemMessage(e)}`);
      missing.push(at);
      const up = dirname(at);
      if (up === at) throw fail('no existing ancestor');
      at = up;
      continue;
    }
    if (!isDir) throw fail(`${at} is not a directory`);
    break;
  }
  try {
    accessSync(at, constants.W_OK | constants.X_OK);
    for (const d of missing.reverse()) mkdirSync(d, { mode: 0o755 });
    accessSync(abs, constants.W_OK | constants.X_OK);
  } catch (e) {
    const path = (e as NodeJS.ErrnoException).path ?? at;
    throw fail(`${path}: ${systemMessage(e)}`);
  }
  return abs;
}
