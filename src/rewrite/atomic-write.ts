/**
 * `--in-place` writes keep the file's identity, as `sed -i` users expect and never tear it:
 *
 * - a symlink is followed: its target is rewritten, the link stays a link;
 * - the text goes first to a temporary file in the target's folder, `.<name>.sidecarctl-<pid>.tmp`,
 *   written, given the original's mode, owner and group (fchown, where permitted) and fsynced;
 * - a file with one link then has the temporary file renamed over it (atomic: a reader sees the
 *   old or the new file, a crash leaves the original intact);
 * - a file with several hard links cannot be renamed over without breaking the links, so once the
 *   temporary copy is safely on disk the new text is written into the original inode (truncate,
 *   write, fsync). That write is not atomic, but it only starts once the whole text is known to
 *   fit on the disk, and the complete copy stays on disk until it has succeeded;
 * - a read-only file (no write bit, or not writable by us) is refused, never silently replaced;
 * - temporary files are removed on errors, at exit and on SIGINT/SIGTERM/SIGHUP; one left by a
 *   process that was killed outright (SIGKILL, power loss) is removed by the next write beside it
 *   once its pid is no longer running.
 */
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SidecarError } from '../errors.js';
import { systemMessage } from '../manifest/source.js';

/** Temporary files of this process not yet renamed or removed. */
const pending = new Set<string>();
let exitHookInstalled = false;

function removePending(): void {
  for (const tmp of pending) rmSync(tmp, { force: true });
  pending.clear();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', removePending);
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let signalHooksInstalled = false;

/**
 * Runs `work` (synchronous writes) with handlers for SIGINT/SIGTERM/SIGHUP that remove the
 * temporary files and then end the process by the same signal. Node delivers a signal to
 * JavaScript only once the synchronous work is done, so an interrupted `--in-place` finishes
 * writing its files (none is torn, none is left half the set) and then stops; without a handler
 * the default action would kill the process in the middle of a write and leave the temporary
 * file. The handlers stay installed for the rest of the process: removed at the end of `work`,
 * they would swallow a signal that arrived during it.
 */
export function withSignalCleanup<T>(work: () => T): T {
  installExitHook();
  if (!signalHooksInstalled) {
    signalHooksInstalled = true;
    const handler = (signal: NodeJS.Signals): void => {
      removePending();
      for (const s of SIGNALS) process.removeListener(s, handler);
      // Another handler (a loader, a caller) decides itself; alone, end as the signal would.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    for (const s of SIGNALS) process.on(s, handler);
  }
  return work();
}

/** The temporary file name used beside `target` by the process `pid`. */
export function tempPathFor(target: string, pid = process.pid): string {
  return join(dirname(target), `.${basename(target)}.sidecarctl-${String(pid)}.tmp`);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temporary files beside `target` left by processes that no longer run. */
export function removeStaleTemps(target: string): void {
  const name = basename(target);
  const prefix = `.${name}.sidecarctl-`;
  let entries: string[];
  try {
    entries = readdirSync(dirname(target));
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) continue;
    const m = /^(\d+)(?:-[0-9a-f]+)?\.tmp$/.exec(entry.slice(prefix.length));
    if (m === null) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || !pidAlive(pid))
      rmSync(join(dirname(target), entry), { force: true });
  }
}

function writeError(path: string, message: string, cause?: unknown): SidecarError {
  return new SidecarError(
    'SIDECAR_E_WRITE',
    `cannot write ${path}: ${message}`,
    {},
    cause === undefined ? undefined : { cause },
  );
}

/** Where a write to `path` lands (a symlink's target), and the target's stat when it exists. */
export interface WriteTarget {
  readonly path: string;
  readonly real: string;
  readonly stat: Stats | undefined;
}

/**
 * Checks that `path` can be rewritten, without writing anything: a regular file (or nothing yet),
 * not read-only, writable, in a folder where the temporary file can be created.
 * @throws SidecarError SIDECAR_E_WRITE naming the file
 */
export function checkWritable(path: string): WriteTarget {
  let real = path;
  let stat: Stats | undefined;
  try {
    real = realpathSync(path);
    stat = statSync(real);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw writeError(path, systemMessage(e), e);
  }
  if (stat !== undefined) {
    if (!stat.isFile()) throw writeError(path, 'not a regular file');
    if ((stat.mode & 0o222) === 0) throw writeError(path, 'permission denied: file is read-only');
    try {
      accessSync(real, constants.W_OK);
    } catch (e) {
      throw writeError(path, systemMessage(e), e);
    }
  }
  try {
    accessSync(dirname(real), constants.W_OK);
  } catch (e) {
    const reason = systemMessage(e);
    throw writeError(
      path,
      (e as NodeJS.ErrnoException).code === 'EACCES'
        ? `${reason}: cannot create a temporary file in ${dirname(real)}`
        : reason,
      e,
    );
  }
  return { path, real, stat };
}

function writeAll(fd: number, data: Buffer): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
}

/**
 * Writes `text` to `path` keeping the file's identity (see the module comment).
 * @throws SidecarError SIDECAR_E_WRITE naming the file
 */
export function writeFileAtomic(path: string, text: string, target = checkWritable(path)): void {
  installExitHook();
  const { real, stat } = target;
  removeStaleTemps(real);
  const tmp = tempPathFor(real);
  const data = Buffer.from(text, 'utf8');
  const mode = stat === undefined ? 0o644 : stat.mode & 0o7777;
  let inPlace = false;
  try {
    rmSync(tmp, { force: true });
    pending.add(tmp);
    const fd = openSync(tmp, 'wx', mode);
    try {
      writeAll(fd, data);
      fchmodSync(fd, mode);
      if (stat !== undefined) {
        try {
          fchownSync(fd, stat.uid, stat.gid);
        } catch {
          // Only root (or the owner, for a group it belongs to) may give a file away; elsewhere
          // the file gets our owner, as any editor's save would.
        }
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (stat !== undefined && stat.nlink > 1) {
      inPlace = true;
      const out = openSync(real, 'r+');
      try {
        ftruncateSync(out, 0);
        writeAll(out, data);
        fsyncSync(out);
      } finally {
        closeSync(out);
      }
      rmSync(tmp, { force: true });
    } else {
      renameSync(tmp, real);
    }
    pending.delete(tmp);
  } catch (e) {
    pending.delete(tmp);
    if (inPlace) throw writeError(path, `${systemMessage(e)} (its new text is kept in ${tmp})`, e);
    rmSync(tmp, { force: true });
    throw writeError(path, systemMessage(e), e);
  }
}
