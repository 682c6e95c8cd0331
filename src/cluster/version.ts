/**
 * `--k8s-version auto`: the cluster's version, read from the API server's `/version` with the
 * pod's service account (@kubernetes/client-node 1.x, in-cluster config), and read again on a
 * schedule so that a control-plane upgrade is noticed without a restart.
 */
import { SUPPORTED_VERSIONS, type K8sVersion } from '../model/versions.js';

/** `/version` as the API server answers it (`minor` may carry a `+`, as on GKE and EKS). */
export interface ServerVersion {
  readonly major: string;
  readonly minor: string;
  readonly gitVersion?: string;
}

/**
 * The modelled version closest to the server's: itself when supported, else the nearest end of
 * the supported range, with a note saying so.
 */
export function modelledVersion(v: ServerVersion): { version: K8sVersion; note?: string } {
  const minor = Number.parseInt(v.minor, 10);
  const label = v.gitVersion ?? `${v.major}.${v.minor}`;
  if (v.major !== '1' || !Number.isInteger(minor))
    return { version: SUPPORTED_VERSIONS.at(-1)!, note: `unreadable server version ${label}` };
  const exact = `1.${String(minor)}`;
  if ((SUPPORTED_VERSIONS as readonly string[]).includes(exact))
    return { version: exact as K8sVersion };
  const first = Number(SUPPORTED_VERSIONS[0]!.split('.')[1]);
  const nearest = minor < first ? SUPPORTED_VERSIONS[0]! : SUPPORTED_VERSIONS.at(-1)!;
  return {
    version: nearest,
    note: `server ${label} is outside ${SUPPORTED_VERSIONS[0]!}-${SUPPORTED_VERSIONS.at(-1)!}: modelling ${nearest}`,
  };
}

/** Reads the version of the cluster the pod runs in (in-cluster service account). */
export async function readClusterVersion(): Promise<ServerVersion> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromCluster();
  return readServerVersion(kc);
}

/** Reads `/version` of the cluster a client-node KubeConfig points at. */
export async function readServerVersion(
  kc: import('@kubernetes/client-node').KubeConfig,
): Promise<ServerVersion> {
  const k8s = await import('@kubernetes/client-node');
  const info = await kc.makeApiClient(k8s.VersionApi).getCode();
  return { major: info.major, minor: info.minor, gitVersion: info.gitVersion };
}
