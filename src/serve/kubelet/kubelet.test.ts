/**
 * The local kubelet with real processes: pods created in the store run, their status and events
 * come back through the store, logs are served, graceful deletion removes them. Every wait is for
 * a store watch event or a stream's end, never a fixed delay.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { resolveVersion, parseVersion } from '../../model/versions.js';
import { detectCapabilities } from '../../runtime/isolation/host.js';
import type { PodLogOptions } from '../backend.js';
import type { KubeObject, WatchEvent } from '../store/types.js';
import { MemoryStore } from '../store/memory-store.js';
import { waitForEvent } from './watch-wait.test-support.js';
import { LocalKubelet } from './kubelet.js';

const caps = await detectCapabilities();
const version = resolveVersion(parseVersion('1.33'), {});

type Status = {
  phase?: string;
  initContainerStatuses?: {
    name: string;
    ready: boolean;
    state: Record<string, Record<string, unknown>>;
  }[];
  containerStatuses?: {
    name: string;
    ready: boolean;
    state: Record<string, Record<string, unknown>>;
  }[];
  podIP?: string;
  podIPs?: unknown;
  hostIP?: string;
  qosClass?: string;
  startTime?: string;
};
const statusOf = (o: KubeObject): Status => (o['status'] ?? {}) as Status;

function pod(name: string, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' } as KubeObject['metadata'],
    spec,
  };
}

const LOOP = 'while :; do sleep 1 & wait $!; done';

function nativeSidecarPod(name: string): KubeObject {
  return pod(name, {
    terminationGracePeriodSeconds: 1,
    initContainers: [
      {
        name: 'setup',
        image: 'busybox:1.36',
        command: ['sh', '-c', 'echo one; echo two; echo setup done'],
      },
      {
        name: 'sidecar',
        image: 'busybox:1.36',
        restartPolicy: 'Always',
        command: ['sh', '-c', `echo sidecar up; ${LOOP}`],
      },
    ],
    containers: [
      // Ignores SIGTERM: only the SIGKILL after the grace period ends it.
      {
        name: 'app',
        image: 'busybox:1.36',
        command: ['sh', '-c', `trap '' TERM; echo app up; ${LOOP}`],
      },
    ],
  });
}

async function readAll(s: Readable): Promise<string> {
  let out = '';
  for await (const c of s) out += String(c);
  return out;
}

/** Reads a stream until `text` has come; the stream is left open. */
async function readUntil(s: Readable, text: string): Promise<string> {
  let out = '';
  for await (const c of s) {
    out += String(c);
    if (out.includes(text)) return out;
  }
  return out;
}

/** A started kubelet of the store, its state under `dir`. */
function startedKubelet(store: MemoryStore, dir: string): LocalKubelet {
  const kubelet = new LocalKubelet({
    store,
    version,
    images: new Map(),
    stateDir: join(dir, 'state'),
    isolation: 'auto',
    caps,
    nodeName: 'local-node',
  });
  kubelet.start();
  return kubelet;
}

