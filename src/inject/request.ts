/**
 * What a pod asks inject for: entry names from the `sidecarctl.io/inject` annotation of its pod
 * template, `--with`, and the annotations of entries that read another injector's (vault-k8s'
 * `vault.hashicorp.com/agent-inject`); and the mode, native or classic.
 */
import { SidecarError } from '../errors.js';
import type { Catalog } from '../catalog/types.js';
import { isRecord } from '../manifest/objects.js';
import type { PodTemplate } from '../manifest/pod-templates.js';
import type { VersionInfo } from '../model/versions.js';
import { strategyOf } from './strategies.js';

export const INJECT_ANNOTATION = 'sidecarctl.io/inject';
export const MODE_ANNOTATION = 'sidecarctl.io/mode';

export type InjectMode = 'auto' | 'native' | 'classic';

/** Why one entry was or was not injected into one pod. */
export interface InjectDecision {
  readonly entry: string;
  readonly injected: boolean;
  readonly reason: string;
}

/** What inject has to say about one object, filled in along the pipeline. */
export interface Notes {
  readonly decisions: InjectDecision[];
  readonly warnings: string[];
}

/** The string values of an annotations map (others are not annotations the API accepts). */
export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

/** Entry names a pod asks for, in order: `sidecarctl.io/inject`, `--with`, then entries' own annotations. */
export function requested(
  annotations: Readonly<Record<string, string>>,
  withList: readonly string[],
  catalog: Catalog,
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
  for (const entry of catalog.entries.values())
    if (strategyOf(entry).asks(annotations)) push(entry.name);
  return out;
}

/**
 * Native or classic for this pod: its `sidecarctl.io/mode` annotation, else `--mode`, else what
 * the version supports.
 * @throws SidecarError SIDECAR_E_INJECT_MODE when native mode is forced on a version without sidecars
 */
export function resolveMode(
  options: { readonly version: VersionInfo; readonly mode?: InjectMode },
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

/**
 * Why the mode is what it is, for the status annotation: the pod's annotation, `--mode`, or the
 * version (`native: Kubernetes 1.33 has native sidecars (mode auto)`).
 */
export function modeReason(
  options: { readonly version: VersionInfo; readonly mode?: InjectMode },
  annotations: Readonly<Record<string, string>>,
  mode: 'native' | 'classic',
): string {
  if (annotations[MODE_ANNOTATION] !== undefined) return `${mode}: asked by ${MODE_ANNOTATION}`;
  if (options.mode !== undefined && options.mode !== 'auto') return `${mode}: asked by --mode`;
  const v = options.version.version;
  return options.version.sidecars
    ? `native: Kubernetes ${v} has native sidecars (mode auto)`
    : `classic: Kubernetes ${v} has no native sidecars (mode auto)`;
}

/**
 * The injectors read the pod template's annotations; the workload's own are a common mistake
 * (the Vault Agent Injector docs call it out). Says so when a pod asks for nothing there but its
 * workload's metadata does.
 */
export function noteMisplacedRequest(
  template: PodTemplate,
  pod: string,
  catalog: Catalog,
  notes: Notes,
): void {
  const kind = template.object.kind;
  const md = template.object.value['metadata'];
  const outer = stringMap(isRecord(md) ? md['annotations'] : undefined);
  const asked = requested(outer, [], catalog);
  if (kind === 'Pod' || asked.length === 0) return;
  const field = `${template.metadataPath.join('.')}.annotations`;
  notes.warnings.push(
    `${pod}: the injection annotations are on the ${kind}'s metadata; put them on the pod template (${field})`,
  );
  for (const entry of asked) {
    notes.decisions.push({
      entry,
      injected: false,
      reason: `asked on the ${kind}'s metadata, not on ${field}`,
    });
  }
}
