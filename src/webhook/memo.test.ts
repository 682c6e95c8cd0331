import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveVersion } from '../model/versions.js';
import { reviewMemo } from './memo.js';
import { answerReview, type AdmitFunction, type ReviewSettings } from './review.js';

const V133 = resolveVersion('1.33', {});

function review(uid: string, labels: Record<string, string> = {}): Record<string, unknown> {
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: { group: '', version: 'v1', kind: 'Pod' },
      operation: 'CREATE',
      namespace: 'team',
      object: { kind: 'Pod', metadata: { generateName: 'web-', labels } },
    },
  };
}

/** An admit that counts its calls and adds one label. */
function counting(): { admit: AdmitFunction; calls: () => number } {
  let n = 0;
  return {
    calls: () => n,
    admit: (object) => {
      n++;
      return {
        allowed: true,
        patch: [{ op: 'add', path: '/metadata/labels/x', value: 'y' }],
        object,
        warnings: [],
      };
    },
  };
}

const settingsOf = (admit: AdmitFunction, version = V133): ReviewSettings => ({
  admit,
  base: { version },
  validate: 'deny',
});

function ask(
  memo: ReturnType<typeof reviewMemo>,
  body: Record<string, unknown>,
  s: ReviewSettings,
): { uid: unknown; patch: unknown; subjectUid: unknown } {
  const o = memo.answer('mutate', body, s, () => answerReview('mutate', body, s));
  const response = o.body['response'] as { uid: unknown; patch: unknown };
  return { uid: response.uid, patch: response.patch, subjectUid: o.subject?.['uid'] };
}

describe('review memo', () => {
  it('when the same pod is reviewed under another uid then the answer is remembered and echoes the new uid', () => {
    const c = counting();
    const memo = reviewMemo();
    const s = settingsOf(c.admit);
    const first = ask(memo, review('u-1'), s);
    const second = ask(memo, review('u-2'), settingsOf(c.admit));
    assert.equal(c.calls(), 1);
    assert.deepEqual(second, { uid: 'u-2', patch: first.patch, subjectUid: 'u-2' });
    assert.equal(first.uid, 'u-1');
  });

  it('when the pod differs in anything then it is reviewed afresh', () => {
    const c = counting();
    const memo = reviewMemo();
    ask(memo, review('u-1', { n: '1' }), settingsOf(c.admit));
    ask(memo, review('u-2', { n: '2' }), settingsOf(c.admit));
    assert.equal(c.calls(), 2);
  });

  it('when the settings change (another cluster version) then nothing remembered is answered', () => {
    const c = counting();
    const memo = reviewMemo();
    ask(memo, review('u-1'), settingsOf(c.admit, V133));
    ask(memo, review('u-2'), settingsOf(c.admit, resolveVersion('1.32', {})));
    assert.equal(c.calls(), 2);
    assert.equal(memo.size, 1);
  });

  it('when the memo is over its bytes then the least recently used answers go first', () => {
    const c = counting();
    const memo = reviewMemo(1500);
    const s = settingsOf(c.admit);
    for (const n of ['1', '2', '3', '4']) ask(memo, review(`u-${n}`, { n }), s);
    assert.ok(memo.size < 4 && memo.size > 0, String(memo.size));
    const before = c.calls();
    ask(memo, review('u-5', { n: '4' }), s);
    assert.equal(c.calls(), before, 'the last one is still there');
    ask(memo, review('u-6', { n: '1' }), s);
    assert.equal(c.calls(), before + 1, 'the first one went');
  });

  it('when a body is not a review then it is answered and not remembered', () => {
    const c = counting();
    const memo = reviewMemo();
    const s = settingsOf(c.admit);
    const o = memo.answer('mutate', { kind: 'nope' }, s, () =>
      answerReview('mutate', { kind: 'nope' }, s),
    );
    assert.equal(o.httpStatus, 400);
    assert.equal(memo.size, 0);
  });
});
