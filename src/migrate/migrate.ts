/**
 * Classic -> native migration of one object, as a pure function returning the new object, the
 * RFC 6902 patch and a report of every change.
 *
 * Each classic sidecar is moved (a JSON Patch `move`, so the file edit keeps its lines) from
 * `containers` into `initContainers` with `restartPolicy: Always`, after the existing init
 * containers, or where the catalog's ordering puts it (istio-proxy right after istio-init /
 * istio-validation and before every other init container, as Istio's native mode does). Native
 * sidecars start in init order and the next init container waits for their startupProbe
 * (kubernetes/kubernetes pkg/kubelet/kuberuntime/kuberuntime_container.go
 * computeInitContainerActions), so a readinessProbe becomes a startupProbe too when that is safe.
 */
import { SidecarError } from '../errors.js';
import { isRecord } from '../manifest/objects.js';
import { POD_SPEC_PATHS } from '../manifest/pod-templates.js';
import type { VersionInfo } from '../model/versions.js';
import type { Catalog } from '../catalog/types.js';
import { DEFAULT_CONTAINER_ANNOTATION, isRunToCompletion } from '../inject/inject.js';
import { orderInitContainers, type OrderNode } from '../catalog/order.js';
import { recognise } from '../catalog/recognise.js';
import { detectClassicSidecars } from './detect.js';
import { toPointer } from '../rewrite/json-pointer.js';
import { applyPatchTo, type Operation, type Patch } from '../rewrite/patch.js';
import {
  isPilotAgentWait,
  isSleepOnlyPreStop,
  stripQuitCalls,
  unwrapLinkerdAwait,
  withoutHoldApplication,
} from './workarounds.js';

export interface MigrateOptions {
  readonly version: VersionInfo;
  /** Container names to treat as sidecars (`--sidecar`). */
  readonly sidecars?: readonly string[];
}

/** One change, with the field it touched (a Kubernetes field path from the object's root). */
export interface MigrateChange {
  readonly field: string;
  readonly message: string;
}

export interface MigrateResult {
  readonly object: Readonly<Record<string, unknown>>;
  readonly patch: Patch;
  readonly changes: MigrateChange[];
  readonly warnings: string[];
}

type Obj = Record<string, unknown>;

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

function fieldOf(path: readonly (string | number)[]): string {
  let out = '';
  for (const s of path) {
    if (typeof s === 'number' || /^\d+$/.test(s)) out += `[${String(s)}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${s}]`;
  }
  return out;
}

