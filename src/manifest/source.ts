import { readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SidecarError } from '../errors.js';

/** One input text: a file, or stdin under the name `-`. */
export interface SourceFile {
  /** The name shown in diagnostics: the path as the user gave it (or joined below a folder). */
  readonly path: string;
  readonly text: string;
  /** Bytes were cut or refused (binary, too large): the reason, shown as a syntax error. */
  readonly unreadable?: string;
}

/** Files larger than this are reported instead of parsed, so no input can exhaust memory. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Whether a file name is one that folder walks pick up. */
export function isManifestFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return MANIFEST_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/**
 * Expands the user's arguments into manifest files: a file is read whatever its name, a folder
 * is walked recursively for `*.yaml`, `*.yml` and `*.json` (sorted, hidden entries skipped), and
 * `-` reads stdin.
 *
 * @param args - paths or `-`
 * @param readStdin - how to read stdin (injected for tests)
 * @returns the files in a stable order
 * @throws SidecarError SIDECAR_E_READ when a path cannot be read
 */
export function readSources(
  args: readonly string[],
  readStdin: () => string = readStdinSync,
): SourceFile[] {
  const out: SourceFile[] = [];
  for (const arg of args) {
    if (arg === '-') {
      let text: string;
      try {
        text = readStdin();
      } catch (e) {
        throw new SidecarError(
          'SIDECAR_E_READ',
          `cannot read stdin: ${systemMessage(e)}`,
          {},
          { cause: e },
        );
      }
      out.push(fromBuffer('-', Buffer.from(text, 'utf8')));
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(arg).isDirectory();
    } catch (e) {
      throw new SidecarError(
        'SIDECAR_E_READ',
        `cannot read ${arg}: ${systemMessage(e)}`,
        {},
        { cause: e },
      );
    }
    if (isDir) {
      for (const file of walk(arg)) out.push(readOne(file));
    } else {
      out.push(readOne(arg));
    }
  }
  return out;
}

function walk(dir: string): string[] {
  const found: string[] = [];
  const visit = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (e) {
      throw new SidecarError(
        'SIDECAR_E_READ',
        `cannot read ${d}: ${systemMessage(e)}`,
        {},
        { cause: e },
      );
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(d, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile() && isManifestFileName(entry.name)) found.push(full);
    }
  };
  visit(dir);
  return found.map((f) => (dir === '.' ? relative('.', f) : f));
}

function readOne(path: string): SourceFile {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new SidecarError(
      'SIDECAR_E_READ',
      `cannot read ${path}: ${systemMessage(e)}`,
      {},
      { cause: e },
    );
  }
  if (size > MAX_FILE_BYTES) {
    return {
      path,
      text: '',
      unreadable: `file is larger than ${String(MAX_FILE_BYTES >> 20)} MiB`,
    };
  }
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new SidecarError(
      'SIDECAR_E_READ',
      `cannot read ${path}: ${systemMessage(e)}`,
      {},
      { cause: e },
    );
  }
  return fromBuffer(path, buf);
}

function fromBuffer(path: string, buf: Buffer): SourceFile {
  if (buf.length > MAX_FILE_BYTES) {
    return {
      path,
      text: '',
      unreadable: `input is larger than ${String(MAX_FILE_BYTES >> 20)} MiB`,
    };
  }
  if (buf.subarray(0, 8192).includes(0)) {
    return { path, text: '', unreadable: 'binary file (contains NUL bytes), not a manifest' };
  }
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { path, text };
}

/** The system's own words for a failed file operation, e.g. `no such file or directory`. */
export function systemMessage(e: unknown): string {
  if (e !== null && typeof e === 'object' && 'code' in e) {
    const code = String((e as { code: unknown }).code);
    const known: Record<string, string> = {
      ENOENT: 'no such file or directory',
      EACCES: 'permission denied',
      EISDIR: 'is a directory',
      ENOTDIR: 'not a directory',
      ELOOP: 'too many levels of symbolic links',
    };
    return known[code] ?? (e instanceof Error ? e.message : code);
  }
  return e instanceof Error ? e.message : String(e);
}

/**
 * All of stdin, synchronously. A pipe whose stream Node has opened (anything that touched
 * `process.stdin`) is non-blocking, and readFileSync(0) then fails with EAGAIN whenever the
 * writer is slower than the reader (`slow | sidecarctl validate -`): wait and read again.
 */
export function readStdinSync(): string {
  const chunks: Buffer[] = [];
  const buf = Buffer.allocUnsafe(1 << 16);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(pause, 0, 0, 5);
      continue;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}
