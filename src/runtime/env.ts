/**
 * The environment of a container, built the way the kubelet builds it
 * (kubernetes/kubernetes pkg/kubelet/kubelet_pods.go makeEnvironmentVariables):
 *
 * 1. `envFrom`, in order: every key of the ConfigMap/Secret with the `prefix`; a key that is no
 *    valid variable name is skipped (the kubelet records it in an event); later sources win;
 * 2. `env`, in order: `value` with `$(VAR)` expanded against what is defined so far (envFrom
 *    and earlier entries), or `valueFrom` (fieldRef, resourceFieldRef, configMapKeyRef,
 *    secretKeyRef); a later entry of the same name wins.
 *
 * The process environment is then the base (what an image's ENV would give: an allowlist of the
 * invoking shell's variables, since the host replaces the image; plus HOSTNAME) overridden by
 * that list. The base is not visible to `$(VAR)`, as an image's ENV is not to the kubelet.
 */
import { isRecord } from '../manifest/objects.js';
import type { ConfigSources } from './config-sources.js';
import { ContainerConfigError } from './container-config-error.js';
import { expandVars, mappingFor } from './expand.js';
import { fieldPathValue, resourceFieldValue, type PodContext } from './pod-context.js';

/** Variables taken from the invoking shell (reference/local-runtime.md §6.3). */
const BASE_ALLOW = ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'TZ', 'TERM'];

/** The image-like base environment. */
export function baseEnvironment(
  ctx: PodContext,
  host: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(host)) {
    if (v === undefined) continue;
    if (BASE_ALLOW.includes(k) || k.startsWith('LC_')) out[k] = v;
  }
  out['PATH'] ??= '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  out['HOSTNAME'] = ctx.hostname;
  return out;
}

/** Environment variable names the API accepts (validation.IsEnvVarName). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export interface ContainerEnv {
  /** The variables the kubelet computed, in order (what `$(VAR)` in command/args sees). */
  readonly vars: ReadonlyMap<string, string>;
  /** envFrom keys skipped as invalid names (for a warning). */
  readonly skipped: readonly string[];
}

function sourceValue(
  sources: ConfigSources,
  ns: string,
  kind: 'configMap' | 'secret',
  ref: Readonly<Record<string, unknown>>,
): string | undefined {
  const name = typeof ref['name'] === 'string' ? ref['name'] : '';
  const key = typeof ref['key'] === 'string' ? ref['key'] : '';
  const optional = ref['optional'] === true;
  const src = kind === 'configMap' ? sources.configMap(ns, name) : sources.secret(ns, name);
  if (src === undefined) {
    if (optional) return undefined;
    throw new ContainerConfigError(
      `${kind === 'configMap' ? 'configmap' : 'secret'} "${name}" not found`,
    );
  }
  const v = src.data.get(key);
  if (v === undefined) {
    if (optional) return undefined;
    throw new ContainerConfigError(`couldn't find key ${key} in ${src.kind} ${ns}/${name}`);
  }
  return v.toString('utf8');
}

/**
 * Computes a container's variables.
 * @throws ContainerConfigError when a referenced object or key is missing and not optional
 */
export function containerEnv(
  container: Readonly<Record<string, unknown>>,
  ctx: PodContext,
  sources: ConfigSources,
): ContainerEnv {
  const vars = new Map<string, string>();
  const skipped: string[] = [];
  const containerName = typeof container['name'] === 'string' ? container['name'] : '';
  const envFrom = Array.isArray(container['envFrom']) ? container['envFrom'] : [];
  for (const from of envFrom) {
    if (!isRecord(from)) continue;
    const prefix = typeof from['prefix'] === 'string' ? from['prefix'] : '';
    const ref = isRecord(from['configMapRef'])
      ? from['configMapRef']
      : isRecord(from['secretRef'])
        ? from['secretRef']
        : null;
    if (ref === null) continue;
    const kind = isRecord(from['configMapRef']) ? 'configMap' : 'secret';
    const name = typeof ref['name'] === 'string' ? ref['name'] : '';
    const src =
      kind === 'configMap'
        ? sources.configMap(ctx.namespace, name)
        : sources.secret(ctx.namespace, name);
    if (src === undefined) {
      if (ref['optional'] === true) continue;
      throw new ContainerConfigError(
        `${kind === 'configMap' ? 'configmap' : 'secret'} "${name}" not found`,
      );
    }
    for (const [k, v] of src.data) {
      const key = prefix + k;
      if (!ENV_NAME.test(key)) {
        skipped.push(key);
        continue;
      }
      vars.set(key, v.toString('utf8'));
    }
  }
  const env = Array.isArray(container['env']) ? container['env'] : [];
  for (const e of env) {
    if (!isRecord(e) || typeof e['name'] !== 'string') continue;
    const name = e['name'];
    const from = isRecord(e['valueFrom']) ? e['valueFrom'] : null;
    if (from === null) {
      const raw =
        typeof e['value'] === 'string'
          ? e['value']
          : e['value'] === undefined
            ? ''
            : String(e['value']);
      vars.set(name, expandVars(raw, mappingFor(vars)));
      continue;
    }
    let value: string | undefined;
    if (isRecord(from['fieldRef'])) {
      const fp = from['fieldRef']['fieldPath'];
      value = fieldPathValue(ctx, typeof fp === 'string' ? fp : '', false);
    } else if (isRecord(from['resourceFieldRef'])) {
      value = resourceFieldValue(ctx, containerName, from['resourceFieldRef']);
    } else if (isRecord(from['configMapKeyRef'])) {
      value = sourceValue(sources, ctx.namespace, 'configMap', from['configMapKeyRef']);
    } else if (isRecord(from['secretKeyRef'])) {
      value = sourceValue(sources, ctx.namespace, 'secret', from['secretKeyRef']);
    }
    // An optional reference that is missing defines nothing (makeEnvironmentVariables `continue`).
    if (value !== undefined) vars.set(name, value);
  }
  return { vars, skipped };
}

/** The process environment: base overridden by the container's variables. */
export function processEnvironment(
  base: Readonly<Record<string, string>>,
  env: ContainerEnv,
): Record<string, string> {
  const out: Record<string, string> = { ...base };
  for (const [k, v] of env.vars) out[k] = v;
  return out;
}
