import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SidecarError } from '../errors.js';
import {
  parseFeatureGates,
  parseVersion,
  resolveVersion,
  resolveVersions,
  SUPPORTED_VERSIONS,
  versionFromFlags,
} from './versions.js';

describe('version table', () => {
  it('when each version is resolved with defaults then sidecars follow the SidecarContainers stages', () => {
    const sidecars = SUPPORTED_VERSIONS.map((v) => [v, resolveVersion(v).sidecars]);
    assert.deepEqual(sidecars, [
      ['1.25', false],
      ['1.26', false],
      ['1.27', false],
      ['1.28', false],
      ['1.29', true],
      ['1.30', true],
      ['1.31', true],
      ['1.32', true],
      ['1.33', true],
    ]);
  });

  it('when the version is below 1.28 then the container restartPolicy field does not exist and the gate is unknown', () => {
    const v = resolveVersion('1.27');
    assert.equal(v.containerRestartPolicyField, false);
    assert.equal('SidecarContainers' in v.featureGates, false);
    assert.throws(
      () => resolveVersion('1.27', { SidecarContainers: true }),
      (e: unknown) => {
        assert.ok(e instanceof SidecarError);
        assert.equal(e.code, 'SIDECAR_E_FEATURE_GATE');
        assert.equal(e.exitCode, 2);
        return true;
      },
    );
  });

  it('when 1.28 has the gate turned on then sidecars exist but termination is not ordered', () => {
    const v = resolveVersion('1.28', { SidecarContainers: true });
    assert.equal(v.sidecars, true);
    assert.equal(v.terminationOrdering, false);
    assert.equal(v.sandboxCondition, null);
    const on = resolveVersion('1.28', {
      SidecarContainers: true,
      PodReadyToStartContainersCondition: true,
    });
    assert.equal(on.sandboxCondition, 'PodReadyToStartContainers');
  });

  it('when 1.29 to 1.32 turn the beta gate off then sidecars are plain init containers', () => {
    for (const v of ['1.29', '1.30', '1.31', '1.32'] as const) {
      const info = resolveVersion(v, { SidecarContainers: false });
      assert.equal(info.sidecars, false, v);
      assert.equal(info.terminationOrdering, false, v);
    }
  });

  it('when 1.33 is asked to turn the locked GA gate off then it is a usage error', () => {
    assert.throws(() => versionFromFlags('1.33', 'SidecarContainers=false'), /locked to true/);
    assert.equal(versionFromFlags('1.33', 'SidecarContainers=true').sidecars, true);
  });

  it('when the version changes then getPhase and the sandbox condition follow the table', () => {
    assert.equal(resolveVersion('1.31').getPhaseSplitPending, false);
    assert.equal(resolveVersion('1.32').getPhaseSplitPending, true);
    assert.equal(resolveVersion('1.26').sandboxCondition, null);
    assert.equal(
      resolveVersion('1.26', { PodHasNetworkCondition: true }).sandboxCondition,
      'PodHasNetwork',
    );
    assert.equal(resolveVersion('1.29').sandboxCondition, 'PodReadyToStartContainers');
    assert.equal(resolveVersion('1.29').sleepAction, false);
    assert.equal(resolveVersion('1.30').sleepAction, true);
  });

  it('when versions are written with a v or a patch level then they name the minor version', () => {
    assert.equal(parseVersion('v1.29'), '1.29');
    assert.equal(parseVersion('1.30.4'), '1.30');
    for (const bad of ['1.24', '1.34', '2.0', 'latest', '']) {
      assert.throws(
        () => parseVersion(bad),
        (e: unknown) => e instanceof SidecarError && e.code === 'SIDECAR_E_VERSION',
      );
    }
  });

  it('when feature gates are malformed then the error says which entry', () => {
    assert.deepEqual(parseFeatureGates('A=true, B=false'), { A: true, B: false });
    assert.throws(() => parseFeatureGates('A'), /missing bool value for A/);
    assert.throws(() => parseFeatureGates('A=yes'), /invalid value of A=yes/);
    assert.throws(
      () => resolveVersion('1.30', { NoSuchGate: true }),
      /unrecognized feature gate: NoSuchGate/,
    );
  });
});

describe('behaviour switches and version lists', () => {
  it('when every version is resolved with and without its gates then the BEHAVIOUR_SINCE table gives what the minor-version rules gave', () => {
    for (const v of SUPPORTED_VERSIONS) {
      const minor = Number(v.split('.')[1]);
      for (const gates of [{}, { SidecarContainers: minor >= 28 && minor < 33 ? false : true }]) {
        let info;
        try {
          info = resolveVersion(v, gates);
        } catch {
          continue; // the gate does not exist, or is locked, in this version
        }
        const sidecars = info.sidecars;
        const resize = info.featureGates['InPlacePodVerticalScaling'] === true;
        assert.deepEqual(
          [
            info.containerRestartPolicyField,
            info.terminationOrdering,
            info.getPhaseSplitPending,
            info.sidecarRestartOnSpecChange,
            info.initContainerResizePolicy,
            info.dnsLabelDotsMessage,
            info.lateHostNetworkHostPort,
          ],
          [
            minor >= 28,
            sidecars && minor >= 29,
            minor >= 32,
            sidecars && minor >= 32,
            resize && minor >= 33,
            minor >= 31,
            minor >= 28,
          ],
          `${v} ${JSON.stringify(gates)}`,
        );
      }
    }
  });

  it('when several versions are given then each gets only the gates it knows, and repeats count once', () => {
    const list = resolveVersions(['1.27', 'v1.28.3', '1.28'], { SidecarContainers: true });
    assert.deepEqual(
      list.map((v) => [v.version, v.sidecars]),
      [
        ['1.27', false],
        ['1.28', true],
      ],
    );
  });

  it('when one version is given then an unknown gate is an error, as on a cluster', () => {
    assert.throws(
      () => resolveVersions(['1.27'], { SidecarContainers: true }),
      /unrecognized feature gate: SidecarContainers/,
    );
    assert.throws(
      () => resolveVersions(['1.26', '1.27'], { NoSuchGate: true }),
      /unrecognized feature gate: NoSuchGate \(Kubernetes 1.26 knows/,
    );
  });
});