describe("LocalKubelet runs the store's pods", { timeout: 120_000 }, () => {
  let dir = '';
  let store: MemoryStore;
  let kubelet: LocalKubelet;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sidecarctl-kubelet-'));
    store = new MemoryStore();
    kubelet = startedKubelet(store, dir);
  });
  after(async () => {
    await kubelet.killAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a native-sidecar pod reaches Running: init container terminated, sidecar ready, events Scheduled..Started, logs', async () => {
    const running = waitForEvent(store, 'pods', {}, (e) => {
      const s = statusOf(e.object);
      return (
        e.object.metadata.name === 'web' &&
        s.phase === 'Running' &&
        // A regular init container that exited 0 is ready (prober_manager.go UpdatePodStatus);
        // the running sidecar is ready too (no readiness probe).
        s.initContainerStatuses?.map((c) => c.ready).join(' ') === 'true true' &&
        s.containerStatuses?.[0]?.ready === true
      );
    });
    store.create('pods', nativeSidecarPod('web'));
    const e = await running;
    const s = statusOf(e.object);
    assert.equal(s.initContainerStatuses?.[0]?.state['terminated']?.['reason'], 'Completed');
    assert.equal((e.object['spec'] as Record<string, unknown>)['nodeName'], 'local-node');
    assert.equal(s.podIP, '127.0.0.1');
    assert.deepEqual(s.podIPs, [{ ip: '127.0.0.1' }]);
    assert.equal(s.hostIP, '127.0.0.1');
    assert.equal(s.qosClass, 'BestEffort');
    assert.ok(s.startTime !== undefined);

    const events = store
      .list('events', { namespace: 'default' })
      .items.filter(
        (x) => (x['involvedObject'] as Record<string, unknown>)['uid'] === e.object.metadata.uid,
      );
    const lines = events.map((x) => `${String(x['reason'])}: ${String(x['message'])}`);
    assert.deepEqual(lines.slice(0, 7), [
      'Scheduled: Successfully assigned default/web to local-node',
      'Pulled: Container image "busybox:1.36" already present on machine',
      'Created: Created container: setup',
      'Started: Started container setup',
      'Pulled: Container image "busybox:1.36" already present on machine',
      'Created: Created container: sidecar',
      'Started: Started container sidecar',
    ]);
    assert.ok(lines.includes('Started: Started container app'));
    const scheduled = events[0]!;
    assert.deepEqual(scheduled['source'], { component: 'default-scheduler' });
    const created = events[2]!;
    assert.deepEqual(created['involvedObject'], {
      kind: 'Pod',
      namespace: 'default',
      name: 'web',
      uid: e.object.metadata.uid,
      apiVersion: 'v1',
      fieldPath: 'spec.initContainers{setup}',
    });
    assert.deepEqual(created['source'], { component: 'kubelet', host: 'local-node' });
    assert.equal(created['reportingComponent'], 'kubelet');
    assert.equal(created['type'], 'Normal');
    assert.equal(created['count'], 1);

    const log = (o: Omit<PodLogOptions, 'container'>) =>
      readAll(kubelet.logs('default', 'web', { container: 'setup', ...o }));
    assert.equal(await log({}), 'one\ntwo\nsetup done\n');
    assert.equal(await log({ tailLines: 1 }), 'setup done\n');
    assert.equal(await log({ limitBytes: 6 }), 'one\ntw');
    assert.equal(await log({ sinceTime: new Date(Date.now() + 60_000).toISOString() }), '');
    assert.equal(await log({ sinceSeconds: 3600 }), 'one\ntwo\nsetup done\n');
    const withTime = await log({ timestamps: true, tailLines: 1 });
    assert.match(withTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*[1-9])?Z setup done\n$/);
    const follow = kubelet.logs('default', 'web', { container: 'sidecar', follow: true });
    assert.match(await readUntil(follow, 'sidecar up\n'), /^sidecar up\n$/);
    follow.destroy();
    assert.throws(() => kubelet.logs('default', 'web', { container: 'sidecar', previous: true }), {
      code: 400,
      message: 'previous terminated container "sidecar" in pod "web" not found',
    });
    assert.throws(() => kubelet.logs('default', 'nope', { container: 'app' }), {
      code: 404,
      message: 'pods "nope" not found',
    });
  });

  it('graceful delete: follow ends when the container exits, a container ignoring SIGTERM is killed after the grace period, DELETED is seen', async () => {
    // The app ignores SIGTERM once its trap is set: it says so before its loop (on a loaded
    // machine, Running can come before the app's shell has run its first line).
    await readUntil(kubelet.logs('default', 'web', { container: 'app', follow: true }), 'app up\n');
    const follow = kubelet.logs('default', 'web', { container: 'app', follow: true });
    const followed = readAll(follow);
    const modified: WatchEvent[] = [];
    const deleted = waitForEvent(store, 'pods', {}, (e) => {
      if (e.object.metadata.name !== 'web') return false;
      if (e.type === 'MODIFIED') modified.push(e);
      return e.type === 'DELETED';
    });
    const t0 = Date.now();
    const marked = store.delete('pods', 'default', 'web');
    assert.ok(marked.metadata.deletionTimestamp !== undefined);
    await deleted;
    assert.ok(Date.now() - t0 >= 900, 'the grace period (1 s) was waited for');
    assert.equal(await followed, 'app up\n');
    const last = statusOf(modified[modified.length - 1]!.object);
    assert.equal(last.containerStatuses?.[0]?.state['terminated']?.['exitCode'], 137);
    const killing = store
      .list('events', { namespace: 'default' })
      .items.filter((x) => x['reason'] === 'Killing')
      .map((x) => String(x['message']));
    assert.ok(killing.includes('Stopping container app'), killing.join(', '));
    assert.equal(store.get('pods', 'default', 'web'), undefined);
  });

  it('a pod that cannot be prepared waits with CreateContainerConfigError and a Warning event; deleting it removes it', async () => {
    const failed = waitForEvent(
      store,
      'pods',
      {},
      (e) => e.object.metadata.name === 'bad' && statusOf(e.object).containerStatuses !== undefined,
    );
    store.create(
      'pods',
      pod('bad', {
        containers: [
          {
            name: 'app',
            image: 'busybox:1.36',
            command: ['sh', '-c', 'echo $MODE'],
            env: [
              { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'mode' } } },
            ],
          },
        ],
      }),
    );
    const e = await failed;
    const s = statusOf(e.object);
    assert.equal(s.phase, 'Pending');
    assert.deepEqual(s.containerStatuses?.[0]?.state['waiting'], {
      reason: 'CreateContainerConfigError',
      message: 'configmap "app-config" not found',
    });
    const warn = store
      .list('events', { namespace: 'default' })
      .items.find(
        (x) =>
          x['type'] === 'Warning' &&
          (x['involvedObject'] as Record<string, unknown>)['name'] === 'bad',
      );
    assert.equal(warn?.['reason'], 'Failed');
    assert.equal(warn?.['message'], 'Error: configmap "app-config" not found');
    assert.throws(() => kubelet.logs('default', 'bad', { container: 'app' }), {
      code: 400,
      message: 'container "app" in pod "bad" is waiting to start: CreateContainerConfigError',
    });
    const gone = waitForEvent(
      store,
      'pods',
      {},
      (x) => x.type === 'DELETED' && x.object.metadata.name === 'bad',
    );
    store.delete('pods', 'default', 'bad');
    await gone;
  });
  it(
    "a ConfigMap update reaches the running pod's volume (the file is rewritten), not its environment",
    { skip: caps.namespaces ? false : `volumeMounts need Linux namespaces: ${caps.reason ?? ''}` },
    async () => {
      store.create('configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cfg', namespace: 'default' } as KubeObject['metadata'],
        data: { mode: 'old' },
      });
      const script = [
        'echo "env=$MODE"',
        'while ! grep -q new /etc/cfg/mode; do sleep 0.1; done',
        'echo "file=$(cat /etc/cfg/mode) env=$MODE"',
      ].join('; ');
      const running = waitForEvent(
        store,
        'pods',
        {},
        (e) => e.object.metadata.name === 'cfgpod' && statusOf(e.object).phase === 'Running',
      );
      const done = waitForEvent(
        store,
        'pods',
        {},
        (e) => e.object.metadata.name === 'cfgpod' && statusOf(e.object).phase === 'Succeeded',
      );
      store.create(
        'pods',
        pod('cfgpod', {
          restartPolicy: 'Never',
          volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }],
          containers: [
            {
              name: 'app',
              image: 'busybox:1.36',
              command: ['sh', '-c', script],
              env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } }],
              volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg' }],
            },
          ],
        }),
      );
      await running;
      const cm = store.get('configmaps', 'default', 'cfg')!;
      store.update('configmaps', { ...cm, data: { mode: 'new' } });
      await done;
      assert.equal(
        await readAll(kubelet.logs('default', 'cfgpod', { container: 'app' })),
        'env=old\nfile=new env=old\n',
      );
    },
  );
  it("connect reaches a port inside the pod's network (port-forward)", async () => {
    const server =
      'require("net").createServer((s) => s.end("hello from pod\\n")).listen(8080, "127.0.0.1")';
    const running = waitForEvent(
      store,
      'pods',
      {},
      (e) => e.object.metadata.name === 'srv' && statusOf(e.object).phase === 'Running',
    );
    store.create(
      'pods',
      pod('srv', {
        terminationGracePeriodSeconds: 1,
        containers: [
          {
            name: 'srv',
            image: 'node',
            command: [process.execPath, '-e', server],
            env: [{ name: 'GREETING', value: 'hi' }],
            // Ready once it listens: the connection then cannot race the server's start.
            readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
          },
        ],
      }),
    );
    await running;
    const ready = waitForEvent(
      store,
      'pods',
      {},
      (e) =>
        e.object.metadata.name === 'srv' &&
        statusOf(e.object).containerStatuses?.[0]?.ready === true,
    );
    await ready;
    const target = kubelet.execTarget('default', 'srv', 'srv');
    const argv = target.argv(['sh', '-c', 'echo "exec in $HOSTNAME with $GREETING"']);
    const out = spawnSync(argv[0]!, argv.slice(1), { env: { ...target.env }, encoding: 'utf8' });
    assert.equal(
      out.stdout,
      'exec in srv with hi\n',
      `argv ${JSON.stringify(argv)}: status ${String(out.status)}, signal ${String(out.signal)}, stderr ${out.stderr}`,
    );
    assert.throws(() => kubelet.execTarget('default', 'srv', 'nope'), {
      code: 400,
      message: 'container nope is not valid for pod srv',
    });
    const socket = await kubelet.connect('default', 'srv', 8080);
    assert.equal(await readAll(socket), 'hello from pod\n');
    await assert.rejects(kubelet.connect('default', 'nope', 8080), { code: 404 });
    const gone = waitForEvent(
      store,
      'pods',
      {},
      (x) => x.type === 'DELETED' && x.object.metadata.name === 'srv',
    );
    store.delete('pods', 'default', 'srv');
    await gone;
  });
  it('shutdown deletes every pod gracefully and resolves once all are gone from the store', async () => {
    const running = waitForEvent(
      store,
      'pods',
      {},
      (e) => e.object.metadata.name === 'last' && statusOf(e.object).phase === 'Running',
    );
    store.create(
      'pods',
      pod('last', {
        terminationGracePeriodSeconds: 5,
        containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', LOOP] }],
      }),
    );
    await running;
    await kubelet.shutdown();
    assert.deepEqual(
      store.list('pods', { namespace: 'default' }).items.map((p) => p.metadata.name),
      [],
    );
  });
});

