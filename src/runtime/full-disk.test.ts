/**
 * A full disk under the state directory: the run ends with a runtime error (one line, no stack
 * trace), the pod is stopped as on any fatal error, and nothing of it is left running. The disk
 * is a 64 KiB tmpfs, so this needs root (and a kernel that lets it mount one); elsewhere it
 * skips and says why.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSidecarError } from '../errors.js';
import { fromText } from '../manifest/load.js';
import { podTemplateOf } from '../manifest/pod-templates.js';
import { resolveVersion } from '../model/versions.js';
import { collectConfigSources } from './config-sources.js';
import type { IsolationMode } from './isolation/container-process.js';
import { detectCapabilities } from './isolation/host.js';
import { namespacesOrSkip } from './isolation/namespaces.test-support.js';
import { PodRunner } from './pod-runner.js';
import { processesWith, until } from './process-watch.test-support.js';

const { skip: noNamespaces } = await namespacesOrSkip();

/** Mounts a 64 KiB tmpfs at a new directory; the reason it cannot, or the directory. */
function smallDisk(): { dir: string } | { skip: string } {
  if (process.getuid?.() !== 0) return { skip: 'mounting a small tmpfs needs root' };
  const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'pipe' });
    return { dir };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return { skip: `cannot mount a tmpfs: ${e instanceof Error ? e.message.split('\n')[0] : ''}` };
  }
}

const disk = smallDisk();
const skip = 'skip' in disk ? disk.skip : false;
if (skip !== false) process.stdout.write(`# skipped: ${skip}\n`);
const dir = 'dir' in disk ? disk.dir : '';

function runner(doc: Record<string, unknown>, state: string, isolation: IsolationMode) {
  return (async () => {
    const input = fromText(JSON.stringify(doc));
    return PodRunner.prepare({
      template: podTemplateOf(input.objects[0]!)!,
      version: resolveVersion('1.33'),
      sources: collectConfigSources(input.objects),
      images: new Map(),
      stateDir: state,
      isolation,
      caps: await detectCapabilities(),
    });
  })();
}

/** A pod whose app fills the disk with its log while a sidecar (and its hook) keep running. */
function fillingPod(token: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'full' },
    spec: {
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 30,
      initContainers: [
        {
          name: 'side',
          image: 'x',
          restartPolicy: 'Always',
          command: ['sh', '-c', `sh -c 'sleep 300; true' ${token} & wait`],
        },
      ],
      containers: [
        {
          name: 'app',
          image: 'x',
          command: [
            'sh',
            '-c',
            `yes sidecarctl-fills-the-disk | head -c 4000000; sleep 300; : ${token}`,
          ],
        },
      ],
    },
  };
}

describe('a full disk under the state directory', { skip, timeout: 120_000 }, () => {
  after(() => {
    // Lazily: a log file the runtime has not closed yet must not keep the mount.
    try {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    } catch {
      // not mounted
    }
    rmSync(dir, { recursive: true, force: true });
  });

  for (const isolation of ['process', 'pod'] as const) {
    it(`when a log cannot be written (--isolation ${isolation}) then run rejects with a runtime error and nothing of the pod is left running`, async (t) => {
      if (isolation === 'pod' && noNamespaces !== false) {
        t.skip(noNamespaces);
        return;
      }
      const state = join(dir, `state-${isolation}`);
      const token = `sidecarctl-full-${isolation}-${String(process.pid)}`;
      try {
        const r = await runner(fillingPod(token), state, isolation);
        await assert.rejects(r.run(), (e: unknown) => {
          assert.ok(isSidecarError(e), `a SidecarError, not ${String(e)}`);
          assert.equal(e.code, 'SIDECAR_E_RUNTIME');
          assert.match(
            e.message,
            /^run: pod default\/full: cannot write the state directory: ENOSPC/,
          );
          assert.doesNotMatch(e.message, /\n/);
          return true;
        });
        assert.ok(
          await until(() => processesWith(token).length === 0, 30_000),
          `left behind: ${processesWith(token).join(', ')}`,
        );
      } finally {
        rmSync(state, { recursive: true, force: true });
      }
    });
  }

  it('when a volume cannot be written then prepare refuses the pod with a runtime error and removes what it made', async () => {
    const state = join(dir, 'state-volume');
    const doc = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'big' },
      spec: {
        restartPolicy: 'Never',
        containers: [{ name: 'c', image: 'x', command: ['true'] }],
        volumes: [
          {
            name: 'small',
            downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] },
          },
          { name: 'big', configMap: { name: 'big' } },
        ],
      },
    };
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'big' },
      data: { blob: 'x'.repeat(200_000) },
    };
    try {
      const input = fromText(`${JSON.stringify(doc)}\n---\n${JSON.stringify(cm)}`);
      const caps = await detectCapabilities();
      assert.throws(
        () =>
          PodRunner.prepare({
            template: podTemplateOf(input.objects[0]!)!,
            version: resolveVersion('1.33'),
            sources: collectConfigSources(input.objects),
            images: new Map(),
            stateDir: state,
            isolation: 'process',
            caps,
          }),
        (e: unknown) =>
          isSidecarError(e) &&
          e.code === 'SIDECAR_E_RUNTIME' &&
          /^run: pod default\/big: cannot write the state directory: ENOSPC/.test(e.message),
      );
      const volumes = join(state, 'pods', 'default_big', 'volumes');
      const left = existsSync(volumes) ? readdirSync(volumes, { recursive: true }) : [];
      assert.deepEqual(
        left.filter((f) => !['downward-api', 'configmap'].includes(String(f))),
        [],
        'the volumes made before are removed',
      );
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });
});
