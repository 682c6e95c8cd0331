/**
 * The mount plan of one container: the shell lines its init runs, inside the container's fresh
 * mount namespace, to put every volume at its `mountPath` before the app starts.
 *
 * There is no image, so the container's root filesystem is the host's. A `mountPath` that exists
 * on the host is a plain bind mount over it (visible only in the container's namespace). One
 * that does not exist cannot be created on the host (the runtime never writes outside its state
 * directory), so its nearest existing parent becomes a "bind farm" (reference/local-runtime.md
 * §2.2): a tmpfs over that parent, with every original entry bound back in place, in which the
 * missing directories can be made. When that parent is `/` itself, a new root is built the same
 * way and the app is started in it with `unshare --root` (util-linux). Farm only where needed:
 * the common case costs one bind.
 *
 * Read-only mounts are a bind plus a read-only remount, as runc does for `ro` mounts.
 */
import { lstatSync, readdirSync, readFileSync, type Stats } from 'node:fs';
import { posix } from 'node:path';
import { shellQuote as q } from './host.js';

export interface PlannedMount {
  /** Host path (a volume's directory in the state directory, a hostPath, a subPath). */
  readonly source: string;
  /** Absolute path inside the container (`mountPath`). */
  readonly target: string;
  readonly readOnly: boolean;
}

export interface MountPlan {
  /** Shell lines (run with `set -e`). */
  readonly lines: readonly string[];
  /** When set, the app must be started with this directory as its root. */
  readonly newRoot: string | null;
}

type Kind = 'dir' | 'file' | 'link' | 'other' | 'missing';

function kindOf(path: string): Kind {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch {
    return 'missing';
  }
  if (st.isSymbolicLink()) return 'link';
  if (st.isDirectory()) return 'dir';
  if (st.isFile()) return 'file';
  return 'other';
}

function ancestors(path: string): string[] {
  const out: string[] = [];
  let p = posix.dirname(path);
  for (;;) {
    out.push(p);
    if (p === '/') break;
    p = posix.dirname(p);
  }
  return out;
}

/**
 * Plans the mounts. `stage` is a directory of the state directory the plan may use for its own
 * mounts (it lives only in the container's mount namespace).
 */
