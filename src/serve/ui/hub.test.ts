/**
 * The UI hub over a real MemoryStore: `reset` first, one `panel` per pod per coalescing window
 * however many writes, `gone` on removal (after the pod's last state), Events about a pod in its
 * panel. Timers are node:test's mock timers: no test waits on the clock.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { resolveVersion } from '../../model/versions.js';
import type { PodRunView } from '../../timeline/view.js';
import type { UiPodPanel, UiStreamMessage } from '../../ui/model.js';
import { MemoryStore } from '../store/memory-store.js';
import type { KubeObject } from '../store/types.js';
import { UiHub } from './hub.js';

const VERSION = resolveVersion('1.33');

/** A stand-in for src/ui's panelOfView: what the hub adds from the store is what is checked. */
function fakePanelOf(view: PodRunView): UiPodPanel {
  return {
    key: view.pod,
    namespace: '',
    name: '',
    k8sVersion: view.k8sVersion,
    row: { ready: '', status: '', restarts: '', age: '' },
    phase: '',
    conditions: [],
    containers: view.containers.map((c) => ({ name: c.name, kind: c.kind })),
    lanesSvg: `<svg data-events="${String(view.events.length)}"></svg>`,
    events: [],
  };
}

function pod(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' } as KubeObject['metadata'],
    spec: { containers: [{ name: 'app', image: 'busybox' }] },
  };
}

