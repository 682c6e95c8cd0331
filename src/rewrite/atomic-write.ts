/**
 * `--in-place` writes: a temporary file in the same folder, then a rename over the original, so
 * a reader never sees half a file and a crash leaves the original intact. The original's mode
 * is kept (a rename would otherwise give the umask's default).
 */
import { chmodSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SidecarError } from '../errors.js';
import { systemMessage } from '../manifest/source.js';

export function writeFileAtomic(path: string, text: string): void {
  let mode: number | undefined;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  const tmp = join(
    dirname(path),
    `.${basename(path)}.sidecarctl-${String(process.pid)}-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    writeFileSync(tmp, text, { encoding: 'utf8', flag: 'wx', mode: mode ?? 0o644 });
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new SidecarError(
      'SIDECAR_E_WRITE',
      `cannot write ${path}: ${systemMessage(e)}`,
      {},
      { cause: e },
    );
  }
}