/** Migrates the classic sidecars of one object. */
export function migrateObject(
  object: Readonly<Obj>,
  catalog: Catalog,
  options: MigrateOptions,
): MigrateResult {
  checkMigrateVersion(options.version);
  const kind = typeof object['kind'] === 'string' ? object['kind'] : '';
  const specPath = POD_SPEC_PATHS[kind];
  const none: MigrateResult = { object, patch: [], changes: [], warnings: [] };
  if (specPath === undefined) return none;
  let cur = object as Obj;
  const patch: Operation[] = [];
  const changes: MigrateChange[] = [];
  const warnings: string[] = [];
  const get = (path: readonly (string | number)[]): unknown => {
    let v: unknown = cur;
    for (const s of path)
      v = Array.isArray(v) ? v[Number(s)] : isRecord(v) ? v[String(s)] : undefined;
    return v;
  };
  const op = (o: Operation): void => {
    patch.push(o);
    cur = applyPatchTo(cur, [o]);
  };
  const spec = get(specPath);
  if (!isRecord(spec)) return none;
  const podName = `${kind}/${String(get(['metadata', 'name']) ?? '')}`;
  const containers = Array.isArray(spec['containers']) ? (spec['containers'] as unknown[]) : [];
  const explicit = options.sidecars ?? [];
  const initList = Array.isArray(spec['initContainers'])
    ? (spec['initContainers'] as unknown[])
    : [];
  for (const name of explicit) {
    const native = initList.find(
      (c) => isRecord(c) && c['name'] === name && c['restartPolicy'] === 'Always',
    );
    if (native !== undefined)
      changes.push({ field: '', message: `${name} is already a native sidecar: nothing to do` });
  }
  const initNames = new Set(initList.map((c) => (isRecord(c) ? String(c['name']) : '')));
  const found = detectClassicSidecars(containers, catalog, explicit).filter((f) => {
    if (!initNames.has(f.name)) return true;
    // Istio templates may carry a partial override container of the same name (sidecar-spire);
    // two containers of one name would be rejected (validation.go validateContainers: Duplicate).
    warnings.push(`${podName}: ${f.name} is also an init container; left where it is`);
    return false;
  });
  if (found.length === 0) return { ...none, changes };
  if (found.length >= containers.length) {
    warnings.push(
      `${podName}: every container looks like a sidecar (${found.map((f) => f.name).join(', ')}); nothing moved, name the sidecars with --sidecar`,
    );
    return { ...none, changes, warnings };
  }
  const sp = (...rest: (string | number)[]): string => toPointer([...specPath, ...rest]);
  const fp = (...rest: (string | number)[]): string => fieldOf([...specPath, ...rest]);

  // 1. Move the sidecars to the end of initContainers, then order initContainers.
  if (!Array.isArray(spec['initContainers']))
    op({ op: 'add', path: sp('initContainers'), value: [] });
  const movedNames = found.map((f) => f.name);
  for (const f of found) {
    const list = get([...specPath, 'containers']) as Obj[];
    const index = list.findIndex((c) => c['name'] === f.name);
    op({ op: 'move', from: sp('containers', index), path: sp('initContainers', '-') });
    changes.push({
      field: fp('containers', f.index),
      message: `moved ${f.name} to initContainers as a native sidecar (${f.why})`,
    });
  }
  const init = get([...specPath, 'initContainers']) as Obj[];
  const nodes: OrderNode[] = init.map((c, i) => {
    const name = String(c['name'] ?? '');
    const entry = recognise(c, catalog)?.entry;
    const placed = movedNames.includes(name) || c['restartPolicy'] === 'Always';
    if (placed && entry !== undefined) return { name, priority: i, entry };
    // A run-once helper of a catalog entry (vault-agent-init) keeps its entry's needs, so a
    // proxy that provides the network goes before it.
    const owner = [...catalog.entries.values()].find((e) =>
      (e.initContainers ?? []).some((h) => h['name'] === name),
    );
    return { name, priority: i, ...(owner !== undefined ? { entry: owner, helper: true } : {}) };
  });
  const ordered = orderInitContainers(nodes);
  if (ordered.cycle)
    warnings.push(
      `${podName}: the catalog ordering constraints contradict each other; kept the existing order`,
    );
  const target = ordered.cycle ? nodes.map((n) => n.name) : ordered.order;
  let names = init.map((c) => String(c['name'] ?? ''));
  target.forEach((name, i) => {
    const j = names.indexOf(name);
    if (j === i || j < 0) return;
    op({ op: 'move', from: sp('initContainers', j), path: sp('initContainers', i) });
    names = (get([...specPath, 'initContainers']) as Obj[]).map((c) => String(c['name'] ?? ''));
  });

  // 2. Make each moved container a sidecar; derive its startupProbe; drop its sleep-only preStop.
  for (const name of movedNames) {
    const i = names.indexOf(name);
    const c = (get([...specPath, 'initContainers']) as Obj[])[i]!;
    op({ op: 'add', path: sp('initContainers', i, 'restartPolicy'), value: 'Always' });
    changes.push({
      field: fp('initContainers', i, 'restartPolicy'),
      message: `${name}: restartPolicy: Always (native sidecar)`,
    });
    const rp = c['readinessProbe'];
    if (isRecord(rp) && c['startupProbe'] === undefined) {
      const st = rp['successThreshold'];
      if (st === undefined || st === 1) {
        // startupProbe.successThreshold must be 1 (pkg/apis/core/validation validateStartupProbe),
        // so only a probe that already succeeds on one success carries over unchanged.
        const probe = { ...rp };
        delete probe['successThreshold'];
        op({ op: 'add', path: sp('initContainers', i, 'startupProbe'), value: probe });
        changes.push({
          field: fp('initContainers', i, 'startupProbe'),
          message: `${name}: startupProbe copied from its readinessProbe, so the containers after it wait until it is ready`,
        });
      } else {
        warnings.push(
          `${podName}: ${name}: readinessProbe has successThreshold ${String(st)}; no startupProbe derived (a startupProbe needs 1)`,
        );
      }
    }
    const lc = c['lifecycle'];
    if (isRecord(lc) && options.version.terminationOrdering && isSleepOnlyPreStop(lc['preStop'])) {
      const path =
        Object.keys(lc).length === 1
          ? sp('initContainers', i, 'lifecycle')
          : sp('initContainers', i, 'lifecycle', 'preStop');
      op({ op: 'remove', path });
      changes.push({
        field: fp('initContainers', i, 'lifecycle', 'preStop'),
        message: `${name}: removed the sleep-only preStop hook: sidecars now stop after the main containers`,
      });
    }
    const lc2 = (get([...specPath, 'initContainers', i]) as Obj)['lifecycle'];
    if (isRecord(lc2) && isPilotAgentWait(lc2['postStart'])) {
      const path =
        Object.keys(lc2).length === 1
          ? sp('initContainers', i, 'lifecycle')
          : sp('initContainers', i, 'lifecycle', 'postStart');
      op({ op: 'remove', path });
      changes.push({
        field: fp('initContainers', i, 'lifecycle', 'postStart'),
        message: `${name}: removed the "pilot-agent wait" postStart hook (holdApplicationUntilProxyStarts): the startupProbe holds the app now`,
      });
    }
  }

  // 3. Pod-level workarounds.
  const mdPath = [...specPath.slice(0, -1), 'metadata'];
  const annotations = get([...mdPath, 'annotations']);
  const ann = isRecord(annotations) ? annotations : {};
  const proxyConfig = ann['proxy.istio.io/config'];
  if (typeof proxyConfig === 'string' && movedNames.includes('istio-proxy')) {
    const next = withoutHoldApplication(proxyConfig);
    const path = toPointer([...mdPath, 'annotations', 'proxy.istio.io/config']);
    if (next === null) op({ op: 'remove', path });
    else if (next !== undefined) op({ op: 'replace', path, value: next });
    if (next !== undefined) {
      changes.push({
        field: fieldOf([...mdPath, 'annotations', 'proxy.istio.io/config']),
        message:
          'removed holdApplicationUntilProxyStarts: the native istio-proxy holds the app with its startupProbe',
      });
    }
  }
  for (const key of [
    'config.linkerd.io/proxy-await',
    'config.alpha.linkerd.io/proxy-wait-before-exit-seconds',
  ]) {
    if (!movedNames.includes('linkerd-proxy') || ann[key] === undefined) continue;
    if (key.includes('wait-before-exit') && !options.version.terminationOrdering) continue;
    op({ op: 'remove', path: toPointer([...mdPath, 'annotations', key]) });
    changes.push({
      field: fieldOf([...mdPath, 'annotations', key]),
      message: `removed ${key}: not needed with a native linkerd-proxy`,
    });
  }
  const podSpec = get(specPath) as Obj;
  if (isRunToCompletion(kind, object as Obj, podSpec)) {
    const apps = get([...specPath, 'containers']) as Obj[];
    apps.forEach((c, ci) => {
      for (const key of ['command', 'args'] as const) {
        const argv = c[key];
        if (!Array.isArray(argv) || !argv.every((s) => typeof s === 'string')) continue;
        const unwrapped = unwrapLinkerdAwait(argv as string[]);
        if (unwrapped !== null) {
          op({ op: 'replace', path: sp('containers', ci, key), value: unwrapped });
          changes.push({
            field: fp('containers', ci, key),
            message: `${String(c['name'])}: removed the linkerd-await --shutdown wrapper`,
          });
          continue;
        }
        (argv as string[]).forEach((s, si) => {
          const stripped = stripQuitCalls(s);
          if (stripped === null) return;
          op({ op: 'replace', path: sp('containers', ci, key, si), value: stripped });
          changes.push({
            field: fp('containers', ci, key, si),
            message: `${String(c['name'])}: removed the call that stopped the sidecar at the end of the job: native sidecars do not block completion`,
          });
        });
      }
    });
  }

  // 4. kubectl logs/exec keep defaulting to the app.
  const apps = get([...specPath, 'containers']) as Obj[];
  const first = apps[0]?.['name'];
  if (typeof first === 'string' && ann[DEFAULT_CONTAINER_ANNOTATION] === undefined) {
    const md = get(mdPath);
    if (!isRecord(md))
      op({
        op: 'add',
        path: toPointer(mdPath),
        value: { annotations: { [DEFAULT_CONTAINER_ANNOTATION]: first } },
      });
    else if (!isRecord(md['annotations']))
      op({
        op: 'add',
        path: toPointer([...mdPath, 'annotations']),
        value: { [DEFAULT_CONTAINER_ANNOTATION]: first },
      });
    else
      op({
        op: 'add',
        path: toPointer([...mdPath, 'annotations', DEFAULT_CONTAINER_ANNOTATION]),
        value: first,
      });
    changes.push({
      field: fieldOf([...mdPath, 'annotations', DEFAULT_CONTAINER_ANNOTATION]),
      message: `set ${DEFAULT_CONTAINER_ANNOTATION}: ${first}, so kubectl logs and exec default to the app`,
    });
  }
  return { object: cur, patch, changes, warnings };
}
