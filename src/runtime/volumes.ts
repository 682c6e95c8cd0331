/**
 * A pod's volumes as host directories, and each container's mounts of them
 * (reference/local-runtime.md §6.2). Everything is made under the pod's state directory (or,
 * for memory-backed volumes and secrets, the per-user tmpfs `$XDG_RUNTIME_DIR`), except a
 * `hostPath`, which is the user's own path (created only for `DirectoryOrCreate` /
 * `FileOrCreate`, which ask for it).
 *
 * - emptyDir: a directory with mode 0777, as the kubelet makes it (pkg/volume/emptydir
 *   empty_dir.go setupDir), so containers running as different users share it; `sizeLimit` is
 *   not enforced (a warning says so);
 * - configMap, secret: one file per key, or per `items` entry at its `path`, with `mode`, else
 *   `defaultMode`, else 0644 (pkg/volume/configmap and secret, SetUpAt; volume.MakePayload);
 *   `optional: true` makes an empty directory when the object is missing;
 * - downwardAPI: one file per item (pkg/volume/downwardapi CollectData), labels and annotations
 *   as `key="value"` lines;
 * - projected: the union of its sources in one directory (pkg/volume/projected);
 * - configMap, secret, downwardAPI and projected are always mounted read-only, as the kubelet
 *   has done since 1.10 (kubernetes#58720);
 * - subPath / subPathExpr: the file or directory inside the volume, created as a directory
 *   when missing (kubelet_pods.go makeMounts).
 */
import { chmodSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { isRecord } from '../manifest/objects.js';
import type { ConfigSources } from './config-sources.js';
import { ContainerConfigError } from './container-config-error.js';
import type { ContainerEnv } from './env.js';
import { expandVars, mappingFor } from './expand.js';
import type { PlannedMount } from './isolation/mount-plan.js';
import type { PodContext } from './pod-context.js';
import {
  configPayload,
  DEFAULT_MODE,
  downwardPayload,
  modeOf,
  mountError,
  projectedPayload,
  safeJoin,
  writePayload,
} from './volume-payload.js';

export interface PodVolume {
  readonly name: string;
  readonly type: string;
  /** The host directory (or file, for a hostPath to a file). */
  readonly path: string;
  /** Mounted read-only whatever the volumeMount says. */
  readonly forceReadOnly: boolean;
}

export interface PodVolumes {
  readonly volumes: ReadonlyMap<string, PodVolume>;
  /** One line per thing that is not done as on a node (sizeLimit, tokens). */
  readonly warnings: readonly string[];
  /** Removes what belongs to this run (not hostPath, not persistentVolumeClaim). */
  cleanup(): void;
}

export interface VolumeDirs {
  /** `<state>/pods/<ns>_<name>/volumes`. */
  readonly podVolumes: string;
  /** The same under `$XDG_RUNTIME_DIR`, or null (then podVolumes is used, with a warning). */
  readonly memoryVolumes: string | null;
  /** `<state>/volumes`: persistentVolumeClaims, kept across runs. */
  readonly claims: string;
}

/**
 * Makes every volume of the pod.
 * @throws SidecarError SIDECAR_E_RUNTIME for a volume that cannot be set up (the kubelet's
 *   FailedMount, worded as its event)
 */
export function setUpVolumes(
  ctx: PodContext,
  sources: ConfigSources,
  dirs: VolumeDirs,
): PodVolumes {
  const volumes = new Map<string, PodVolume>();
  const warnings: string[] = [];
  const owned: string[] = [];
  rmSync(dirs.podVolumes, { recursive: true, force: true });
  if (dirs.memoryVolumes !== null) rmSync(dirs.memoryVolumes, { recursive: true, force: true });
  const memoryDir = (type: string, name: string, what: string): string => {
    if (dirs.memoryVolumes === null) {
      warnings.push(
        `volume "${name}": ${what} is kept on disk under the state directory: XDG_RUNTIME_DIR is not set`,
      );
      return join(dirs.podVolumes, type, name);
    }
    return join(dirs.memoryVolumes, type, name);
  };
  const list = Array.isArray(ctx.spec['volumes']) ? ctx.spec['volumes'].filter(isRecord) : [];
  try {
    for (const v of list) setUpVolume(v);
  } catch (e) {
    // A volume that cannot be made (a full disk, a bad type): those made already go again.
    for (const d of owned) rmSync(d, { recursive: true, force: true });
    throw e;
  }
  return {
    volumes,
    warnings,
    cleanup: () => {
      for (const d of owned) rmSync(d, { recursive: true, force: true });
    },
  };

  function setUpVolume(v: Record<string, unknown>): void {
    const name = typeof v['name'] === 'string' ? v['name'] : '';
    const add = (type: string, path: string, forceReadOnly: boolean): void => {
      volumes.set(name, { name, type, path, forceReadOnly });
    };
    if ('emptyDir' in v) {
      const ed = isRecord(v['emptyDir']) ? v['emptyDir'] : {};
      const memory = ed['medium'] === 'Memory';
      const dir = memory
        ? memoryDir('empty-dir', name, 'emptyDir medium Memory')
        : join(dirs.podVolumes, 'empty-dir', name);
      mkdirSync(dir, { recursive: true });
      chmodSync(dir, 0o777);
      if (ed['sizeLimit'] !== undefined)
        warnings.push(`volume "${name}": emptyDir sizeLimit is not enforced by the local runtime`);
      owned.push(dir);
      add('emptyDir', dir, false);
    } else if (isRecord(v['configMap']) || isRecord(v['secret'])) {
      const kind = isRecord(v['configMap']) ? 'configMap' : 'secret';
      const src = (kind === 'configMap' ? v['configMap'] : v['secret']) as Record<string, unknown>;
      const dir =
        kind === 'secret'
          ? memoryDir('secret', name, 'secret')
          : join(dirs.podVolumes, 'configmap', name);
      owned.push(dir);
      writePayload(
        dir,
        configPayload(ctx, sources, kind, src, modeOf(src['defaultMode'], DEFAULT_MODE), name),
      );
      add(kind, dir, true);
    } else if (isRecord(v['downwardAPI'])) {
      const d = v['downwardAPI'];
      const dir = join(dirs.podVolumes, 'downward-api', name);
      owned.push(dir);
      writePayload(
        dir,
        downwardPayload(
          ctx,
          Array.isArray(d['items']) ? d['items'] : [],
          modeOf(d['defaultMode'], DEFAULT_MODE),
          name,
        ),
      );
      add('downwardAPI', dir, true);
    } else if (isRecord(v['projected'])) {
      const dir = memoryDir('projected', name, 'projected volume');
      owned.push(dir);
      writePayload(dir, projectedPayload(ctx, sources, v['projected'], name, warnings));
      add('projected', dir, true);
    } else if (isRecord(v['hostPath'])) {
      add('hostPath', hostPathVolume(ctx, name, v['hostPath']), false);
    } else if (isRecord(v['persistentVolumeClaim'])) {
      const claim = v['persistentVolumeClaim']['claimName'];
      const dir = join(
        dirs.claims,
        typeof claim === 'string' && claim !== '' ? posix.basename(claim) : name,
      );
      mkdirSync(dir, { recursive: true });
      add('persistentVolumeClaim', dir, v['persistentVolumeClaim']['readOnly'] === true);
    } else {
      const type = Object.keys(v).find((k) => k !== 'name') ?? 'unknown';
      throw mountError(
        ctx,
        name,
        `volume type ${type} is not supported by the local runtime (supported: emptyDir, configMap, secret, downwardAPI, projected, hostPath, persistentVolumeClaim)`,
      );
    }
  }
}

/** hostPath types (pkg/volume/hostpath/host_path.go checkType). */
function hostPathVolume(
  ctx: PodContext,
  name: string,
  hp: Readonly<Record<string, unknown>>,
): string {
  const path = typeof hp['path'] === 'string' ? hp['path'] : '';
  const type = typeof hp['type'] === 'string' ? hp['type'] : '';
  let st: ReturnType<typeof statSync> | null;
  try {
    st = statSync(path);
  } catch {
    st = null;
  }
  const fail = (what: string): never => {
    throw mountError(ctx, name, `hostPath type check failed: ${path} is not a ${what}`);
  };
  switch (type) {
    case 'DirectoryOrCreate':
      if (st === null) mkdirSync(path, { recursive: true, mode: 0o755 });
      else if (!st.isDirectory()) fail('directory');
      break;
    case 'FileOrCreate':
      if (st === null) {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, '', { mode: 0o644 });
      } else if (!st.isFile()) fail('file');
      break;
    case 'Directory':
      if (st?.isDirectory() !== true) fail('directory');
      break;
    case 'File':
      if (st?.isFile() !== true) fail('file');
      break;
    case 'Socket':
      if (st?.isSocket() !== true) fail('socket');
      break;
    case 'CharDevice':
      if (st?.isCharacterDevice() !== true) fail('character device');
      break;
    case 'BlockDevice':
      if (st?.isBlockDevice() !== true) fail('block device');
      break;
    default:
      if (st === null)
        throw mountError(
          ctx,
          name,
          `hostPath ${path} does not exist (the local runtime makes only DirectoryOrCreate and FileOrCreate)`,
        );
  }
  return path;
}

