/**
 * The files of a configMap, secret, downwardAPI or projected volume, as the kubelet's
 * volume.MakePayload makes them (pkg/volume/configmap, secret, downwardapi, projected): their
 * paths, contents and modes, and the writing of them into the volume's directory.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { SidecarError } from '../errors.js';
import { isRecord } from '../manifest/objects.js';
import type { ConfigSources } from './config-sources.js';
import { fieldPathValue, resourceFieldValue, type PodContext } from './pod-context.js';

export const DEFAULT_MODE = 0o644;

export function mountError(ctx: PodContext, volume: string, why: string): SidecarError {
  return new SidecarError(
    'SIDECAR_E_RUNTIME',
    `pod ${ctx.namespace}/${ctx.name}: MountVolume.SetUp failed for volume "${volume}" : ${why}`,
  );
}

export function modeOf(v: unknown, dflt: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0o777 ? v : dflt;
}

/** A file path inside a volume that stays inside it (`items[].path` may not climb out). */
export function safeJoin(dir: string, rel: string): string | null {
  const norm = posix.normalize(rel);
  if (rel === '' || norm.startsWith('..') || posix.isAbsolute(norm)) return null;
  return join(dir, norm);
}

export function writePayload(
  dir: string,
  files: readonly { path: string; data: Buffer; mode: number }[],
): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  for (const f of files) {
    const full = safeJoin(dir, f.path);
    if (full === null) continue;
    mkdirSync(dirname(full), { recursive: true, mode: 0o755 });
    writeFileSync(full, f.data, { mode: f.mode });
    chmodSync(full, f.mode);
  }
}

export type Payload = { path: string; data: Buffer; mode: number }[];

export function configPayload(
  ctx: PodContext,
  sources: ConfigSources,
  kind: 'configMap' | 'secret',
  src: Readonly<Record<string, unknown>>,
  defaultMode: number,
  volume: string,
): Payload {
  const name =
    typeof src['name'] === 'string'
      ? src['name']
      : typeof src['secretName'] === 'string'
        ? src['secretName']
        : '';
  const obj =
    kind === 'configMap'
      ? sources.configMap(ctx.namespace, name)
      : sources.secret(ctx.namespace, name);
  const optional = src['optional'] === true;
  if (obj === undefined) {
    if (optional) return [];
    throw mountError(
      ctx,
      volume,
      `${kind === 'configMap' ? 'configmap' : 'secret'} "${name}" not found`,
    );
  }
  const items = Array.isArray(src['items']) ? src['items'].filter(isRecord) : null;
  if (items === null || items.length === 0) {
    return [...obj.data].map(([k, data]) => ({ path: k, data, mode: defaultMode }));
  }
  const out: Payload = [];
  for (const it of items) {
    const key = typeof it['key'] === 'string' ? it['key'] : '';
    const data = obj.data.get(key);
    if (data === undefined) {
      if (optional) continue;
      // configmap.go MakePayload: "configmap references non-existent config key: %v"
      throw mountError(
        ctx,
        volume,
        `${kind === 'configMap' ? 'configmap' : 'secret'} references non-existent ${kind === 'configMap' ? 'config' : 'secret'} key: ${key}`,
      );
    }
    out.push({
      path: typeof it['path'] === 'string' ? it['path'] : key,
      data,
      mode: modeOf(it['mode'], defaultMode),
    });
  }
  return out;
}

export function downwardPayload(
  ctx: PodContext,
  items: readonly unknown[],
  defaultMode: number,
  volume: string,
): Payload {
  const out: Payload = [];
  for (const it of items) {
    if (!isRecord(it) || typeof it['path'] !== 'string') continue;
    let value: string;
    try {
      if (isRecord(it['fieldRef'])) {
        const fp = it['fieldRef']['fieldPath'];
        value = fieldPathValue(ctx, typeof fp === 'string' ? fp : '', true);
      } else if (isRecord(it['resourceFieldRef'])) {
        const ref = it['resourceFieldRef'];
        value = resourceFieldValue(
          ctx,
          typeof ref['containerName'] === 'string' ? ref['containerName'] : '',
          ref,
        );
      } else continue;
    } catch (e) {
      throw mountError(ctx, volume, e instanceof Error ? e.message : String(e));
    }
    out.push({
      path: it['path'],
      data: Buffer.from(value, 'utf8'),
      mode: modeOf(it['mode'], defaultMode),
    });
  }
  return out;
}

/** The union of a projected volume's sources (pkg/volume/projected), in their order. */
export function projectedPayload(
  ctx: PodContext,
  sources: ConfigSources,
  p: Record<string, unknown>,
  name: string,
  warnings: string[],
): Payload {
  const mode = modeOf(p['defaultMode'], DEFAULT_MODE);
  const payload: Payload = [];
  for (const s of Array.isArray(p['sources']) ? p['sources'].filter(isRecord) : []) {
    if (isRecord(s['configMap']))
      payload.push(...configPayload(ctx, sources, 'configMap', s['configMap'], mode, name));
    else if (isRecord(s['secret']))
      payload.push(...configPayload(ctx, sources, 'secret', s['secret'], mode, name));
    else if (isRecord(s['downwardAPI'])) {
      payload.push(
        ...downwardPayload(
          ctx,
          Array.isArray(s['downwardAPI']['items']) ? s['downwardAPI']['items'] : [],
          mode,
          name,
        ),
      );
    } else if (isRecord(s['serviceAccountToken'])) {
      warnings.push(
        `volume "${name}": serviceAccountToken is not available without a cluster; its file is left out`,
      );
    }
  }
  return payload;
}
