import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromText } from '../manifest/load.js';
import { isSidecarError } from '../errors.js';
import { collectConfigSources } from './config-sources.js';
import { podContext } from './pod-context.js';
import { containerMounts, setUpVolumes } from './volumes.js';

const input = fromText(`
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {a.conf: "A", b.conf: "B"}
`);
const sources = collectConfigSources(input.objects);

function withDirs(
  fn: (d: { podVolumes: string; memoryVolumes: null; claims: string }) => void,
): void {
  const root = mkdtempSync(join(tmpdir(), 'sidecarctl-vol-'));
  try {
    fn({
      podVolumes: join(root, 'pod', 'volumes'),
      memoryVolumes: null,
      claims: join(root, 'volumes'),
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('pod volumes', () => {
  it('when a configMap volume has items with modes then only those keys are written at their paths with their modes', () => {
    withDirs((dirs) => {
      const spec = {
        volumes: [
          {
            name: 'c',
            configMap: {
              name: 'cfg',
              defaultMode: 0o600,
              items: [{ key: 'a.conf', path: 'sub/x.conf', mode: 0o640 }],
            },
          },
        ],
      };
      const v = setUpVolumes(
        podContext({ name: 'p' }, spec, 'p', 'default'),
        sources,
        dirs,
      ).volumes.get('c')!;
      assert.equal(readFileSync(join(v.path, 'sub/x.conf'), 'utf8'), 'A');
      assert.equal(statSync(join(v.path, 'sub/x.conf')).mode & 0o777, 0o640);
      assert.throws(() => statSync(join(v.path, 'b.conf')));
      assert.equal(v.forceReadOnly, true);
    });
  });
  it('when a configMap is missing then the pod fails to mount unless the volume is optional', () => {
    withDirs((dirs) => {
      const ctx = (optional: boolean) =>
        podContext(
          { name: 'p' },
          { volumes: [{ name: 'c', configMap: { name: 'none', optional } }] },
          'p',
          'default',
        );
      assert.throws(
        () => setUpVolumes(ctx(false), sources, dirs),
        (e: unknown) =>
          isSidecarError(e) &&
          e.message.endsWith(
            'MountVolume.SetUp failed for volume "c" : configmap "none" not found',
          ),
      );
      assert.equal(setUpVolumes(ctx(true), sources, dirs).volumes.get('c')!.type, 'configMap');
    });
  });
  it('when a downwardAPI volume exposes labels then the file holds sorted key="value" lines', () => {
    withDirs((dirs) => {
      const spec = {
        volumes: [
          {
            name: 'd',
            downwardAPI: {
              items: [
                { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
                { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
              ],
            },
          },
        ],
      };
      const ctx = podContext(
        { name: 'web', labels: { zone: 'a', app: 'web' } },
        spec,
        'web',
        'default',
      );
      const v = setUpVolumes(ctx, sources, dirs).volumes.get('d')!;
      assert.equal(readFileSync(join(v.path, 'labels'), 'utf8'), 'app="web"\nzone="a"');
      assert.equal(readFileSync(join(v.path, 'name'), 'utf8'), 'web');
    });
  });
  it('when an emptyDir is mounted with a subPathExpr then the mount source is the expanded subdirectory, made world-writable', () => {
    withDirs((dirs) => {
      const spec = { volumes: [{ name: 'e', emptyDir: {} }] };
      const vols = setUpVolumes(podContext({ name: 'p' }, spec, 'p', 'default'), sources, dirs);
      assert.equal(statSync(vols.volumes.get('e')!.path).mode & 0o777, 0o777);
      const mounts = containerMounts(
        { name: 'c', volumeMounts: [{ name: 'e', mountPath: '/logs', subPathExpr: '$(POD)' }] },
        vols,
        { vars: new Map([['POD', 'p1']]), skipped: [] },
      );
      assert.deepEqual(mounts, [
        { source: join(vols.volumes.get('e')!.path, 'p1'), target: '/logs', readOnly: false },
      ]);
    });
  });
});
