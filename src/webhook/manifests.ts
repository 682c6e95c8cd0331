/**
 * `sidecarctl webhook manifests`: the objects that install the admission webhook in a cluster.
 * The choices follow reference/injectors-and-linters.md §4 and the complaints of §3:
 *
 * - `admissionReviewVersions: [v1]`, `sideEffects: None` (server dry-run works, linkerd#2963),
 *   `reinvocationPolicy: IfNeeded` (the injection is idempotent, so another webhook's later change
 *   is safe to look at again), `timeoutSeconds` 10 with the server's own deadline well under it;
 * - opt-in by a namespace label, opt-out by a pod label, and never the webhook's own namespace or
 *   kube-system (a webhook that admits its own pods deadlocks on restart, istio#13840);
 * - pods, and with `--workloads` the pod templates of Deployments, StatefulSets, DaemonSets,
 *   ReplicaSets, Jobs and CronJobs (injected on CREATE, validated on CREATE and UPDATE; their pods
 *   then arrive injected, and the pods' review changes nothing);
 * - mirror pods are skipped by a matchCondition where the version has them (the kubelet's static
 *   pods must not be mutated);
 * - a Deployment of >= 2 replicas spread across nodes with a PodDisruptionBudget (a webhook
 *   under `Fail` that is down blocks every pod CREATE it matches), probes, resources, non-root.
 */
import type { VersionInfo } from '../model/versions.js';

type Obj = Record<string, unknown>;

/** How the serving certificate reaches the pods and its CA the webhook configurations. */
export type WebhookTls =
  /** cert-manager issues the certificate; its cainjector fills `caBundle`. */
  | { readonly kind: 'cert-manager' }
  /** The user makes the Secret `<name>-tls`; `caBundle` is the CA they give (PEM). */
  | { readonly kind: 'ca-bundle'; readonly caPem: string }
  /** Generated here: a Secret with the certificate and key, `caBundle` from its CA. */
  | {
      readonly kind: 'generated';
      readonly caPem: string;
      readonly certPem: string;
      readonly keyPem: string;
    };

export interface WebhookManifestOptions {
  /** @default 'sidecarctl-system' */
  readonly namespace: string;
  /** Names the Deployment, Service, ServiceAccount, webhooks' objects. */
  readonly name: string;
  readonly image: string;
  /** @default 2 */
  readonly replicas: number;
  readonly tls: WebhookTls;
  readonly failurePolicy: 'Fail' | 'Ignore';
  /** The cluster's version: which fields the configurations may use. */
  readonly version: VersionInfo;
  /** `--mode`, `--migrate`, `--validate` of `webhook serve`, passed on to the pods. */
  readonly serveArgs: readonly string[];
  /** Also the pod templates of workloads (`--workloads`), besides pods. */
  readonly workloads?: boolean;
}

/** The workloads whose pod templates `--workloads` admits, by API group (all `v1`). */
const WORKLOADS: Readonly<Record<string, readonly string[]>> = {
  apps: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'],
  batch: ['jobs', 'cronjobs'],
};

/** The rules of a configuration: pods, and with `workloads` the workloads' templates. */
function rulesOf(operations: readonly string[], workloads: boolean): Obj[] {
  const rule = (group: string, resources: readonly string[]): Obj => ({
    operations,
    apiGroups: [group],
    apiVersions: ['v1'],
    resources,
    scope: 'Namespaced',
  });
  return [
    rule('', ['pods']),
    ...(workloads ? Object.entries(WORKLOADS).map(([g, r]) => rule(g, r)) : []),
  ];
}

/** The label a namespace carries to opt in, and the pod label that opts a pod out. */
export const NAMESPACE_OPT_IN = 'sidecarctl.io/webhook';
export const POD_OPT_OUT = 'sidecarctl.io/webhook';

const PORT = 8443;
const METRICS_PORT = 9090;

/** The install objects, in the order `kubectl apply` needs them. */
export function webhookManifests(o: WebhookManifestOptions): Obj[] {
  const labels = { 'app.kubernetes.io/name': o.name, 'app.kubernetes.io/part-of': 'sidecarctl' };
  const meta = (name: string, extra: Obj = {}): Obj => ({
    name,
    namespace: o.namespace,
    labels,
    ...extra,
  });
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: o.namespace, labels },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(o.name) },
    ...rbac(o, labels),
    ...tlsObjects(o, meta),
    deployment(o, meta, labels),
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(o.name),
      spec: { minAvailable: 1, selector: { matchLabels: labels } },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(o.name),
      spec: {
        selector: labels,
        ports: [{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }],
      },
    },
    webhookConfiguration(o, labels, 'mutating'),
    webhookConfiguration(o, labels, 'validating'),
  ];
}

/** `--k8s-version auto` reads `/version` with the pod's service account. */
function rbac(o: WebhookManifestOptions, labels: Obj): Obj[] {
  const name = `${o.name}-version-reader`;
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name, labels },
      rules: [{ nonResourceURLs: ['/version'], verbs: ['get'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name: o.name, namespace: o.namespace }],
    },
  ];
}

