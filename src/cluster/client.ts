/**
 * Reading a live cluster with @kubernetes/client-node 1.x (2.x does not load on Node 20): the
 * kubeconfig as kubectl finds it (`--kubeconfig`, else $KUBECONFIG, else ~/.kube/config), the
 * context, and errors as one line that names the cluster rather than a stack of HTTP details.
 */
import { SidecarError } from '../errors.js';
import { versionFromFlags, type VersionInfo } from '../model/versions.js';
import { modelledVersion, readServerVersion } from './version.js';

type ClientNode = typeof import('@kubernetes/client-node');

export interface ClusterFlags {
  readonly kubeconfig?: string | undefined;
  readonly context?: string | undefined;
  /** `--k8s-version`: when absent, the server's version is asked. */
  readonly k8sVersion?: string | undefined;
  readonly featureGates?: string | undefined;
}

export interface Cluster {
  readonly k8s: ClientNode;
  readonly kc: import('@kubernetes/client-node').KubeConfig;
  readonly version: VersionInfo;
  /** The context's namespace, else `default`. */
  readonly namespace: string;
  /** What the server's version made us model, when it is not exact. */
  readonly note?: string;
}

/** A client-node failure as one line: the Status message when there is one. */
export function clusterError(what: string, e: unknown): SidecarError {
  const err = e as { code?: number; body?: unknown; message?: string };
  let message = err.message ?? String(e);
  if (typeof err.body === 'string') {
    try {
      const status = JSON.parse(err.body) as { message?: string };
      if (typeof status.message === 'string') message = status.message;
    } catch {
      // not a Status: keep the client's message
    }
  }
  const code = err.code === 404 ? 'SIDECAR_E_NOT_FOUND' : 'SIDECAR_E_CLUSTER';
  return new SidecarError(code, `${what}: ${message.split('\n')[0]!}`, {}, { cause: e });
}

/**
 * Connects to the cluster of the kubeconfig and asks its version (unless one is given).
 * @throws SidecarError SIDECAR_E_CLUSTER when there is no usable kubeconfig or no answer
 */
export async function connect(flags: ClusterFlags): Promise<Cluster> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  try {
    if (flags.kubeconfig !== undefined) kc.loadFromFile(flags.kubeconfig);
    else kc.loadFromDefault();
    if (flags.context !== undefined) kc.setCurrentContext(flags.context);
  } catch (e) {
    throw clusterError('cannot load the kubeconfig', e);
  }
  if (kc.getCurrentCluster() === null)
    throw new SidecarError(
      'SIDECAR_E_CLUSTER',
      'the kubeconfig has no current cluster (use --kubeconfig or --context)',
    );
  const namespace = kc.getContextObject(kc.getCurrentContext())?.namespace ?? 'default';
  if (flags.k8sVersion !== undefined)
    return { k8s, kc, namespace, version: versionFromFlags(flags.k8sVersion, flags.featureGates) };
  let modelled: ReturnType<typeof modelledVersion>;
  try {
    modelled = modelledVersion(await readServerVersion(kc));
  } catch (e) {
    throw clusterError(`cannot reach ${kc.getCurrentCluster()!.server}`, e);
  }
  return {
    k8s,
    kc,
    namespace,
    version: versionFromFlags(modelled.version, flags.featureGates),
    ...(modelled.note !== undefined ? { note: modelled.note } : {}),
  };
}

/**
 * An object as the API server sends it: client-node turns the JSON into typed models whose
 * properties keep their JSON names for core and workload kinds, but whose times are Date
 * objects; they go back to RFC 3339 in seconds, as the API server writes them.
 */
export function wireForm(item: unknown): Readonly<Record<string, unknown>> {
  const text = JSON.stringify(
    item,
    function (this: Record<string, unknown>, key: string, v: unknown) {
      const raw = this[key];
      return raw instanceof Date ? raw.toISOString().replace(/\.\d{3}Z$/, 'Z') : v;
    },
  );
  return JSON.parse(text) as Readonly<Record<string, unknown>>;
}
