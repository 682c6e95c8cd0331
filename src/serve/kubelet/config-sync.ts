/**
 * ConfigMap and Secret updates reaching running pods' volumes, as the kubelet's periodic sync
 * does (pkg/volume/configmap and secret SetUpAt, run again on each pod sync, rewrite the
 * payload through pkg/volume/util/atomic_writer.go): the files of every configMap, secret and
 * projected volume that uses the changed object are rewritten, each one atomically (a temporary
 * file renamed over it, so a reader never sees half a file), and files of keys that are gone are
 * removed. Here it happens at once rather than after the kubelet's sync period and cache TTL.
 * The AtomicWriter swaps the whole payload at once through a `..data` symlink; the runtime's
 * volumes are plain files, so each file is swapped on its own. Environment variables keep the
 * values they started with, as on a node. An object that is now missing (or a key gone that is
 * not optional) leaves the volume as it was (the kubelet's sync fails with FailedMount then).
 */
import {
  chmodSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { isRecord } from '../../manifest/objects.js';
import type { ConfigSources } from '../../runtime/config-sources.js';
import type { PreparedPod } from '../../runtime/prepare.js';
import {
  configPayload,
  DEFAULT_MODE,
  modeOf,
  projectedPayload,
  safeJoin,
  type Payload,
} from '../../runtime/volume-payload.js';

/** The object that changed. */
export interface ChangedSource {
  readonly kind: 'configMap' | 'secret';
  readonly name: string;
}

function refersTo(src: unknown, changed: ChangedSource): boolean {
  if (!isRecord(src)) return false;
  const name = changed.kind === 'configMap' ? src['name'] : (src['secretName'] ?? src['name']);
  return name === changed.name;
}

/** The new payload of a volume that uses the changed object; null when it does not use it. */
function payloadOf(
  pod: PreparedPod,
  v: Record<string, unknown>,
  sources: ConfigSources,
  changed: ChangedSource,
): Payload | null {
  const name = typeof v['name'] === 'string' ? v['name'] : '';
  const direct = v[changed.kind];
  if (isRecord(direct) && refersTo(direct, changed)) {
    const mode = modeOf(direct['defaultMode'], DEFAULT_MODE);
    return configPayload(pod.ctx, sources, changed.kind, direct, mode, name);
  }
  const projected = v['projected'];
  if (!isRecord(projected) || !Array.isArray(projected['sources'])) return null;
  const uses = projected['sources'].some(
    (s: unknown) => isRecord(s) && refersTo(s[changed.kind], changed),
  );
  return uses ? projectedPayload(pod.ctx, sources, projected, name, []) : null;
}

/** Every regular file under a directory, relative to it. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out;
}

function sameFile(path: string, data: Buffer, mode: number): boolean {
  try {
    return (statSync(path).mode & 0o777) === mode && readFileSync(path).equals(data);
  } catch {
    return false;
  }
}

/** Rewrites a volume's directory to hold exactly the payload; each changed file atomically. */
export function syncPayload(dir: string, payload: Payload): void {
  const keep = new Set<string>();
  for (const f of payload) {
    const full = safeJoin(dir, f.path);
    if (full === null) continue;
    keep.add(relative(dir, full));
    if (sameFile(full, f.data, f.mode)) continue;
    mkdirSync(dirname(full), { recursive: true, mode: 0o755 });
    const tmp = join(dirname(full), `..tmp.${String(process.pid)}.${String(Date.now())}`);
    writeFileSync(tmp, f.data, { mode: f.mode });
    chmodSync(tmp, f.mode);
    renameSync(tmp, full);
  }
  for (const rel of filesUnder(dir)) if (!keep.has(rel)) rmSync(join(dir, rel), { force: true });
}

/**
 * Refreshes the volumes of a running pod that use a changed ConfigMap or Secret.
 * @returns the names of the volumes rewritten
 */
export function refreshVolumes(
  pod: PreparedPod,
  sources: ConfigSources,
  changed: ChangedSource,
): string[] {
  const list = Array.isArray(pod.ctx.spec['volumes'])
    ? pod.ctx.spec['volumes'].filter(isRecord)
    : [];
  const done: string[] = [];
  for (const v of list) {
    const name = typeof v['name'] === 'string' ? v['name'] : '';
    const vol = pod.volumes.volumes.get(name);
    if (vol === undefined) continue;
    try {
      const payload = payloadOf(pod, v, sources, changed);
      if (payload === null) continue;
      syncPayload(vol.path, payload);
      done.push(name);
    } catch {
      // The object or a key is missing now: the volume keeps what it had.
    }
  }
  return done;
}
