import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStore } from '../store/memory-store.js';
import { EventRecorder } from './event-recorder.js';

describe('EventRecorder', () => {
  it('counts a repeat of the same event on the stored one (the correlator), a different message is a new event', () => {
    const store = new MemoryStore();
    const rec = new EventRecorder(store, { component: 'kubelet', host: 'node-1' });
    const pod = { name: 'p', namespace: 'default', uid: 'u-1' };
    const e = {
      type: 'Warning' as const,
      reason: 'BackOff',
      message: 'Back-off restarting failed container app in pod p_default(u-1)',
      fieldPath: 'spec.containers{app}',
    };
    rec.record(pod, e, new Date('2026-01-01T00:00:00Z'));
    rec.record(pod, e, new Date('2026-01-01T00:00:10Z'));
    rec.record(pod, { ...e, message: 'other' }, new Date('2026-01-01T00:00:11Z'));
    const items = store.list('events', { namespace: 'default' }).items;
    assert.equal(items.length, 2);
    const first = items.find((x) => x['message'] !== 'other')!;
    assert.equal(first['count'], 2);
    assert.equal(first['firstTimestamp'], '2026-01-01T00:00:00Z');
    assert.equal(first['lastTimestamp'], '2026-01-01T00:00:10Z');
    assert.match(first.metadata.name, /^p\.[0-9a-f]+$/);
    assert.deepEqual(first['source'], { component: 'kubelet', host: 'node-1' });
    assert.equal(first['reportingInstance'], 'node-1');
  });
});
