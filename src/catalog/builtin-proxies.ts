/**
 * Built-in catalog entries for proxies: Envoy, the Istio and Linkerd mesh proxies, and the Cloud
 * SQL Auth Proxy (the seed's "service mesh" and "security proxy" rows).
 */
import { SEED_RESOURCES, type CatalogEntry } from './types.js';

export const PROXY_ENTRIES: readonly CatalogEntry[] = [
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
];
