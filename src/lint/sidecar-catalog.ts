/**
 * Recognises the well-known sidecars by image and name, so lint rules can reason about classic
 * sidecars (extra entries of `containers`) that Kubernetes itself cannot tell from the app.
 *
 * The list is the seed's "common sidecar use cases" table plus the injectors of
 * reference/injectors-and-linters.md section 1 ("Catalog conventions for the standard sidecars").
 */
export type SidecarRole =
  /** A network proxy the app sends its traffic through (mesh, database, auth). */
  | 'proxy'
  /** Fetches or renders secrets the app reads (Vault Agent). */
  | 'secret-agent'
  /** Ships logs from a shared volume. */
  | 'log-shipper'
  /** Metrics or traces collector/exporter. */
  | 'telemetry'
  /** Watches config and pokes the app to reload. */
  | 'reloader'
  /** Runtime API the app calls on localhost (Dapr). */
  | 'runtime';

export interface KnownSidecar {
  /** A short product name for messages, e.g. `Envoy`. */
  readonly product: string;
  readonly role: SidecarRole;
}

interface CatalogEntry extends KnownSidecar {
  /** Matches the image repository (lower-cased, without tag or digest). */
  readonly image?: RegExp;
  /** Matches the container name (lower-cased). */
  readonly name?: RegExp;
}

const CATALOG: readonly CatalogEntry[] = [
  { product: 'Istio proxy', role: 'proxy', image: /(^|\/)proxyv2$/, name: /^istio-proxy$/ },
  {
    product: 'Envoy',
    role: 'proxy',
    image: /(^|\/)envoy(-alpine|-distroless)?$/,
    name: /^envoy(-proxy|-sidecar)?$/,
  },
  {
    product: 'Linkerd proxy',
    role: 'proxy',
    image: /(^|\/)linkerd\/proxy$/,
    name: /^linkerd-proxy$/,
  },
  {
    product: 'Cloud SQL Auth Proxy',
    role: 'proxy',
    image: /(^|\/)(cloud-sql-proxy|cloudsql-docker\/gce-proxy)$/,
    name: /^cloud-?sql-proxy$/,
  },
  {
    product: 'Consul dataplane',
    role: 'proxy',
    image: /(^|\/)consul-dataplane$/,
    name: /^consul-dataplane$/,
  },
  { product: 'Kuma data plane', role: 'proxy', image: /(^|\/)kuma-dp$/, name: /^kuma-sidecar$/ },
  { product: 'OAuth2 Proxy', role: 'proxy', image: /(^|\/)oauth2-proxy$/, name: /^oauth2-proxy$/ },
  { product: 'Dapr', role: 'runtime', image: /(^|\/)daprd$/, name: /^daprd$/ },
  { product: 'Vault Agent', role: 'secret-agent', name: /^vault-agent$/ },
  { product: 'Fluent Bit', role: 'log-shipper', image: /(^|\/)fluent-bit$/, name: /^fluent-?bit$/ },
  { product: 'Fluentd', role: 'log-shipper', image: /(^|\/)fluentd[\w-]*$/, name: /^fluentd$/ },
  { product: 'Filebeat', role: 'log-shipper', image: /(^|\/)filebeat(-oss)?$/, name: /^filebeat$/ },
  { product: 'Promtail', role: 'log-shipper', image: /(^|\/)promtail$/, name: /^promtail$/ },
  { product: 'Vector', role: 'log-shipper', image: /(^|\/)vector$/ },
  {
    product: 'OpenTelemetry Collector',
    role: 'telemetry',
    image: /(^|\/)opentelemetry-collector[\w-]*$/,
    name: /^otel-?collector$/,
  },
  {
    product: 'Jaeger agent',
    role: 'telemetry',
    image: /(^|\/)jaeger-agent$/,
    name: /^jaeger-agent$/,
  },
  {
    product: 'configmap-reload',
    role: 'reloader',
    image: /(^|\/)(configmap-reload|[\w-]*config-reloader)$/,
  },
];

/** The repository part of an image reference, lower-cased: `docker.io/envoyproxy/envoy`. */
export function imageRepository(image: string): string {
  let ref = image.trim().toLowerCase();
  const at = ref.indexOf('@');
  if (at >= 0) ref = ref.slice(0, at);
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) ref = ref.slice(0, colon);
  return ref;
}

/** The tag of an image reference: `latest`, `v1.28.0`; '' when none; null for a digest. */
export function imageTag(image: string): string | null {
  const ref = image.trim();
  if (ref.includes('@')) return null;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? ref.slice(colon + 1) : '';
}

/** Words of a container's command and args, for flag checks. */
export function commandWords(container: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const key of ['command', 'args']) {
    const list = container[key];
    if (!Array.isArray(list)) continue;
    for (const w of list) if (typeof w === 'string') out.push(w);
  }
  return out;
}

/**
 * What a container is, when it is a well-known sidecar; null otherwise. Vault runs as an agent
 * only when its command says `agent` (the same image is the Vault server).
 */
export function knownSidecar(container: Readonly<Record<string, unknown>>): KnownSidecar | null {
  if (isInjectionPlaceholder(container)) return null;
  const image = typeof container['image'] === 'string' ? imageRepository(container['image']) : '';
  const name = typeof container['name'] === 'string' ? container['name'].toLowerCase() : '';
  for (const e of CATALOG) {
    if (
      (e.image !== undefined && e.image.test(image)) ||
      (e.name !== undefined && e.name.test(name))
    ) {
      return { product: e.product, role: e.role };
    }
  }
  if (
    /(^|\/)vault$/.test(image) &&
    commandWords(container).some((w) => /(^|\s)agent(\s|$)/.test(w))
  ) {
    return { product: 'Vault Agent', role: 'secret-agent' };
  }
  return null;
}

/**
 * Flags with which a known sidecar exits by itself (vault `-exit-after-auth`, git-sync
 * `--one-time`), so it does not keep a Job alive.
 */
export function exitsByItself(container: Readonly<Record<string, unknown>>): boolean {
  return commandWords(container).some((w) =>
    /(^|\s)--?(exit-after-auth|one-time|oneshot)(=true)?(\s|$)/.test(w),
  );
}

/**
 * Istio's injector treats `image: auto` as "fill in at injection time" (gateway and override
 * templates in istio/istio pkg/kube/inject testdata): such a container is a partial override
 * for the injector, not something that runs as written.
 */
export function isInjectionPlaceholder(container: Readonly<Record<string, unknown>>): boolean {
  return container['image'] === 'auto';
}
