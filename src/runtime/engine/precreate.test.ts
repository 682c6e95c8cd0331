import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PreparedPod } from '../prepare.js';
import { precreateOrder } from './precreate.js';

const podOf = (spec: Record<string, unknown>): PreparedPod =>
  ({ ctx: { spec } }) as unknown as PreparedPod;

test('what starts after another is made ahead, in start order; the first start is not', () => {
  const spec = {
    initContainers: [{ name: 'init' }, { name: 'proxy', restartPolicy: 'Always' }, { name: 'log' }],
    containers: [{ name: 'app' }, { name: 'worker' }],
  };
  assert.deepEqual(precreateOrder(podOf(spec)), ['proxy', 'log', 'app', 'worker']);
});

test('without init containers the regular ones start at once: nothing is made ahead', () => {
  assert.deepEqual(precreateOrder(podOf({ containers: [{ name: 'a' }, { name: 'b' }] })), []);
  assert.deepEqual(precreateOrder(podOf({ initContainers: 'x', containers: [{ name: 'a' }] })), []);
});
