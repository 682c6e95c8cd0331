/**
 * Built-in catalog entries for the other seed rows: a Prometheus exporter (monitoring agent), a
 * config reloader (config refresh), the Vault agent (secrets) and a debug toolbox (debugging).
 */
import { SEED_RESOURCES, type CatalogEntry } from './types.js';

export const AGENT_ENTRIES: readonly CatalogEntry[] = [
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
];
