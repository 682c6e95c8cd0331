/**
 * Step 2 of migrate: the fields of each moved container. It gets `restartPolicy: Always`; the
 * containers after a native sidecar wait for its startupProbe, not its readinessProbe
 * (kubernetes/kubernetes pkg/kubelet/kuberuntime/kuberuntime_container.go
 * computeInitContainerActions), so a readinessProbe becomes a startupProbe too when that is
 * safe; hooks that only held the classic order in place go (workarounds.ts).
 */
import { displayValue } from '../model/record.js';
import { isRecord } from '../manifest/objects.js';
import { recognise } from '../catalog/recognise.js';
import type { Catalog, CatalogEntry } from '../catalog/types.js';
import type { VersionInfo } from '../model/versions.js';
import type { Edit } from './edit.js';
import { isPilotAgentWait, isSleepOnlyPreStop } from './workarounds.js';

type Obj = Record<string, unknown>;

/** Makes the init container at `i` a native sidecar. */
export function makeNative(
  edit: Edit,
  name: string,
  i: number,
  version: VersionInfo,
  catalog: Catalog,
): void {
  const { specPath } = edit.template;
  const c = edit.spec('initContainers', i) as Obj;
  edit.apply({
    op: 'add',
    path: edit.pointer('initContainers', i, 'restartPolicy'),
    value: 'Always',
  });
  edit.change(
    [...specPath, 'initContainers', i, 'restartPolicy'],
    `${name}: restartPolicy: Always (native sidecar)`,
  );
  deriveStartupProbe(edit, c, name, i, startupBudget(recognise(c, catalog)?.entry));
  const lc = c['lifecycle'];
  if (isRecord(lc) && version.terminationOrdering && isSleepOnlyPreStop(lc['preStop'])) {
    removeHook(edit, lc, i, 'preStop');
    edit.change(
      [...specPath, 'initContainers', i, 'lifecycle', 'preStop'],
      `${name}: removed the sleep-only preStop hook: sidecars now stop after the main containers`,
    );
  }
  const lc2 = (edit.spec('initContainers', i) as Obj)['lifecycle'];
  if (isRecord(lc2) && isPilotAgentWait(lc2['postStart'])) {
    removeHook(edit, lc2, i, 'postStart');
    edit.change(
      [...specPath, 'initContainers', i, 'lifecycle', 'postStart'],
      `${name}: removed the "pilot-agent wait" postStart hook (holdApplicationUntilProxyStarts): the startupProbe holds the app now`,
    );
  }
}

/**
 * The start-up budget of a catalog sidecar: its entry's startupProbe timing (Istio gives its
 * proxy 600 x 1 s), which a probe derived from a readinessProbe keeps, so a slow proxy is not
 * restarted after the default 3 failures.
 */
function startupBudget(entry: CatalogEntry | undefined): Obj {
  const probe = entry?.containers.find((c) => isRecord(c['startupProbe']))?.['startupProbe'];
  if (!isRecord(probe)) return {};
  const keys = ['initialDelaySeconds', 'periodSeconds', 'failureThreshold'] as const;
  return Object.fromEntries(keys.filter((k) => probe[k] !== undefined).map((k) => [k, probe[k]]));
}

/** A startupProbe copied from the readinessProbe, when the container has none. */
function deriveStartupProbe(edit: Edit, c: Obj, name: string, i: number, budget: Obj): void {
  const rp = c['readinessProbe'];
  if (!isRecord(rp) || c['startupProbe'] !== undefined) return;
  const st = rp['successThreshold'];
  if (st !== undefined && st !== 1) {
    edit.warn(
      `${edit.podName}: ${name}: readinessProbe has successThreshold ${displayValue(st)}; no startupProbe derived (a startupProbe needs 1)`,
    );
    return;
  }
  // startupProbe.successThreshold must be 1 (pkg/apis/core/validation validateStartupProbe),
  // so only a probe that already succeeds on one success carries over unchanged.
  const probe = { ...rp, ...budget };
  delete probe['successThreshold'];
  edit.apply({ op: 'add', path: edit.pointer('initContainers', i, 'startupProbe'), value: probe });
  const why =
    Object.keys(budget).length > 0
      ? `, with the catalog's start-up budget (${describeBudget(probe)})`
      : '';
  edit.change(
    [...edit.template.specPath, 'initContainers', i, 'startupProbe'],
    `${name}: startupProbe copied from its readinessProbe${why}, so the containers after it wait until it is ready`,
  );
}

function describeBudget(probe: Obj): string {
  const period = typeof probe['periodSeconds'] === 'number' ? probe['periodSeconds'] : 10;
  const failures = typeof probe['failureThreshold'] === 'number' ? probe['failureThreshold'] : 3;
  return `${displayValue(failures)} x ${displayValue(period)} s`;
}

/** Removes a hook, or the whole `lifecycle` when it is the only one. */
function removeHook(edit: Edit, lifecycle: Obj, i: number, hook: 'preStop' | 'postStart'): void {
  const path =
    Object.keys(lifecycle).length === 1
      ? edit.pointer('initContainers', i, 'lifecycle')
      : edit.pointer('initContainers', i, 'lifecycle', hook);
  edit.apply({ op: 'remove', path });
}