function event(store: MemoryStore, p: KubeObject, reason: string): void {
  store.create('events', {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${p.metadata.name}.${reason}`,
      namespace: 'default',
    } as KubeObject['metadata'],
    involvedObject: {
      kind: 'Pod',
      namespace: 'default',
      name: p.metadata.name,
      uid: p.metadata.uid,
    },
    reason,
    message: `${reason} happened`,
    type: 'Normal',
    count: 1,
    firstTimestamp: p.metadata.creationTimestamp,
    lastTimestamp: p.metadata.creationTimestamp,
  });
}

describe('UiHub', () => {
  let store: MemoryStore;
  let hub: UiHub;
  let got: UiStreamMessage[];
  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout'] });
    store = new MemoryStore();
    hub = new UiHub({ store, version: VERSION, panelOf: fakePanelOf, coalesceMs: 100 });
    got = [];
  });
  afterEach(() => {
    hub.stop();
    mock.timers.reset();
  });

  it('sends reset with every stored pod first, in namespace/name order', () => {
    store.create('pods', pod('b'));
    store.create('pods', pod('a'));
    hub.start();
    hub.subscribe((m) => got.push(m));
    assert.equal(got.length, 1);
    assert.equal(got[0]!.event, 'reset');
    const panels = got[0]!.data as UiPodPanel[];
    assert.deepEqual(
      panels.map((p) => [p.key, p.name, p.namespace, p.phase]),
      [
        ['default/a', 'a', 'default', 'Pending'],
        ['default/b', 'b', 'default', 'Pending'],
      ],
    );
  });

  it('coalesces a pod: many writes in one window make one panel, with the last state', () => {
    hub.start();
    hub.subscribe((m) => got.push(m));
    let p = store.create('pods', pod('a'));
    for (let i = 0; i < 20; i++) {
      p = store.update(
        'pods',
        { ...p, status: { phase: i === 19 ? 'Running' : 'Pending' } },
        {
          status: true,
        },
      );
    }
    assert.deepEqual(
      got.map((m) => m.event),
      ['reset'],
    );
    mock.timers.tick(99);
    assert.equal(got.length, 1);
    mock.timers.tick(1);
    assert.deepEqual(
      got.map((m) => m.event),
      ['reset', 'panel'],
    );
    assert.equal((got[1]!.data as UiPodPanel).phase, 'Running');
    // A change after the window opens a new one.
    store.update('pods', { ...p, status: { phase: 'Succeeded' } }, { status: true });
    mock.timers.tick(100);
    assert.equal(got.length, 3);
    assert.equal((got[2]!.data as UiPodPanel).phase, 'Succeeded');
  });

  it('keeps up with 50 pods changing at once: one panel each per window', () => {
    hub.start();
    hub.subscribe((m) => got.push(m));
    const pods = Array.from({ length: 50 }, (_, i) => store.create('pods', pod(`p${String(i)}`)));
    for (let round = 0; round < 5; round++)
      for (const p of pods) {
        const cur = store.get('pods', 'default', p.metadata.name)!;
        store.update('pods', { ...cur, status: { phase: 'Running' } }, { status: true });
      }
    mock.timers.tick(100);
    const panels = got.filter((m) => m.event === 'panel');
    assert.equal(panels.length, 50);
    assert.equal(new Set(panels.map((m) => (m.data as UiPodPanel).key)).size, 50);
  });

  it("widens the window to four times the last one's work when panels are slow to build", () => {
    let now = 0;
    const h = new UiHub({
      store,
      version: VERSION,
      coalesceMs: 100,
      // Each panel "takes" 20 ms: a window of 2 pods is 40 ms of work.
      panelOf: (v) => {
        now += 20;
        return fakePanelOf(v);
      },
      clock: () => now,
    });
    h.start();
    h.subscribe((m) => got.push(m));
    const touch = (name: string): void => {
      const cur = store.get('pods', 'default', name)!;
      store.update('pods', { ...cur, status: { phase: 'Running' } }, { status: true });
    };
    store.create('pods', pod('a'));
    store.create('pods', pod('b'));
    mock.timers.tick(100);
    assert.equal(got.filter((m) => m.event === 'panel').length, 2);
    touch('a');
    mock.timers.tick(159);
    assert.equal(got.filter((m) => m.event === 'panel').length, 2, 'not before 4 x 40 ms');
    mock.timers.tick(1);
    assert.equal(got.filter((m) => m.event === 'panel').length, 3);
    // That window did 20 ms of work: the next is back to the 100 ms floor.
    touch('b');
    mock.timers.tick(100);
    assert.equal(got.filter((m) => m.event === 'panel').length, 4);
    h.stop();
  });

  it('says gone when a pod is removed, after its pending last state', () => {
    hub.start();
    const p = store.create('pods', pod('a'));
    hub.subscribe((m) => got.push(m));
    store.update('pods', { ...p, status: { phase: 'Succeeded' } }, { status: true });
    store.remove('pods', 'default', 'a');
    assert.deepEqual(
      got.map((m) => m.event),
      ['reset', 'panel', 'gone'],
    );
    assert.equal((got[1]!.data as UiPodPanel).phase, 'Succeeded');
    assert.deepEqual(got[2]!.data, { key: 'default/a' });
    mock.timers.tick(1000);
    assert.equal(got.length, 3, 'nothing after gone');
    assert.deepEqual(hub.panels(), []);
  });

  it("puts the store's Events about the pod in its panel (not another pod's)", () => {
    hub.start();
    const a = store.create('pods', pod('a'));
    const b = store.create('pods', pod('b'));
    hub.subscribe((m) => got.push(m));
    event(store, a, 'Scheduled');
    event(store, a, 'Pulled');
    event(store, b, 'Killing');
    mock.timers.tick(100);
    const panels = new Map(
      got
        .filter((m) => m.event === 'panel')
        .map((m) => [(m.data as UiPodPanel).key, m.data as UiPodPanel]),
    );
    assert.deepEqual(
      panels.get('default/a')!.events.map((e) => [e.reason, e.object, e.message, e.count]),
      [
        ['Pulled', 'pod/a', 'Pulled happened', 1],
        ['Scheduled', 'pod/a', 'Scheduled happened', 1],
      ],
    );
    assert.deepEqual(
      panels.get('default/b')!.events.map((e) => e.reason),
      ['Killing'],
    );
  });

  it("draws the kubelet's view of the pod when it has one, for that pod's uid only", () => {
    const views: string[] = [];
    const h = new UiHub({
      store,
      version: VERSION,
      panelOf: fakePanelOf,
      viewOf: (ns, name, uid) => {
        views.push(`${ns}/${name}/${uid}`);
        return {
          pod: `${ns}/${name}`,
          k8sVersion: '1.33',
          containers: [{ name: 'app', kind: 'regular' }],
          events: [
            { t: 0, type: 'SandboxReady' } as never,
            { t: 0.1, type: 'SandboxReady' } as never,
          ],
          status: { phase: 'Running', conditions: [], containerStatuses: [] },
          until: 0.2,
          clock: 'real',
        };
      },
    });
    const p = store.create('pods', pod('a'));
    h.start();
    h.subscribe((m) => got.push(m));
    h.stop();
    assert.deepEqual(views, [`default/a/${p.metadata.uid}`]);
    assert.equal((got[0]!.data as UiPodPanel[])[0]!.lanesSvg, '<svg data-events="2"></svg>');
  });

  it('builds nothing while no page listens, and stops sending to a page that left', () => {
    let built = 0;
    const h = new UiHub({
      store,
      version: VERSION,
      panelOf: (v) => {
        built++;
        return fakePanelOf(v);
      },
    });
    h.start();
    const p = store.create('pods', pod('a'));
    store.update('pods', { ...p, status: { phase: 'Running' } }, { status: true });
    mock.timers.tick(100);
    assert.equal(built, 0);
    const off = h.subscribe((m) => got.push(m));
    off();
    store.update('pods', { ...store.get('pods', 'default', 'a')!, status: {} }, { status: true });
    mock.timers.tick(100);
    assert.deepEqual(
      got.map((m) => m.event),
      ['reset'],
    );
    h.stop();
  });
});
