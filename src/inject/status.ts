/**
 * Idempotency: the annotation `sidecarctl.io/inject-status` records the entries, the mode and
 * why, a digest of what was injected, the names it added and, when some were asked for but left
 * out, why (`skipped`). When the digest of a new run is the same,
 * nothing changes (an empty patch); when it differs (catalog or parameters changed), the old
 * injection is taken out (`uninjected`) and the new one put in.
 */
import { createHash } from 'node:crypto';
import { isRecord } from '../manifest/objects.js';
import { cloneJson } from '../rewrite/patch.js';
import type { Expansion } from './expand.js';
import type { Notes } from './request.js';

export const STATUS_ANNOTATION = 'sidecarctl.io/inject-status';

/** What the status annotation holds. */
export interface InjectStatus {
  readonly entries: string[];
  readonly mode: 'native' | 'classic';
  /** Why this mode (request.ts modeReason); informative only, the digest decides a re-run. */
  readonly why?: string;
  readonly digest: string;
  readonly initContainers: string[];
  readonly containers: string[];
  readonly volumes: string[];
  /** Entries asked for and not injected, with the reason (absent when none). */
  readonly skipped?: Readonly<Record<string, string>>;
}

type Obj = Record<string, unknown>;

/** Reads the status annotation; undefined when absent or not ours. */
export function parseStatus(value: string | undefined): InjectStatus | undefined {
  if (value === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(value);
    if (!isRecord(v) || typeof v['digest'] !== 'string') return undefined;
    const list = (x: unknown): string[] =>
      Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : [];
    return {
      entries: list(v['entries']),
      mode: v['mode'] === 'classic' ? 'classic' : 'native',
      ...(typeof v['why'] === 'string' ? { why: v['why'] } : {}),
      digest: v['digest'],
      initContainers: list(v['initContainers']),
      containers: list(v['containers']),
      volumes: list(v['volumes']),
    };
  } catch {
    return undefined;
  }
}

/** The pod with a previous sidecarctl injection taken out (names from its status). */
export function uninjected(spec: Readonly<Obj>, status: InjectStatus): Obj {
  const out = cloneJson(spec) as Obj;
  const drop = (
    key: 'initContainers' | 'containers' | 'volumes',
    list: readonly string[],
  ): void => {
    const arr = out[key];
    if (!Array.isArray(arr)) return;
    const kept = arr.filter(
      (c) => !(isRecord(c) && typeof c['name'] === 'string' && list.includes(c['name'])),
    );
    if (kept.length > 0) out[key] = kept;
    else if (key === 'initContainers') delete out['initContainers'];
    else if (key === 'volumes') delete out['volumes'];
    else out[key] = kept;
  };
  drop('initContainers', status.initContainers);
  drop('containers', status.containers);
  drop('volumes', status.volumes);
  return out;
}

/** A digest of what an injection adds, so an unchanged re-run can be told apart. */
export function digestOf(mode: string, expansions: readonly Expansion[]): string {
  const h = createHash('sha256');
  h.update(
    JSON.stringify({
      mode,
      e: expansions.map((x) => [
        x.entry.name,
        x.helpers,
        x.sidecars,
        x.volumes,
        x.appVolumeMounts,
        x.helpersFirst === true,
      ]),
    }),
  );
  return `sha256:${h.digest('hex').slice(0, 16)}`;
}

/** True, with a decision per entry, when the previous injection is this one (same digest). */
export function sameAsBefore(
  previous: InjectStatus | undefined,
  digest: string,
  expansions: readonly Expansion[],
  notes: Notes,
): boolean {
  if (previous?.digest !== digest) return false;
  for (const e of expansions)
    notes.decisions.push({
      entry: e.entry.name,
      injected: false,
      reason: `already injected (${STATUS_ANNOTATION} digest ${digest} matches)`,
    });
  return true;
}
