/**
 * Sidecars known by sight only (other injectors' sidecars and role-only names): recognised by lint
 * and migrate, with nothing to inject.
 */
import type { CatalogEntry, SidecarRole } from './types.js';

/** A sidecar known by sight only: recognised by lint and migrate, with nothing to inject. */
function known(
  name: string,
  product: string,
  role: SidecarRole,
  images: readonly string[],
  names: readonly string[] = [],
): CatalogEntry {
  return {
    name,
    description: `${product} (recognised; no template to inject)`,
    product,
    role,
    match: { images, names },
    containers: [],
    source: 'built-in',
  };
}

/**
 * Sidecars other injectors add (reference/injectors-and-linters.md section 1), recognised so
 * lint and migrate can reason about them; sidecarctl has no template to inject them.
 */
export const BUILTIN_RECOGNISED: readonly CatalogEntry[] = [
  known('consul-dataplane', 'Consul dataplane', 'proxy', ['consul-dataplane']),
  known('kuma-sidecar', 'Kuma data plane', 'proxy', ['kuma-dp']),
  known('oauth2-proxy', 'OAuth2 Proxy', 'proxy', ['oauth2-proxy']),
  known('daprd', 'Dapr', 'runtime', ['daprd']),
  known('fluentd', 'Fluentd', 'log-shipper', ['fluentd*']),
  known('promtail', 'Promtail', 'log-shipper', ['promtail']),
  known('vector', 'Vector', 'log-shipper', ['vector']),
  known(
    'opentelemetry-collector',
    'OpenTelemetry Collector',
    'telemetry',
    ['opentelemetry-collector*'],
    ['otel-collector', 'otelcollector'],
  ),
  known('jaeger-agent', 'Jaeger agent', 'telemetry', ['jaeger-agent']),
  // Names that say what a container does but not which product it is (the Kubernetes docs'
  // `logshipper`): recognised by role, so messages do not call an alpine `tail -F` Fluent Bit.
  known('log-shipper', 'log shipper', 'log-shipper', [], ['logshipper', 'log-collector']),
  known('metrics-exporter', 'metrics exporter', 'telemetry', [], ['exporter']),
];
