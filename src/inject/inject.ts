/**
 * Injection: a pure function of (object, catalog, options) that returns the new object and the
 * RFC 6902 patch from the old one, plus why each entry was or was not injected. The CLI edits
 * files with the patch; an admission webhook returns it as is.
 *
 * Native mode (SidecarContainers on: 1.29+, or 1.28 with the gate) puts each entry's containers
 * in `initContainers` with `restartPolicy: Always` (kubernetes/kubernetes pkg/api/v1/pod/util.go
 * IsRestartableInitContainer), ordered by the catalog's constraints (order.ts). Classic mode puts
 * them in `containers`, with the classic workarounds (proxy first with a postStart hold) and, for
 * pods meant to complete, the entry's Job policy and a warning: a classic sidecar keeps a Job's
 * pod running (istio/istio#11045).
 *
 * Idempotency: the annotation `sidecarctl.io/inject-status` records the entries, the mode, a
 * digest of what was injected and the names it added. When the digest of a new run is the same,
 * nothing changes (an empty patch); when it differs (catalog or parameters changed), the old
 * injection is taken out and the new one put in.
 */
import { createHash } from 'node:crypto';
import { SidecarError } from '../errors.js';
import { isRecord } from '../manifest/objects.js';
import { POD_SPEC_PATHS } from '../manifest/pod-templates.js';
import type { VersionInfo } from '../model/versions.js';
import { cloneJson, diffPatch, type Patch } from '../rewrite/patch.js';
import type { Catalog, JsonObject } from '../catalog/types.js';
import { ANNOTATION_PREFIX, expandEntry, type Expansion } from './expand.js';
import { orderInitContainers, type OrderNode } from '../catalog/order.js';
import { expandVault, vaultStatus, wantsVault } from './vault.js';

export const INJECT_ANNOTATION = 'sidecarctl.io/inject';
export const STATUS_ANNOTATION = 'sidecarctl.io/inject-status';
export const MODE_ANNOTATION = 'sidecarctl.io/mode';
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

export type InjectMode = 'auto' | 'native' | 'classic';

export interface InjectOptions {
  readonly version: VersionInfo;
  /** @default 'auto' */
  readonly mode?: InjectMode;
  /** Entries to inject into every pod template (`--with`), besides what annotations ask. */
  readonly with?: readonly string[];
}

/** Why one entry was or was not injected into one pod. */
export interface InjectDecision {
  readonly entry: string;
  readonly injected: boolean;
  readonly reason: string;
}

export interface InjectResult {
  /** The object after injection (the input itself when nothing changed). */
  readonly object: Readonly<Record<string, unknown>>;
  readonly patch: Patch;
  /** Null for objects without a pod template. */
  readonly mode: 'native' | 'classic' | null;
  readonly decisions: InjectDecision[];
  readonly warnings: string[];
}

/** What the status annotation holds. */
export interface InjectStatus {
  readonly entries: string[];
  readonly mode: 'native' | 'classic';
  readonly digest: string;
  readonly initContainers: string[];
  readonly containers: string[];
  readonly volumes: string[];
}

type Obj = Record<string, unknown>;

function asRecord(v: unknown): Obj | undefined {
  return isRecord(v) ? v : undefined;
}

function getPath(root: Obj, path: readonly (string | number)[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (typeof seg === 'number') cur = Array.isArray(cur) ? cur[seg] : undefined;
    else cur = isRecord(cur) ? cur[seg] : undefined;
  }
  return cur;
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

function names(list: unknown): string[] {
  return Array.isArray(list)
    ? list.map((c) => (isRecord(c) && typeof c['name'] === 'string' ? c['name'] : ''))
    : [];
}

/** Whether the pod is meant to run to completion (a Job's pod, or a pod that never restarts). */
export function isRunToCompletion(kind: string, object: Obj, spec: Obj): boolean {
  if (kind === 'Job' || kind === 'CronJob') return true;
  const owners = getPath(object, ['metadata', 'ownerReferences']);
  if (Array.isArray(owners) && owners.some((o) => isRecord(o) && o['kind'] === 'Job')) return true;
  return (
    kind === 'Pod' && (spec['restartPolicy'] === 'Never' || spec['restartPolicy'] === 'OnFailure')
  );
}

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
      digest: v['digest'],
      initContainers: list(v['initContainers']),
      containers: list(v['containers']),
      volumes: list(v['volumes']),
    };
  } catch {
    return undefined;
  }
}

