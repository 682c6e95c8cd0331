/**
 * The built-in catalog: one entry per row of the seed's "common sidecar use cases" table (log
 * collection, service mesh, monitoring agent, config refresh, security proxy, debugging) and the
 * Alibaba Cloud ACK rows (Logtail, ARMS, ASM's Istio proxy). Images, ports and paths follow the
 * seed and the conventions in reference/injectors-and-linters.md ("Catalog conventions").
 *
 * The match lists hold what lint's recogniser knew about each product (whole path segments from
 * the right, so `envoy` is any `.../envoy` repository); recognise.ts reads them.
 */
import { SEED_RESOURCES, type Catalog, type CatalogEntry, type SidecarRole } from './types.js';

const LOGS_VOLUME = { name: '${logVolume}', emptyDir: {} };

export const BUILTIN_ENTRIES: readonly CatalogEntry[] = [
  {
    name: 'fluent-bit',
    description: 'Fluent Bit log collector: tails the files the app writes to a shared emptyDir.',
    product: 'Fluent Bit',
    role: 'log-shipper',
    source: 'built-in',
    match: {
      images: ['fluent-bit', 'amazon/aws-for-fluent-bit'],
      names: ['fluentbit'],
    },
    parameters: {
      image: { default: 'fluent/fluent-bit:3.1.9' },
      logVolume: { default: 'logs', description: 'the emptyDir the app writes its log files to' },
      logPath: { default: '/var/log/app' },
      configMap: { default: 'fluent-bit-config' },
    },
    containers: [
      {
        name: 'fluent-bit',
        image: '${image}',
        volumeMounts: [
          { name: '${logVolume}', mountPath: '${logPath}' },
          { name: 'fluent-bit-config', mountPath: '/fluent-bit/etc' },
        ],
      },
    ],
    volumes: [LOGS_VOLUME, { name: 'fluent-bit-config', configMap: { name: '${configMap}' } }],
    appVolumeMounts: [{ name: '${logVolume}', mountPath: '${logPath}' }],
    resources: SEED_RESOURCES,
    jobPolicy: 'inject',
  },
  {
    name: 'filebeat',
    description: 'Elastic Filebeat log shipper reading the shared log volume.',
    product: 'Filebeat',
    role: 'log-shipper',
    source: 'built-in',
    match: {
      images: ['filebeat', 'filebeat-oss'],
      names: ['filebeat'],
    },
    parameters: {
      image: { default: 'docker.elastic.co/beats/filebeat:8.15.0' },
      logVolume: { default: 'logs' },
      logPath: { default: '/var/log/app' },
      configMap: { default: 'filebeat-config' },
    },
    containers: [
      {
        name: 'filebeat',
        image: '${image}',
        args: ['-c', '/etc/filebeat/filebeat.yml', '-e'],
        volumeMounts: [
          { name: '${logVolume}', mountPath: '${logPath}', readOnly: true },
          { name: 'filebeat-config', mountPath: '/etc/filebeat', readOnly: true },
        ],
      },
    ],
    volumes: [LOGS_VOLUME, { name: 'filebeat-config', configMap: { name: '${configMap}' } }],
    appVolumeMounts: [{ name: '${logVolume}', mountPath: '${logPath}' }],
    resources: SEED_RESOURCES,
    jobPolicy: 'inject',
  },
  {
    name: 'envoy',
    description:
      "Envoy proxy (manual injection, the seed's envoy-sidecar): outbound 15001, inbound 15006, stats 15090.",
    product: 'Envoy',
    role: 'proxy',
    source: 'built-in',
    match: {
      images: ['envoy', 'envoy-alpine', 'envoy-distroless'],
      names: ['envoy-proxy', 'envoy-sidecar'],
    },
    parameters: {
      image: { default: 'envoyproxy/envoy:v1.28.0' },
      configMap: { default: 'envoy-config' },
    },
    containers: [
      {
        name: 'envoy',
        image: '${image}',
        ports: [
          { name: 'envoy-outbound', containerPort: 15001 },
          { name: 'envoy-inbound', containerPort: 15006 },
          { name: 'envoy-stats', containerPort: 15090 },
        ],
        // The admin /ready endpoint; the startup probe holds the app until the proxy listens.
        startupProbe: {
          httpGet: { path: '/ready', port: 15090 },
          periodSeconds: 1,
          failureThreshold: 30,
        },
        readinessProbe: { httpGet: { path: '/ready', port: 15090 }, periodSeconds: 10 },
        volumeMounts: [{ name: 'envoy-config', mountPath: '/etc/envoy' }],
      },
    ],
    volumes: [{ name: 'envoy-config', configMap: { name: '${configMap}' } }],
    resources: SEED_RESOURCES,
    ordering: { providesNetwork: true },
    jobPolicy: 'inject',
    classicFirst: true,
  },
  {
    name: 'istio-proxy',
    description:
      "Istio / Alibaba Cloud ASM proxy (istio-proxy). Goes after istio-init and istio-validation and before every other init container, as Istio's native mode places it.",
    product: 'Istio proxy',
    role: 'proxy',
    source: 'built-in',
    match: { images: ['proxyv2'] },
    parameters: { image: { default: 'docker.io/istio/proxyv2:1.23.2' } },
    containers: [
      {
        name: 'istio-proxy',
        image: '${image}',
        args: ['proxy', 'sidecar'],
        ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
        readinessProbe: {
          httpGet: { path: '/healthz/ready', port: 15021 },
          periodSeconds: 15,
          timeoutSeconds: 3,
          failureThreshold: 4,
        },
        startupProbe: {
          httpGet: { path: '/healthz/ready', port: 15021 },
          periodSeconds: 1,
          timeoutSeconds: 3,
          failureThreshold: 600,
        },
      },
    ],
    // Istio's injector values: requests 100m/128Mi, limits 2/1Gi.
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2', memory: '1Gi' } },
    ordering: { after: ['istio-init', 'istio-validation'], before: ['*'], providesNetwork: true },
    jobPolicy: 'inject',
    classicFirst: true,
    classicPostStart: { exec: { command: ['pilot-agent', 'wait'] } },
  },
  {
    name: 'linkerd-proxy',
    description:
      "Linkerd's proxy: after linkerd-init and before every other init container, as Linkerd's native-sidecar mode places it.",
    product: 'Linkerd proxy',
    role: 'proxy',
    source: 'built-in',
    match: { images: ['linkerd/proxy'] },
    parameters: { image: { default: 'cr.l5d.io/linkerd/proxy:stable-2.14.10' } },
    containers: [
      {
        name: 'linkerd-proxy',
        image: '${image}',
        ports: [
          { name: 'linkerd-proxy', containerPort: 4143 },
          { name: 'linkerd-admin', containerPort: 4191 },
        ],
        readinessProbe: { httpGet: { path: '/ready', port: 4191 }, initialDelaySeconds: 2 },
        startupProbe: {
          httpGet: { path: '/ready', port: 4191 },
          periodSeconds: 1,
          failureThreshold: 120,
        },
      },
    ],
    resources: SEED_RESOURCES,
    ordering: {
      after: ['linkerd-init', 'linkerd-network-validator'],
      before: ['*'],
      providesNetwork: true,
    },
    jobPolicy: 'inject',
    classicFirst: true,
  },
  {
    name: 'cloud-sql-proxy',
    description:
      'Google Cloud SQL Auth Proxy: the app reaches its database on localhost through it.',
    product: 'Cloud SQL Auth Proxy',
    role: 'proxy',
    source: 'built-in',
    match: {
      images: ['cloud-sql-proxy', 'cloudsql-docker/gce-proxy'],
      names: ['cloudsql-proxy'],
    },
    parameters: {
      image: { default: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1' },
      instance: { default: 'project:region:instance' },
      port: { default: '5432' },
    },
    containers: [
      {
        name: 'cloud-sql-proxy',
        image: '${image}',
        // --health-check serves /startup, /readiness and /liveness on --http-port.
        args: [
          '--structured-logs',
          '--health-check',
          '--http-address=0.0.0.0',
          '--http-port=9090',
          '--port=${port}',
          '${instance}',
        ],
        startupProbe: {
          httpGet: { path: '/startup', port: 9090 },
          periodSeconds: 1,
          failureThreshold: 60,
        },
        securityContext: { runAsNonRoot: true },
      },
    ],
    resources: SEED_RESOURCES,
    ordering: { needsNetwork: true },
    jobPolicy: 'inject',
  },
  {
    name: 'prometheus-exporter',
    description:
      'Prometheus exporter (nginx-prometheus-exporter) exposing the app metrics on :9113/metrics.',
    product: 'Prometheus exporter',
    role: 'telemetry',
    source: 'built-in',
    match: { images: ['nginx/nginx-prometheus-exporter'] },
    parameters: {
      image: { default: 'nginx/nginx-prometheus-exporter:1.3.0' },
      scrapeUri: { default: 'http://127.0.0.1:8080/stub_status' },
    },
    containers: [
      {
        name: 'prometheus-exporter',
        image: '${image}',
        args: ['--nginx.scrape-uri=${scrapeUri}'],
        ports: [{ name: 'metrics', containerPort: 9113 }],
        readinessProbe: { httpGet: { path: '/metrics', port: 9113 }, periodSeconds: 10 },
      },
    ],
    resources: SEED_RESOURCES,
    jobPolicy: 'skip',
  },
  {
    name: 'config-reloader',
    description:
      'configmap-reload: watches a mounted ConfigMap and POSTs to the app when it changes.',
    product: 'configmap-reload',
    role: 'reloader',
    source: 'built-in',
    match: {
      // configmap-reload itself, and the reloaders named after it (prometheus-config-reloader).
      images: ['configmap-reload', '*config-reloader'],
      names: ['configmap-reload', 'configmap-reloader'],
    },
    parameters: {
      image: { default: 'ghcr.io/jimmidyson/configmap-reload:v0.13.1' },
      configVolume: { default: 'config', description: 'the pod volume holding the ConfigMap' },
      configMap: { default: 'app-config' },
      webhookUrl: { default: 'http://127.0.0.1:8080/-/reload' },
    },
    containers: [
      {
        name: 'config-reloader',
        image: '${image}',
        args: ['--volume-dir=/etc/config', '--webhook-url=${webhookUrl}'],
        ports: [{ name: 'reload-metrics', containerPort: 9533 }],
        volumeMounts: [{ name: '${configVolume}', mountPath: '/etc/config', readOnly: true }],
      },
    ],
    volumes: [{ name: '${configVolume}', configMap: { name: '${configMap}' } }],
    resources: SEED_RESOURCES,
    jobPolicy: 'skip',
  },
  {
    name: 'vault-agent',
    description:
      'HashiCorp Vault Agent: renders secrets into the in-memory volume vault-secrets at /vault/secrets. Also driven by the vault.hashicorp.com/* annotations.',
    product: 'Vault Agent',
    role: 'secret-agent',
    source: 'built-in',
    match: { images: ['vault'], command: 'agent' },
    expand: 'vault-k8s',
    parameters: {
      image: { default: 'hashicorp/vault:1.17.2' },
      role: { default: '' },
      address: { default: 'https://vault.vault.svc:8200' },
    },
    initContainers: [
      {
        name: 'vault-agent-init',
        image: '${image}',
        command: ['/bin/sh', '-ec'],
        args: [
          'echo "${VAULT_CONFIG?}" | base64 -d > /home/vault/config.json && vault agent -config=/home/vault/config.json',
        ],
        volumeMounts: [{ name: 'vault-secrets', mountPath: '/vault/secrets' }],
      },
    ],
    containers: [
      {
        name: 'vault-agent',
        image: '${image}',
        command: ['/bin/sh', '-ec'],
        args: [
          'echo "${VAULT_CONFIG?}" | base64 -d > /home/vault/config.json && vault agent -config=/home/vault/config.json',
        ],
        volumeMounts: [{ name: 'vault-secrets', mountPath: '/vault/secrets' }],
        // Ready once the agent has a token; with vault.hashicorp.com annotations the probe waits for every secret file.
        startupProbe: {
          exec: { command: ['/bin/sh', '-c', 'test -s /home/vault/.vault-token'] },
          periodSeconds: 1,
          failureThreshold: 120,
        },
      },
    ],
    volumes: [{ name: 'vault-secrets', emptyDir: { medium: 'Memory' } }],
    appVolumeMounts: [{ name: 'vault-secrets', mountPath: '/vault/secrets' }],
    resources: SEED_RESOURCES,
    ordering: { needsNetwork: true },
    jobPolicy: 'init-only',
  },
  {
    name: 'debug-toolbox',
    description:
      'Debug toolbox (netshoot: tcpdump, strace, dig, curl) idling until someone runs kubectl exec.',
    product: 'debug toolbox',
    role: 'debug',
    source: 'built-in',
    match: {
      images: ['nicolaka/netshoot'],
      names: ['debug', 'debugger', 'debug-toolbox', 'toolbox'],
    },
    parameters: { image: { default: 'nicolaka/netshoot:v0.13' } },
    containers: [
      {
        name: 'debug-toolbox',
        image: '${image}',
        command: ['sleep', 'infinity'],
        // tcpdump needs NET_RAW/NET_ADMIN, strace needs SYS_PTRACE.
        securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW', 'SYS_PTRACE'] } },
      },
    ],
    resources: SEED_RESOURCES,
    jobPolicy: 'skip',
  },
  {
    name: 'logtail',
    description:
      'Alibaba Cloud ACK Logtail (Simple Log Service) sidecar collecting the shared log files.',
    product: 'Logtail',
    role: 'log-shipper',
    source: 'built-in',
    match: { images: ['logtail'] },
    parameters: {
      image: { default: 'registry.cn-hangzhou.aliyuncs.com/log-service/logtail:v1.8.7.0-aliyun' },
      region: { default: 'cn-hangzhou' },
      userId: { default: '' },
      machineGroup: { default: '' },
      logVolume: { default: 'logs' },
      logPath: { default: '/var/log/app' },
    },
    containers: [
      {
        name: 'logtail',
        image: '${image}',
        env: [
          { name: 'ALIYUN_LOGTAIL_USER_ID', value: '${userId}' },
          { name: 'ALIYUN_LOGTAIL_USER_DEFINED_ID', value: '${machineGroup}' },
          {
            name: 'ALIYUN_LOGTAIL_CONFIG',
            value: '/etc/ilogtail/conf/${region}/ilogtail_config.json',
          },
        ],
        volumeMounts: [{ name: '${logVolume}', mountPath: '${logPath}' }],
      },
    ],
    volumes: [LOGS_VOLUME],
    appVolumeMounts: [{ name: '${logVolume}', mountPath: '${logPath}' }],
    resources: SEED_RESOURCES,
    jobPolicy: 'inject',
  },
  {
    name: 'arms-agent',
    description:
      'Alibaba Cloud ARMS observability agent, exporting traces and metrics from localhost.',
    product: 'ARMS agent',
    role: 'telemetry',
    source: 'built-in',
    match: { images: ['arms-agent'] },
    parameters: {
      image: { default: 'registry.cn-hangzhou.aliyuncs.com/arms-docker-repo/arms-agent:4.1.0' },
      appName: { default: 'app' },
      licenseKey: { default: '' },
      region: { default: 'cn-hangzhou' },
    },
    containers: [
      {
        name: 'arms-agent',
        image: '${image}',
        env: [
          { name: 'ARMS_APP_NAME', value: '${appName}' },
          { name: 'ARMS_LICENSE_KEY', value: '${licenseKey}' },
          { name: 'ARMS_REGION_ID', value: '${region}' },
        ],
      },
    ],
    resources: SEED_RESOURCES,
    ordering: { needsNetwork: true },
    jobPolicy: 'inject',
  },
];

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

/** The built-in catalog (load.ts adds the user's entries; it is here so validate need not load ajv). */
export function builtinCatalog(): Catalog {
  return {
    entries: new Map(BUILTIN_ENTRIES.map((e) => [e.name, e])),
    recogniseOnly: BUILTIN_RECOGNISED,
  };
}