export function planMounts(
  mounts: readonly PlannedMount[],
  stage: string,
  mountBin: string,
): MountPlan {
  // -n: no /run/mount/utab bookkeeping (it would be written under the directories we cover).
  const M = `${q(mountBin)} -n`;
  const sorted = mounts
    .map((m) => ({ ...m, target: posix.normalize(m.target) }))
    .sort((a, b) => a.target.split('/').length - b.target.split('/').length);
  const lines: string[] = [];
  const created = new Set<string>();
  const farmed = new Set<string>();
  const mounted: { target: string; source: string }[] = [];

  /** What the container sees at `p`: inside an earlier mount, that mount's source. */
  const view = (p: string): string => {
    for (let i = mounted.length - 1; i >= 0; i--) {
      const m = mounted[i]!;
      if (p === m.target) return m.source;
      if (p.startsWith(m.target === '/' ? '/' : `${m.target}/`))
        return posix.join(m.source, p.slice(m.target.length));
    }
    return p;
  };
  const viewKind = (p: string): Kind => (created.has(p) ? 'dir' : kindOf(view(p)));
  const inMountedVolume = (p: string): boolean => view(p) !== p;

  // A mount whose missing mountPath has `/` as its nearest existing parent needs a new root.
  const needsRoot = sorted.some(
    (m) => kindOf(m.target) === 'missing' && nearestExisting(m.target, kindOf) === '/',
  );
  const root = needsRoot ? posix.join(stage, 'root') : null;
  const at = (p: string): string => (root === null ? p : p === '/' ? root : root + p);

  let farms = 0;
  const farm = (dir: string, original: string): void => {
    const tmp = posix.join(stage, `t${String(farms++)}`);
    if (original !== dir)
      lines.push(`mkdir -p ${q(original)}`, `${M} --rbind ${q(dir)} ${q(original)}`);
    // First choice: one overlay mount (writes go to a tmpfs), with the directory's own
    // submounts bound back on top (an overlay shows only the lower filesystem). Kernels that
    // refuse overlayfs here (unprivileged before 5.11, some nested setups) get the bind farm.
    lines.push(
      `mkdir -p ${q(tmp)}`,
      `${M} -t tmpfs -o mode=0755 tmpfs ${q(tmp)}`,
      `mkdir ${q(`${tmp}/u`)} ${q(`${tmp}/w`)}`,
    );
    const options = `lowerdir=${original},upperdir=${tmp}/u,workdir=${tmp}/w`;
    // Paths with overlay option separators cannot be written as options: farm instead.
    const overlay = !/[,:\\]/.test(original + tmp);
    const rebinds = submountsUnder(dir).map(
      (sub) => `  ${M} --rbind ${q(posix.join(original, posix.relative(dir, sub)))} ${q(at(sub))}`,
    );
    if (overlay) {
      lines.push(
        `if ${M} -t overlay overlay -o ${q(options)} ${q(at(dir))} 2>/dev/null; then`,
        '  :',
        ...rebinds,
        'else',
      );
    }
    lines.push(...bindFarm(dir, original, at, M));
    if (overlay) lines.push('fi');
    farmed.add(dir);
  };

  if (root !== null) {
    // The host root stays reachable at `/` while the new one is built; `/proc` is already the
    // container's own (unshare --mount-proc ran first), so binding it back keeps it.
    lines.push(`mkdir -p ${q(root)}`);
    farm('/', '/');
  }

  let n = 0;
  for (const m of sorted) {
    const t = m.target;
    const srcKind = kindOf(m.source);
    const wantFile = srcKind === 'file' || srcKind === 'other';
    if (viewKind(t) === 'missing') {
      const parent = nearestExisting(t, viewKind);
      const canMake = farmed.has(parent) || created.has(parent) || inMountedVolume(parent);
      // Inside a new root the host's own directory is still reachable at its path.
      if (!canMake) farm(parent, root !== null ? parent : posix.join(stage, `o${String(n++)}`));
      const dir = wantFile ? posix.dirname(t) : t;
      if (viewKind(dir) === 'missing') lines.push(`mkdir -p ${q(at(dir))}`);
      for (let d = dir; d !== parent && d !== '/'; d = posix.dirname(d)) created.add(d);
      if (wantFile) lines.push(`: > ${q(at(t))}`);
    }
    lines.push(`${M} --bind ${q(m.source)} ${q(at(t))}`);
    if (m.readOnly) lines.push(`${M} -o remount,bind,ro ${q(at(t))}`);
    mounted.push({ target: t, source: m.source });
  }
  return { lines, newRoot: root };
}

/**
 * The bind farm: a tmpfs over `dir` with each of its original entries (reachable at `original`)
 * bound back in, so that a missing mountPath can be made inside it without touching the host.
 */
function bindFarm(dir: string, original: string, at: (p: string) => string, M: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    entries = [];
  }
  const lines = [`  ${M} -t tmpfs -o mode=0755 tmpfs ${q(at(dir))}`];
  for (const e of entries) {
    const src = posix.join(original, e);
    const dst = at(posix.join(dir, e));
    const k = kindOf(posix.join(dir, e));
    if (k === 'link') lines.push(`  ln -s -- "$(readlink -- ${q(src)})" ${q(dst)}`);
    else if (k === 'dir') lines.push(`  mkdir -p ${q(dst)}`, `  ${M} --rbind ${q(src)} ${q(dst)}`);
    else if (k === 'file' || k === 'other')
      lines.push(`  : > ${q(dst)}`, `  ${M} --bind ${q(src)} ${q(dst)}`);
  }
  return lines;
}

/** Mount points strictly under `dir` (host's mount table), outermost only. */
function submountsUnder(dir: string): string[] {
  let table: string;
  try {
    table = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const prefix = dir === '/' ? '/' : `${dir}/`;
  const points = table
    .split('\n')
    .map((l) => l.split(' ')[4])
    .filter((p): p is string => p !== undefined && p.startsWith(prefix) && p !== dir)
    .map((p) => p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))));
  const sorted = [...new Set(points)].sort();
  return sorted.filter((p) => !sorted.some((o) => o !== p && p.startsWith(`${o}/`)));
}

function nearestExisting(path: string, kind: (p: string) => Kind): string {
  for (const a of ancestors(path)) {
    const k = kind(a);
    if (k === 'dir') return a;
  }
  return '/';
}