/** Entry names a pod asks for, in order: `sidecarctl.io/inject`, then `--with`, then Vault's annotation. */
function requested(
  annotations: Readonly<Record<string, string>>,
  withList: readonly string[],
): string[] {
  const raw = annotations[INJECT_ANNOTATION];
  const optOut =
    raw !== undefined && ['false', 'no', 'off', 'disabled'].includes(raw.trim().toLowerCase());
  const out: string[] = [];
  const push = (n: string): void => {
    const name = n.trim();
    if (name !== '' && !out.includes(name)) out.push(name);
  };
  if (!optOut && raw !== undefined && !['true', 'enabled'].includes(raw.trim().toLowerCase()))
    raw.split(',').forEach(push);
  if (!optOut) withList.forEach(push);
  if (wantsVault(annotations)) push('vault-agent');
  return out;
}

function resolveMode(
  options: InjectOptions,
  annotations: Readonly<Record<string, string>>,
  where: string,
): 'native' | 'classic' {
  const asked = annotations[MODE_ANNOTATION] ?? options.mode ?? 'auto';
  if (asked === 'classic') return 'classic';
  if (asked === 'native') {
    if (!options.version.sidecars) {
      throw new SidecarError(
        'SIDECAR_E_INJECT_MODE',
        `${where}: native sidecars need Kubernetes 1.29+ (or 1.28 with --feature-gates SidecarContainers=true); ${options.version.version} would reject or drop restartPolicy: use --mode auto or classic`,
      );
    }
    return 'native';
  }
  return options.version.sidecars ? 'native' : 'classic';
}

/** The pod with a previous sidecarctl injection taken out (names from its status). */
function uninjected(spec: Obj, status: InjectStatus): Obj {
  const out = cloneJson(spec);
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
    else if (key === 'initContainers') delete out.initContainers;
    else if (key === 'volumes') delete out.volumes;
    else out[key] = kept;
  };
  drop('initContainers', status.initContainers);
  drop('containers', status.containers);
  drop('volumes', status.volumes);
  return out;
}

