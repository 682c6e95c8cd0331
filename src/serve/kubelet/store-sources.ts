/**
 * ConfigMaps and Secrets for a pod run by serve's kubelet: read from the store, as the kubelet
 * reads them from the API server (its configmap and secret managers), in the shape the runtime
 * takes (runtime/config-sources.ts). Values are bytes: ConfigMap `data` (UTF-8) and `binaryData`
 * (base64), Secret `data` (base64; the API server has already merged `stringData` into it).
 */
import type { ConfigSource, ConfigSources } from '../../runtime/config-sources.js';
import type { KubeObject, ObjectStore } from '../store/types.js';

function pairs(v: unknown, decode: (s: string) => Buffer): [string, Buffer][] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [];
  return Object.entries(v as Record<string, unknown>).flatMap(([k, val]) =>
    typeof val === 'string' ? [[k, decode(val)] as [string, Buffer]] : [],
  );
}

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const base64 = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'base64');

/** The runtime's view of one stored ConfigMap or Secret. */
export function configSourceOf(obj: KubeObject): ConfigSource {
  const kind = obj.kind === 'Secret' ? 'Secret' : 'ConfigMap';
  const all =
    kind === 'ConfigMap'
      ? [...pairs(obj['data'], utf8), ...pairs(obj['binaryData'], base64)]
      : [...pairs(obj['data'], base64), ...pairs(obj['stringData'], utf8)];
  all.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    kind,
    namespace: obj.metadata.namespace ?? 'default',
    name: obj.metadata.name,
    data: new Map(all),
  };
}

/** ConfigMaps and Secrets as the store has them now (looked up on each call). */
export function storeConfigSources(store: ObjectStore): ConfigSources {
  const find = (resource: 'configmaps' | 'secrets', ns: string, name: string) => {
    const obj = store.get(resource, ns, name);
    return obj === undefined ? undefined : configSourceOf(obj);
  };
  return {
    configMap: (ns, name) => find('configmaps', ns, name),
    secret: (ns, name) => find('secrets', ns, name),
  };
}
