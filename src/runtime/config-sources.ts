/**
 * ConfigMaps and Secrets for a local run: there is no API server, so they come from `kind:
 * ConfigMap` / `kind: Secret` documents of the same input, by namespace and name.
 *
 * Values are bytes, as the kubelet has them: ConfigMap `data` (UTF-8) and `binaryData`
 * (base64); Secret `data` (base64) with `stringData` merged over it, as the API server does on
 * write (pkg/registry/core/secret/strategy.go, PrepareForCreate).
 */
import { isRecord, type ManifestObject } from '../manifest/objects.js';

export interface ConfigSource {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly namespace: string;
  readonly name: string;
  /** Key to bytes, keys sorted as the kubelet writes them. */
  readonly data: ReadonlyMap<string, Buffer>;
}

export interface ConfigSources {
  configMap(namespace: string, name: string): ConfigSource | undefined;
  secret(namespace: string, name: string): ConfigSource | undefined;
}

function entries(v: unknown, decode: (s: string) => Buffer): [string, Buffer][] {
  if (!isRecord(v)) return [];
  return Object.entries(v).flatMap(([k, val]) =>
    typeof val === 'string'
      ? [[k, decode(val)] as [string, Buffer]]
      : typeof val === 'number' || typeof val === 'boolean'
        ? [[k, Buffer.from(String(val))] as [string, Buffer]]
        : [],
  );
}

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const base64 = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'base64');

/** Collects the ConfigMaps and Secrets of the input. */
export function collectConfigSources(objects: readonly ManifestObject[]): ConfigSources {
  const maps = new Map<string, ConfigSource>();
  for (const o of objects) {
    if (o.kind !== 'ConfigMap' && o.kind !== 'Secret') continue;
    const namespace = o.namespace || 'default';
    const pairs =
      o.kind === 'ConfigMap'
        ? [...entries(o.value['data'], utf8), ...entries(o.value['binaryData'], base64)]
        : [...entries(o.value['data'], base64), ...entries(o.value['stringData'], utf8)];
    pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    maps.set(`${o.kind}/${namespace}/${o.name}`, {
      kind: o.kind,
      namespace,
      name: o.name,
      data: new Map(pairs),
    });
  }
  return {
    configMap: (ns, name) => maps.get(`ConfigMap/${ns}/${name}`),
    secret: (ns, name) => maps.get(`Secret/${ns}/${name}`),
  };
}
