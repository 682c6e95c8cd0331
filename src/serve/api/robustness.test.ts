/**
 * No input may crash: every parser and patcher of a request either answers or throws an ApiError
 * (a Status), for any input fast-check can think of.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isApiError } from '../store/api-error.js';
import { parseFieldSelector, parseLabelSelector } from '../store/selectors.js';
import type { KubeObject } from '../store/types.js';
import { patchObject } from './patch.js';
import { strategicMerge } from './strategic-merge.js';

function onlyApiErrors(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    return isApiError(e);
  }
}

const live: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'p',
    namespace: 'default',
    uid: 'u',
    resourceVersion: '1',
    creationTimestamp: 'x',
  },
  spec: { containers: [{ name: 'a', image: 'i', env: [{ name: 'E', value: '1' }] }] },
};

test('selectors: any string parses or is a 400', () => {
  const chars = fc
    .array(
      fc.constantFrom('a', 'b', '=', '!', '(', ')', ',', ' ', 'in', 'notin', '\\', '.', '<', '>'),
      { maxLength: 30 },
    )
    .map((a) => a.join(''));
  fc.assert(
    fc.property(
      chars,
      (s) =>
        onlyApiErrors(() => parseLabelSelector(s)) &&
        onlyApiErrors(() => parseFieldSelector('pods', s)),
    ),
  );
  fc.assert(
    fc.property(
      fc.string(),
      (s) =>
        onlyApiErrors(() => parseLabelSelector(s)) &&
        onlyApiErrors(() => parseFieldSelector('events', s)),
    ),
  );
});

test('patches: any JSON body patches or is a Status', () => {
  const body = fc.jsonValue({ maxDepth: 4 });
  fc.assert(
    fc.property(body, (b) => {
      for (const t of ['json', 'merge', 'strategic', 'apply'] as const) {
        assert.ok(
          onlyApiErrors(() =>
            patchObject(t, live, b, { resource: 'pods', name: 'p', namespace: 'default' }),
          ),
          t,
        );
      }
      return onlyApiErrors(() => strategicMerge('Pod', live, { spec: { containers: b } }));
    }),
  );
});
