/**
 * Lifecycle hooks: validation.go validateLifecycle (postStart and preStop, each through
 * validateHandler), plus what dropDisabledFields leaves of them (pkg/api/pod/util.go
 * dropPodLifecycleSleepAction: with the PodLifecycleSleepAction gate off, a `sleep` handler is
 * removed, then a hook left empty, then a lifecycle left with no hook; no error is given).
 */
import { child, type ApiCheck } from './check-context.js';
import { readObject } from './decode.js';
import { checkHandler, presentHandlers } from './handlers.js';
import { checkUnknownFields, hasField } from './unknown-fields.js';
import { isRecord } from '../manifest/objects.js';

const HOOKS = ['postStart', 'preStop'] as const;

/**
 * Whether the container still has a `lifecycle` after decoding and dropDisabledFields (what
 * "ctr.Lifecycle != nil" means to validation). Only the sleep drop can remove one, and only
 * where the field exists but the gate is off.
 */
export function lifecycleKept(c: ApiCheck, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (!isRecord(value)) return true;
  if (!hasField(c.version, 'LifecycleHandler', 'sleep') || c.version.sleepAction) return true;
  return HOOKS.some((h) => {
    const hook = value[h];
    if (hook === undefined || hook === null) return false;
    if (!isRecord(hook)) return true;
    const hadSleep = hook['sleep'] !== undefined && hook['sleep'] !== null;
    return !hadSleep || presentHandlers(c, 'lifecycle', hook).length > 0;
  });
}

/** validateLifecycle for a regular container or a sidecar. */
export function checkLifecycle(c: ApiCheck, path: string, value: unknown, grace: number): void {
  const lifecycle = readObject(c, path, value);
  if (lifecycle === undefined || !lifecycleKept(c, lifecycle)) return;
  checkUnknownFields(c, path, lifecycle, 'Lifecycle');
  for (const h of HOOKS) {
    const hp = child(path, h);
    const hook = readObject(c, hp, lifecycle[h]);
    if (hook === undefined) continue;
    checkUnknownFields(c, hp, hook, 'LifecycleHandler');
    const hadSleep = hook['sleep'] !== undefined && hook['sleep'] !== null;
    // A hook that only had a dropped sleep is gone: nothing to validate.
    if (
      hadSleep &&
      presentHandlers(c, 'lifecycle', hook).length === 0 &&
      hasField(c.version, 'LifecycleHandler', 'sleep')
    ) {
      continue;
    }
    checkHandler(c, 'api-lifecycle', 'lifecycle', hp, hook, grace);
  }
}
