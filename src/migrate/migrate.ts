/**
 * Classic -> native migration of one object, as a pure function returning the new object, the
 * RFC 6902 patch and a report of every change. A short pipeline over the pod template:
 *
 * 1. move.ts: each classic sidecar is moved from `containers` into `initContainers`, in the
 *    order the catalog asks (istio-proxy right after istio-init / istio-validation, as Istio's
 *    native mode does);
 * 2. sidecar-fields.ts: it gets `restartPolicy: Always`, a startupProbe from its readinessProbe,
 *    and loses the hooks that only held the classic order in place;
 * 3. workarounds.ts: the pod-level workarounds native sidecars make dead weight go;
 * 4. annotations.ts: kubectl keeps defaulting to the app.
 */
import { SidecarError } from '../errors.js';
import type { Catalog } from '../catalog/types.js';
import { isRecord, objectFromValue } from '../manifest/objects.js';
import { containersShapeProblem, podTemplateOf } from '../manifest/pod-templates.js';
import type { VersionInfo } from '../model/versions.js';
import { keepDefaultContainer } from './annotations.js';
import { startEdit, type MigrateResult } from './edit.js';
import { moveToInit, orderInit, sidecarsToMove } from './move.js';
import { makeNative } from './sidecar-fields.js';
import { dropHoldApplication, dropLinkerdAnnotations, dropQuitCalls } from './workarounds.js';

export type { MigrateChange, MigrateResult } from './edit.js';

export interface MigrateOptions {
  readonly version: VersionInfo;
  /** Container names to treat as sidecars (`--sidecar`). */
  readonly sidecars?: readonly string[];
}

/**
 * Refuses versions without native sidecars.
 * @throws SidecarError SIDECAR_E_MIGRATE_VERSION below 1.29, or on 1.28 without the gate
 */
export function checkMigrateVersion(version: VersionInfo): void {
  if (version.sidecars) return;
  const why = version.containerRestartPolicyField
    ? `the SidecarContainers feature gate is off in ${version.version} (alpha): turn it on with --feature-gates SidecarContainers=true, or target 1.29+`
    : `Kubernetes ${version.version} has no native sidecars (restartPolicy on init containers is an unknown field before 1.28): target 1.29+`;
  throw new SidecarError('SIDECAR_E_MIGRATE_VERSION', `cannot migrate to native sidecars: ${why}`);
}

/** Migrates the classic sidecars of one object. */
export function migrateObject(
  object: Readonly<Record<string, unknown>>,
  catalog: Catalog,
  options: MigrateOptions,
): MigrateResult {
  checkMigrateVersion(options.version);
  const template = podTemplateOf(objectFromValue(object));
  if (template === null || !isRecord(template.spec))
    return { object, patch: [], changes: [], warnings: [] };
  const edit = startEdit(object, template);
  const problem = containersShapeProblem(template.spec);
  if (problem !== null) {
    edit.warn(`${edit.podName}: ${problem}; left unchanged (sidecarctl validate tells more)`);
    return edit.unchanged();
  }
  const found = sidecarsToMove(edit, catalog, options.sidecars ?? []);
  if (found === null) return edit.unchanged();
  moveToInit(edit, found);
  const moved = found.map((f) => f.name);
  const names = orderInit(edit, moved, catalog);
  for (const name of moved) makeNative(edit, name, names.indexOf(name), options.version, catalog);
  dropHoldApplication(edit, moved);
  dropLinkerdAnnotations(edit, moved, options.version);
  dropQuitCalls(edit, object);
  keepDefaultContainer(edit);
  return edit.result();
}
