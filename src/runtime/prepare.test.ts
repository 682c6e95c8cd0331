/**
 * Preparing a pod needs no namespaces and starts no process: what each container will be given
 * (argv, environment, mounts) and what is said before the pod starts, checked on plain files.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSidecarError } from '../errors.js';
import { fromText } from '../manifest/load.js';
import { podTemplateOf } from '../manifest/pod-templates.js';
import { resolveVersion } from '../model/versions.js';
import { collectConfigSources } from './config-sources.js';
import type { IsolationCapabilities } from './isolation/host.js';
import { preparePod, type PrepareOptions } from './prepare.js';

const CAPS: IsolationCapabilities = {
  namespaces: false,
  root: false,
  userNs: 'none',
  tools: {
    unshare: null,
    nsenter: null,
    setpriv: null,
    mount: null,
    sh: '/bin/sh',
    bash: null,
    ip: null,
    python3: null,
    perl: null,
  },
  loopbackUp: null,
};

const WEB = `
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: shop}
data: {MODE: fast, app.conf: "level=3"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {name: web-template, labels: {app: web}}
    spec:
      initContainers:
      - name: proxy
        image: envoy
        restartPolicy: Always
        command: [proxy, --port, "$(PORT)"]
        env: [{name: PORT, value: "15001"}]
        resources: {limits: {memory: 64Mi}}
      containers:
      - name: app
        image: app
        workingDir: /work
        command: [/conf/run.sh]
        args: ["$(MODE)", "$(POD)"]
        env:
        - {name: MODE, valueFrom: {configMapKeyRef: {name: cfg, key: MODE}}}
        - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
        volumeMounts:
        - {name: scratch, mountPath: /scratch}
        - {name: conf, mountPath: /conf}
      volumes:
      - {name: scratch, emptyDir: {}}
      - {name: conf, configMap: {name: cfg}}
`;

function withState(text: string, fn: (opts: PrepareOptions, warnings: string[]) => void): void {
  const stateDir = mkdtempSync(join(tmpdir(), 'sidecarctl-prepare-'));
  const input = fromText(text);
  const warnings: string[] = [];
  try {
    fn(
      {
        template: podTemplateOf(input.objects.find((o) => o.kind !== 'ConfigMap')!)!,
        version: resolveVersion('1.33'),
        sources: collectConfigSources(input.objects),
        images: new Map(),
        stateDir,
        isolation: 'process',
        caps: CAPS,
        onWarning: (w) => warnings.push(w),
      },
      warnings,
    );
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

describe('preparing a pod', () => {
  it('when a workload is prepared then its pod is named after the workload, not its template', () => {
    withState(WEB, (opts) => {
      const p = preparePod(opts);
      assert.equal(p.pod, 'shop/web');
      assert.equal(p.ctx.name, 'web');
      assert.equal(p.ctx.hostname, 'web');
      assert.deepEqual(p.ctx.labels, { app: 'web' });
      assert.equal(p.podDir, join(opts.stateDir, 'pods', 'shop_web'));
      p.volumes.cleanup();
    });
  });

  it('when containers are prepared then each has its argv, environment and mounts, init containers first', () => {
    withState(WEB, (opts) => {
      const p = preparePod(opts);
      assert.deepEqual([...p.containers.keys()], ['proxy', 'app']);
      const proxy = p.containers.get('proxy')!;
      assert.deepEqual(proxy.argv, ['proxy', '--port', '15001']);
      assert.deepEqual(proxy.mounts, []);
      assert.equal(proxy.workingDir, undefined);
      const app = p.containers.get('app')!;
      assert.deepEqual(app.argv, ['/conf/run.sh', 'fast', 'web']);
      assert.equal(app.env['MODE'], 'fast');
      assert.equal(app.env['POD'], 'web');
      assert.equal(app.env['HOSTNAME'], 'web');
      assert.ok(app.env['PATH'] !== undefined);
      assert.equal(app.workingDir, '/work');
      assert.deepEqual(
        app.mounts.map((m) => [m.target, m.readOnly]),
        [
          ['/scratch', false],
          ['/conf', true],
        ],
      );
      const scratch = app.mounts.find((m) => m.target === '/scratch')!;
      assert.equal(scratch.source, join(p.podDir, 'volumes', 'empty-dir', 'scratch'));
      assert.ok(existsSync(scratch.source));
      const conf = app.mounts.find((m) => m.target === '/conf')!;
      assert.equal(readFileSync(join(conf.source, 'app.conf'), 'utf8'), 'level=3');
      assert.ok(conf.source.startsWith(p.podDir));
      p.volumes.cleanup();
      assert.equal(existsSync(conf.source), false);
    });
  });

  it('when a container sets limits and isolation is by process then a warning says they are not enforced', () => {
    withState(WEB, (opts, warnings) => {
      preparePod(opts).volumes.cleanup();
      assert.deepEqual(warnings, [
        'pod shop/web: resources.limits not enforced: process isolation has no container cgroups',
      ]);
    });
  });

  it('when a container cannot be configured then the pod fails to prepare and its volumes are removed', () => {
    const bad = WEB.replace('key: MODE', 'key: NOPE');
    withState(bad, (opts) => {
      assert.throws(
        () => preparePod(opts),
        (e: unknown) =>
          isSidecarError(e) &&
          e.code === 'SIDECAR_E_RUNTIME' &&
          /^run: pod shop\/web: container app: CreateContainerConfigError: /.test(e.message),
      );
      assert.equal(
        existsSync(join(opts.stateDir, 'pods', 'shop_web', 'volumes', 'scratch')),
        false,
      );
    });
  });
});