describe("LocalKubelet's view of a pod's run (serve's /ui lanes)", { timeout: 120_000 }, () => {
  it('answers the run so far, for that uid only, still during the watch callbacks of its removal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-kubelet-view-'));
    const store = new MemoryStore();
    const kubelet = startedKubelet(store, dir);
    try {
      const running = waitForEvent(
        store,
        'pods',
        {},
        (e) => statusOf(e.object).containerStatuses?.[0]?.ready === true,
      );
      const spec = {
        terminationGracePeriodSeconds: 5,
        initContainers: [
          {
            name: 'sidecar',
            image: 'busybox:1.36',
            restartPolicy: 'Always',
            command: ['sh', '-c', `trap 'exit 0' TERM; ${LOOP}`],
          },
        ],
        containers: [
          {
            name: 'app',
            image: 'busybox:1.36',
            command: ['sh', '-c', `trap 'exit 0' TERM; ${LOOP}`],
          },
        ],
      };
      const { uid } = store.create('pods', pod('viewed', spec)).metadata;
      await running;
      assert.equal(kubelet.podView('default', 'viewed', 'another-uid'), null);
      const view = kubelet.podView('default', 'viewed', uid);
      assert.equal(view?.pod, 'default/viewed');
      assert.deepEqual(
        view?.containers.map((c) => `${c.name}:${c.kind}`),
        ['sidecar:sidecar', 'app:regular'],
      );
      assert.ok(view.events.some((e) => e.type === 'ContainerStarted' && e.container === 'app'));
      // A watcher registered after the kubelet's (as serve's /ui hub) still gets the pod's
      // last run when the store tells it of the removal.
      const last = new Promise<ReturnType<LocalKubelet['podView']>>((resolve) => {
        const stop = store.watch('pods', {}, (e: WatchEvent) => {
          if (e.type !== 'DELETED') return;
          stop();
          resolve(kubelet.podView('default', 'viewed', uid));
        });
      });
      store.delete('pods', 'default', 'viewed');
      const final = await last;
      const killing = final?.events.flatMap((e) =>
        e.type === 'ContainerKilling' ? [e.container] : [],
      );
      assert.deepEqual(killing, ['app', 'sidecar']);
      await new Promise((r) => setImmediate(r));
      assert.equal(kubelet.podView('default', 'viewed', uid), null, 'forgotten after that turn');
    } finally {
      await kubelet.killAll();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
