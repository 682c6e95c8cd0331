/**
 * `/version`, as kube-apiserver answers it (k8s.io/apimachinery pkg/version Info).
 *
 * The version reported is max(modelled version, 1.29): the kubectl on these machines is a gcloud
 * dispatcher that runs the bundled kubectl of the server's minor, and kubectl 1.27/1.28 need
 * OpenAPI v2 protobuf for validation, which serve does not have (kubectl-compat §0, §3). The
 * modelled version (the behaviour of validation, admission and the kubelet) stays the one chosen
 * with --k8s-version; it is reported in `sidecarctlModelledVersion` and in `gitVersion`'s build
 * metadata (`v1.29.0+sidecarctl.1.27`) when the two differ.
 */
import type { K8sVersion } from '../../model/versions.js';

const MIN_REPORTED_MINOR = 29;

/** The /version body for a modelled version. */
export function versionBody(modelled: K8sVersion, now = new Date()): Record<string, string> {
  const modelledMinor = Number(modelled.split('.')[1]);
  const minor = Math.max(modelledMinor, MIN_REPORTED_MINOR);
  const build = minor === modelledMinor ? '' : `+sidecarctl.${modelled}`;
  return {
    major: '1',
    minor: String(minor),
    gitVersion: `v1.${String(minor)}.0${build}`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: now.toISOString().replace(/\.\d+Z$/, 'Z'),
    goVersion: `node${process.versions.node}`,
    compiler: 'sidecarctl',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
    sidecarctlModelledVersion: modelled,
  };
}