function digestOf(mode: string, expansions: readonly Expansion[]): string {
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

function withRestartAlways(c: JsonObject): JsonObject {
  const out: JsonObject = {};
  let placed = false;
  for (const [k, v] of Object.entries(c)) {
    if (k === 'restartPolicy') continue;
    out[k] = v;
    if (k === 'image') {
      out['restartPolicy'] = 'Always';
      placed = true;
    }
  }
  if (!placed) out['restartPolicy'] = 'Always';
  return out;
}

/**
 * Injects the catalog entries an object's pod template asks for.
 * @throws SidecarError SIDECAR_E_INJECT_MODE when native mode is forced on a version without sidecars
 */
export function injectObject(
  object: Readonly<Obj>,
  catalog: Catalog,
  options: InjectOptions,
): InjectResult {
  const kind = typeof object['kind'] === 'string' ? object['kind'] : '';
  const specPath = POD_SPEC_PATHS[kind];
  const decisions: InjectDecision[] = [];
  const warnings: string[] = [];
  const unchanged = (mode: 'native' | 'classic' | null): InjectResult => ({
    object,
    patch: [],
    mode,
    decisions,
    warnings,
  });
  if (specPath === undefined) return unchanged(null);
  const spec0 = asRecord(getPath(object, specPath));
  if (spec0 === undefined) return unchanged(null);
  const mdPath = [...specPath.slice(0, -1), 'metadata'];
  const annotations = stringMap(getPath(object, [...mdPath, 'annotations']));
  const podName = `${kind}/${String(getPath(object, ['metadata', 'name']) ?? getPath(object, ['metadata', 'generateName']) ?? '')}`;
  const wanted = requested(annotations, options.with ?? []);
  if (wanted.length === 0) {
    // The injectors read the pod template's annotations; the workload's own are a common mistake
    // (the Vault Agent Injector docs call it out).
    const outer = stringMap(getPath(object, ['metadata', 'annotations']));
    if (kind !== 'Pod' && requested(outer, []).length > 0) {
      const field = `${mdPath.join('.')}.annotations`;
      warnings.push(
        `${podName}: the injection annotations are on the ${kind}'s metadata; put them on the pod template (${field})`,
      );
      for (const entry of requested(outer, [])) {
        decisions.push({
          entry,
          injected: false,
          reason: `asked on the ${kind}'s metadata, not on ${field}`,
        });
      }
    }
    return unchanged(null);
  }
  const mode = resolveMode(options, annotations, podName);
  const previous = parseStatus(annotations[STATUS_ANNOTATION]);
  const spec = previous === undefined ? cloneJson(spec0) : uninjected(spec0, previous);
  const completes = isRunToCompletion(kind, object as Obj, spec);

  // 1. Expand each wanted entry, or say why not.
  const taken = new Set([...names(spec['initContainers']), ...names(spec['containers'])]);
  const expansions: Expansion[] = [];
  for (const name of wanted) {
    const entry = catalog.entries.get(name);
    if (entry === undefined) {
      decisions.push({
        entry: name,
        injected: false,
        reason: `no catalog entry named "${name}" (built-in: ${[...catalog.entries.keys()].join(', ')})`,
      });
      warnings.push(`${podName}: no catalog entry named "${name}"`);
      continue;
    }
    if (
      name === 'vault-agent' &&
      wantsVault(annotations) &&
      !(previous?.entries.includes(name) ?? false)
    ) {
      const st = vaultStatus(annotations);
      if (st !== undefined && st.trim().toLowerCase() !== 'update') {
        decisions.push({
          entry: name,
          injected: false,
          reason: `vault.hashicorp.com/agent-inject-status is "${st}": already injected`,
        });
        continue;
      }
    }
    let exp =
      name === 'vault-agent' && wantsVault(annotations)
        ? expandVault(entry, annotations)
        : expandEntry(entry, annotations);
    if (mode === 'classic' && completes) {
      const policy = entry.jobPolicy ?? 'inject';
      if (policy === 'skip') {
        decisions.push({
          entry: name,
          injected: false,
          reason: `the pod runs to completion and ${name} can only be a classic sidecar here (jobPolicy: skip); it would keep the pod running`,
        });
        continue;
      }
      if (policy === 'init-only') {
        if (exp.helpers.length === 0) {
          decisions.push({
            entry: name,
            injected: false,
            reason: `the pod runs to completion; ${name} has no run-once part (jobPolicy: init-only)`,
          });
          continue;
        }
        exp = { ...exp, sidecars: [] };
      }
    }
    const clash = [...exp.helpers, ...exp.sidecars]
      .map((c) => String(c['name']))
      .find((n) => taken.has(n));
    if (clash !== undefined) {
      decisions.push({
        entry: name,
        injected: false,
        reason: `the pod already has a container named "${clash}"`,
      });
      continue;
    }
    for (const c of [...exp.helpers, ...exp.sidecars]) taken.add(String(c['name']));
    expansions.push(exp);
  }
  if (expansions.length === 0) return unchanged(mode);

  const digest = digestOf(mode, expansions);
  if (previous !== undefined && previous.digest === digest) {
    for (const e of expansions)
      decisions.push({
        entry: e.entry.name,
        injected: false,
        reason: `already injected (${STATUS_ANNOTATION} digest ${digest} matches)`,
      });
    return unchanged(mode);
  }

  // 2. Place the containers.
  const init = (
    Array.isArray(spec['initContainers']) ? spec['initContainers'] : []
  ) as JsonObject[];
  let containers = (Array.isArray(spec['containers']) ? spec['containers'] : []) as JsonObject[];
  const appNames = names(containers);
  const addedInit: string[] = [];
  const addedContainers: string[] = [];
  const byName = new Map<string, JsonObject>();
  const nodes: OrderNode[] = init.map((c, i) => ({ name: String(c['name']), priority: i }));
  init.forEach((c) => byName.set(String(c['name']), c));
  let next = init.length;
  const front: JsonObject[] = [];
  const back: JsonObject[] = [];
  for (const exp of expansions) {
    for (const h of exp.helpers) {
      const n = String(h['name']);
      byName.set(n, h);
      addedInit.push(n);
      nodes.push({
        name: n,
        priority: exp.helpersFirst === true ? -1 - nodes.length : next++,
        entry: exp.entry,
        helper: true,
      });
    }
    for (const s of exp.sidecars) {
      const n = String(s['name']);
      if (mode === 'native') {
        byName.set(n, withRestartAlways(s));
        addedInit.push(n);
        nodes.push({ name: n, priority: next++, entry: exp.entry });
      } else {
        addedContainers.push(n);
        if (exp.entry.classicFirst === true) {
          const post = exp.entry.classicPostStart;
          const lifecycle = asRecord(s['lifecycle']) ?? {};
          front.push(
            post !== undefined && lifecycle['postStart'] === undefined
              ? { ...s, lifecycle: { ...lifecycle, postStart: post } }
              : s,
          );
        } else {
          back.push(s);
        }
      }
    }
    decisions.push({
      entry: exp.entry.name,
      injected: true,
      reason:
        mode === 'native'
          ? `asked for; native sidecar (restartPolicy: Always in initContainers) on ${options.version.version}${exp.sidecars.length === 0 ? ', run-once part only' : ''}`
          : `asked for; classic sidecar in containers on ${options.version.version}${exp.sidecars.length === 0 ? ' (run-once init container only)' : ''}`,
    });
    if (mode === 'classic' && completes && exp.sidecars.length > 0) {
      warnings.push(
        `${podName}: classic sidecar ${exp.sidecars.map((s) => String(s['name'])).join(', ')} keeps this run-to-completion pod running after its main containers exit; the app must stop it, or use Kubernetes 1.29+ (native sidecars)`,
      );
    }
  }
  if (addedInit.length > 0) {
    const ordered = orderInitContainers(nodes);
    if (ordered.cycle)
      warnings.push(
        `${podName}: the catalog ordering constraints contradict each other; kept the request order`,
      );
    spec['initContainers'] = ordered.order.map((n) => byName.get(n)!);
  }
  if (front.length > 0 || back.length > 0) containers = [...front, ...containers, ...back];
  spec['containers'] = containers;

  // 3. Volumes and the app's mounts.
  const volumes = (
    Array.isArray(spec['volumes']) ? [...(spec['volumes'] as JsonObject[])] : []
  ) as JsonObject[];
  const addedVolumes: string[] = [];
  const volumeNames = new Set(names(volumes));
  for (const exp of expansions) {
    for (const v of exp.volumes) {
      const n = String(v['name']);
      if (volumeNames.has(n)) continue;
      volumeNames.add(n);
      volumes.push(v);
      addedVolumes.push(n);
    }
  }
  if (volumes.length > 0) spec['volumes'] = volumes;
  spec['containers'] = (spec['containers'] as JsonObject[]).map((c) => {
    if (!appNames.includes(String(c['name']))) return c;
    const mounts = Array.isArray(c['volumeMounts']) ? [...(c['volumeMounts'] as JsonObject[])] : [];
    let changed = false;
    for (const exp of expansions) {
      for (const m of exp.appVolumeMounts) {
        if (
          mounts.some(
            (x) => isRecord(x) && (x['name'] === m['name'] || x['mountPath'] === m['mountPath']),
          )
        )
          continue;
        mounts.push(m);
        changed = true;
      }
    }
    return changed ? { ...c, volumeMounts: mounts } : c;
  });

  // 4. Annotations: status, the entries' own, and kubectl's default container when a classic proxy went first.
  const status: InjectStatus = {
    entries: expansions.map((e) => e.entry.name),
    mode,
    digest,
    initContainers: addedInit,
    containers: addedContainers,
    volumes: addedVolumes,
  };
  const newAnnotations: Record<string, unknown> = {
    ...(asRecord(getPath(object, [...mdPath, 'annotations'])) ?? {}),
  };
  for (const exp of expansions) Object.assign(newAnnotations, exp.annotations);
  if (
    front.length > 0 &&
    newAnnotations[DEFAULT_CONTAINER_ANNOTATION] === undefined &&
    appNames[0] !== undefined
  ) {
    newAnnotations[DEFAULT_CONTAINER_ANNOTATION] = appNames[0];
  }
  newAnnotations[STATUS_ANNOTATION] = JSON.stringify(status);

  const after = cloneJson(object) as Obj;
  setPath(after, specPath, spec);
  const md = asRecord(getPath(after, mdPath)) ?? {};
  md['annotations'] = newAnnotations;
  setPath(after, mdPath, md);
  return { object: after, patch: diffPatch(object, after), mode, decisions, warnings };
}

function setPath(root: Obj, path: readonly (string | number)[], value: unknown): void {
  let cur: Obj = root;
  path.forEach((seg, i) => {
    const key = String(seg);
    if (i === path.length - 1) {
      cur[key] = value;
      return;
    }
    const nextNode = asRecord(cur[key]);
    if (nextNode === undefined) {
      const created: Obj = {};
      cur[key] = created;
      cur = created;
    } else {
      cur = nextNode;
    }
  });
}

/** The annotation prefix for per-pod parameters (`sidecarctl.io/<entry>.<param>`). */
export const PARAMETER_ANNOTATION_PREFIX = ANNOTATION_PREFIX;
