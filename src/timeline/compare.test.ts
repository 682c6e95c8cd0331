import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PodEvent } from '../lifecycle/events.js';
import {
  describeDifference,
  firstDifference,
  renderCompareJson,
  renderCompareText,
  type VersionRun,
} from './compare.js';
import { RUNNING_VIEW } from './render-fixtures.test.js';

const pod = 'default/web';
const started = (t: number, container: string): PodEvent => ({
  t,
  pod,
  type: 'ContainerStarted',
  container,
  restartCount: 0,
});

describe('first difference between versions', () => {
  const base: PodEvent[] = [{ t: 0, pod, type: 'PodPhase', phase: 'Pending' }, started(0, 'proxy')];
  const old: VersionRun = {
    k8sVersion: '1.27',
    events: [...base, started(0, 'app')],
    status: RUNNING_VIEW.status,
  };
  const next: VersionRun = {
    k8sVersion: '1.29',
    events: [
      ...base,
      { t: 3, pod, type: 'ProbeResult', container: 'proxy', probe: 'startup', result: 'Success' },
      started(3, 'app'),
    ],
    status: RUNNING_VIEW.status,
  };

  it('when the app starts at once on one version and after the proxy on another then the difference is at 0s with that start', () => {
    const d = firstDifference([old, next]);
    assert.ok(d);
    assert.equal(d.t, 0);
    assert.deepEqual(d.events['1.27'], [started(0, 'app')]);
    assert.deepEqual(d.events['1.29'], []);
    assert.equal(
      describeDifference(d, [old, next]),
      'First difference at 0.000s: 1.27: app ContainerStarted restartCount=0; 1.29: nothing',
    );
  });

  it('when only the name of the sandbox condition differs then the versions do not differ', () => {
    const a: VersionRun = {
      ...next,
      k8sVersion: '1.28',
      events: [
        { t: 0, pod, type: 'PodCondition', condition: 'PodHasNetwork', status: 'True' },
        ...next.events,
      ],
    };
    const b: VersionRun = {
      ...next,
      events: [
        { t: 0, pod, type: 'PodCondition', condition: 'PodReadyToStartContainers', status: 'True' },
        ...next.events,
      ],
    };
    assert.equal(firstDifference([a, b]), null);
    const withCondition = (run: VersionRun, type: string): VersionRun => ({
      ...run,
      status: { ...run.status, conditions: [{ type, status: 'True' }, ...run.status.conditions] },
    });
    const runs = [withCondition(a, 'PodHasNetwork'), withCondition(b, 'PodReadyToStartContainers')];
    assert.match(describeDifference(null, runs), /and the same final status/);
    const failed = { ...runs[1]!, status: { ...runs[1]!.status, phase: 'Failed' as const } };
    assert.match(describeDifference(null, [runs[0]!, failed]), /the final statuses differ/);
  });

  it('when two versions give the same stream then there is no difference and the JSON says null', () => {
    const doc = JSON.parse(renderCompareJson([next, { ...next, k8sVersion: '1.30' }])) as Record<
      string,
      unknown
    >;
    assert.deepEqual(Object.keys(doc), ['versions', 'firstDifference']);
    assert.equal(doc['firstDifference'], null);
    assert.deepEqual(
      (doc['versions'] as { k8sVersion: string }[]).map((v) => Object.keys(v)),
      [
        ['k8sVersion', 'events', 'status'],
        ['k8sVersion', 'events', 'status'],
      ],
    );
  });

  it('when versions are compared as text then the first line names the difference and each version gets a status row and a block', () => {
    const views = [old, next].map((r) => ({
      ...RUNNING_VIEW,
      k8sVersion: r.k8sVersion,
      events: r.events,
    }));
    const out = renderCompareText(views);
    assert.match(out.split('\n')[0]!, /^First difference at 0\.000s: /);
    assert.match(out, /\nVERSION +NAME +READY +STATUS +RESTARTS +AGE +PHASE\n1\.27 +web /);
    assert.match(out, /=== Kubernetes 1\.27 ===/);
    assert.match(out, /=== Kubernetes 1\.29 ===/);
  });
});
