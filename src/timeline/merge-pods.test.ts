import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PodEvent } from '../lifecycle/events.js';
import { mergePodEvents, renderMergedEventTable } from './merge-pods.js';
import type { PodRunView } from './view.js';

function view(pod: string, starts: readonly [number, string][]): PodRunView {
  const events: PodEvent[] = starts.map(([t, container]) => ({
    t,
    pod,
    type: 'ContainerStarted',
    container,
    restartCount: 0,
  }));
  return {
    pod,
    k8sVersion: '1.33',
    containers: [],
    events,
    status: { phase: 'Running', conditions: [], containerStatuses: [], startTime: '' },
    until: 10,
    clock: 'real',
  };
}

const ONE = view('default/one', [
  [0.1, 'a'],
  [0.5, 'b'],
  [2, 'c'],
]);
const TWO = view('ns/two', [
  [0.2, 'x'],
  [0.5, 'y'],
  [1, 'z'],
]);

describe('merged timeline of several pods', () => {
  it('when two pods have interleaving events then they come in time order, ties in pod order', () => {
    assert.deepEqual(
      mergePodEvents([ONE, TWO]).map(
        (e) => `${String(e.t)} ${e.type === 'ContainerStarted' ? e.container : ''}`,
      ),
      ['0.1 a', '0.2 x', '0.5 b', '0.5 y', '1 z', '2 c'],
    );
  });

  it('when rendered then each line names its pod', () => {
    assert.equal(
      renderMergedEventTable([ONE, TWO]),
      [
        'T        POD   CONTAINER   EVENT              DETAIL',
        '0.100s   one   a           ContainerStarted   restartCount=0',
        '0.200s   two   x           ContainerStarted   restartCount=0',
        '0.500s   one   b           ContainerStarted   restartCount=0',
        '0.500s   two   y           ContainerStarted   restartCount=0',
        '1.000s   two   z           ContainerStarted   restartCount=0',
        '2.000s   one   c           ContainerStarted   restartCount=0',
      ].join('\n'),
    );
  });

  it('when no pod has events then it says so', () => {
    assert.equal(renderMergedEventTable([view('default/a', [])]), '(no events)');
  });
});