function dnsNames(o: WebhookManifestOptions): string[] {
  return [`${o.name}.${o.namespace}.svc`, `${o.name}.${o.namespace}.svc.cluster.local`];
}

function tlsObjects(o: WebhookManifestOptions, meta: (n: string, x?: Obj) => Obj): Obj[] {
  const secretName = `${o.name}-tls`;
  if (o.tls.kind === 'generated') {
    return [
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: meta(secretName),
        type: 'kubernetes.io/tls',
        data: {
          'tls.crt': Buffer.from(o.tls.certPem).toString('base64'),
          'tls.key': Buffer.from(o.tls.keyPem).toString('base64'),
          'ca.crt': Buffer.from(o.tls.caPem).toString('base64'),
        },
      },
    ];
  }
  if (o.tls.kind === 'ca-bundle') return [];
  return [
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Issuer',
      metadata: meta(`${o.name}-selfsigned`),
      spec: { selfSigned: {} },
    },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: meta(secretName),
      spec: {
        secretName,
        dnsNames: dnsNames(o),
        issuerRef: { kind: 'Issuer', name: `${o.name}-selfsigned` },
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      },
    },
  ];
}

function deployment(o: WebhookManifestOptions, meta: (n: string) => Obj, labels: Obj): Obj {
  const probe = (path: string): Obj => ({
    httpGet: { path, port: 'https', scheme: 'HTTPS' },
    periodSeconds: 10,
    timeoutSeconds: 2,
    failureThreshold: 3,
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(o.name),
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels: { ...labels, [POD_OPT_OUT]: 'disabled' } },
        spec: {
          serviceAccountName: o.name,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 65532,
            runAsGroup: 65532,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: labels },
            },
          ],
          containers: [
            {
              name: 'webhook',
              image: o.image,
              args: [
                'webhook',
                'serve',
                '--listen',
                `0.0.0.0:${String(PORT)}`,
                '--tls-cert-file',
                '/etc/sidecarctl/tls/tls.crt',
                '--tls-private-key-file',
                '/etc/sidecarctl/tls/tls.key',
                '--k8s-version',
                'auto',
                '--metrics-listen',
                `0.0.0.0:${String(METRICS_PORT)}`,
                ...o.serveArgs,
              ],
              ports: [
                { name: 'https', containerPort: PORT, protocol: 'TCP' },
                { name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' },
              ],
              readinessProbe: probe('/readyz'),
              livenessProbe: probe('/healthz'),
              resources: {
                requests: { cpu: '100m', memory: '64Mi' },
                limits: { cpu: '500m', memory: '256Mi' },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [{ name: 'tls', mountPath: '/etc/sidecarctl/tls', readOnly: true }],
            },
          ],
          volumes: [{ name: 'tls', secret: { secretName: `${o.name}-tls` } }],
        },
      },
    },
  };
}

function webhookConfiguration(
  o: WebhookManifestOptions,
  labels: Obj,
  kind: 'mutating' | 'validating',
): Obj {
  const mutating = kind === 'mutating';
  const caBundle =
    o.tls.kind === 'cert-manager' ? {} : { caBundle: Buffer.from(o.tls.caPem).toString('base64') };
  const annotations =
    o.tls.kind === 'cert-manager'
      ? { 'cert-manager.io/inject-ca-from': `${o.namespace}/${o.name}-tls` }
      : undefined;
  const webhook: Obj = {
    name: `${mutating ? 'inject' : 'validate'}.sidecarctl.io`,
    admissionReviewVersions: ['v1'],
    sideEffects: 'None',
    timeoutSeconds: 10,
    failurePolicy: o.failurePolicy,
    matchPolicy: 'Equivalent',
    ...(mutating ? { reinvocationPolicy: 'IfNeeded' } : {}),
    clientConfig: {
      service: {
        namespace: o.namespace,
        name: o.name,
        path: mutating ? '/mutate' : '/validate',
        port: 443,
      },
      ...caBundle,
    },
    rules: rulesOf(mutating ? ['CREATE'] : ['CREATE', 'UPDATE'], o.workloads === true),
    namespaceSelector: {
      matchLabels: { [NAMESPACE_OPT_IN]: 'enabled' },
      matchExpressions: [
        {
          key: 'kubernetes.io/metadata.name',
          operator: 'NotIn',
          values: [o.namespace, 'kube-system'],
        },
      ],
    },
    objectSelector: {
      matchExpressions: [{ key: POD_OPT_OUT, operator: 'NotIn', values: ['disabled'] }],
    },
    ...(o.version.webhookMatchConditions
      ? {
          matchConditions: [
            {
              name: 'not-a-mirror-pod',
              expression:
                "!has(object.metadata.annotations) || !('kubernetes.io/config.mirror' in object.metadata.annotations)",
            },
          ],
        }
      : {}),
  };
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: mutating ? 'MutatingWebhookConfiguration' : 'ValidatingWebhookConfiguration',
    metadata: { name: o.name, labels, ...(annotations ? { annotations } : {}) },
    webhooks: [webhook],
  };
}
