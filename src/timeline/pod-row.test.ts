import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PodEvent } from '../lifecycle/events.js';
import { formatPodRows, formatTable, humanDuration } from './pod-row.js';
import { viewRow } from './render-text.js';
import {
  INIT_BACKOFF_VIEW,
  INIT_SIDECAR_STARTING_VIEW,
  RICH_VIEW,
  RUNNING_VIEW,
} from './render-fixtures.test.js';

describe('the kubectl get pod row (printPod)', () => {
  it('when a regular init container is in back-off then STATUS is Init:CrashLoopBackOff and RESTARTS says when it last failed', () => {
    const row = viewRow(INIT_BACKOFF_VIEW);
    assert.equal(row.status, 'Init:CrashLoopBackOff');
    assert.equal(row.restarts, '1 (6s ago)');
    assert.equal(row.ready, '0/3');
    assert.equal(row.age, '10s');
  });

  it('when a sidecar has not passed its startup probe then STATUS is Init:1/2 (completed init containers plus started sidecars)', () => {
    const row = viewRow(INIT_SIDECAR_STARTING_VIEW);
    assert.equal(row.status, 'Init:1/2');
    // While initialising, RESTARTS sums every init container's restarts.
    assert.equal(row.restarts, '2 (13s ago)');
  });

  it('when the sidecar and both containers are ready then READY counts the sidecar: 3/3 Running', () => {
    const row = viewRow(RUNNING_VIEW);
    assert.deepEqual([row.ready, row.status, row.restarts], ['3/3', 'Running', '0']);
  });

  it('when the pod is initialised then RESTARTS leaves out the regular init container restarts', () => {
    // migrate restarted twice, but after initialisation only sidecars and containers count.
    assert.equal(viewRow(RUNNING_VIEW).restarts, '0');
  });

  it('when a deleted pod ended Failed then STATUS is the reason of the first container that did not complete', () => {
    const row = viewRow(RICH_VIEW);
    assert.equal(row.status, 'Error');
    assert.equal(row.ready, '0/3');
  });

  it('when the pod is being deleted and is not terminal yet then STATUS is Terminating', () => {
    const deleting: PodEvent = {
      t: 25,
      pod: 'default/web',
      type: 'PodDeleting',
      gracePeriodSeconds: 30,
    };
    const row = viewRow({ ...RUNNING_VIEW, events: [...RUNNING_VIEW.events, deleting] });
    assert.equal(row.status, 'Terminating');
  });

  it('when a container completed while another still runs then STATUS reads NotReady without the Ready condition', () => {
    const cs = RUNNING_VIEW.status.containerStatuses;
    const status = {
      ...RUNNING_VIEW.status,
      conditions: RUNNING_VIEW.status.conditions.map((c) =>
        c.type === 'Ready' ? { ...c, status: 'False' as const } : c,
      ),
      containerStatuses: [
        cs[0]!,
        { ...cs[1]!, ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
      ],
    };
    assert.equal(viewRow({ ...RUNNING_VIEW, status }).status, 'NotReady');
  });
});

describe('kubectl age strings (apimachinery HumanDuration)', () => {
  it('when durations grow then the precision drops as kubectl prints it', () => {
    const cases: [number, string][] = [
      [0, '0s'],
      [59.9, '59s'],
      [119, '119s'],
      [125, '2m5s'],
      [540, '9m'],
      [600, '10m'],
      [3 * 3600 + 20 * 60, '3h20m'],
      [50 * 3600, '2d2h'],
    ];
    for (const [s, want] of cases) assert.equal(humanDuration(s), want, `${String(s)}s`);
  });
});

describe('kubectl tables', () => {
  it('when cells have different widths then columns are left-aligned with three spaces between them', () => {
    const t = formatTable(
      ['NAME', 'READY'],
      [
        ['a-long-name', '1/1'],
        ['b', '0/1'],
      ],
    );
    assert.equal(t, 'NAME          READY\na-long-name   1/1\nb             0/1');
  });

  it('when a pod row is printed then the header is NAME READY STATUS RESTARTS AGE', () => {
    const out = formatPodRows([viewRow(INIT_BACKOFF_VIEW)]).split('\n');
    assert.match(out[0]!, /^NAME +READY +STATUS +RESTARTS +AGE$/);
    assert.equal(out[1], 'web    0/3     Init:CrashLoopBackOff   1 (6s ago)   10s');
  });
});