/**
 * A container's mounts, in spec order.
 * @throws ContainerConfigError for a mount of an unknown volume or a subPath that climbs out
 */
export function containerMounts(
  container: Readonly<Record<string, unknown>>,
  volumes: PodVolumes,
  env: ContainerEnv,
): PlannedMount[] {
  const mounts = Array.isArray(container['volumeMounts'])
    ? container['volumeMounts'].filter(isRecord)
    : [];
  const out: PlannedMount[] = [];
  for (const m of mounts) {
    const name = typeof m['name'] === 'string' ? m['name'] : '';
    const vol = volumes.volumes.get(name);
    if (vol === undefined)
      throw new ContainerConfigError(`cannot find volume "${name}" to mount into container`);
    let source = vol.path;
    const subPathExpr = typeof m['subPathExpr'] === 'string' ? m['subPathExpr'] : '';
    const subPath =
      subPathExpr !== ''
        ? expandVars(subPathExpr, mappingFor(env.vars))
        : typeof m['subPath'] === 'string'
          ? m['subPath']
          : '';
    if (subPath !== '') {
      const full = safeJoin(vol.path, subPath);
      if (full === null)
        throw new ContainerConfigError(
          `subPath "${subPath}" must be a relative path within the volume`,
        );
      if (!existsSync(full)) {
        if (vol.forceReadOnly)
          throw new ContainerConfigError(`subPath "${subPath}" does not exist in volume "${name}"`);
        mkdirSync(full, { recursive: true, mode: 0o777 });
        chmodSync(full, 0o777);
      }
      source = full;
    }
    out.push({
      source,
      target: typeof m['mountPath'] === 'string' ? m['mountPath'] : '',
      readOnly: vol.forceReadOnly || m['readOnly'] === true,
    });
  }
  return out;
}
