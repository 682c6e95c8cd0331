import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveVersion } from '../model/versions.js';
import { rawBody, reviewMemo } from './memo.js';
import { splitAtUid } from './raw-review.js';
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

describe('review memo by bytes', () => {
  /** A review's bytes, its uid given as the JSON string content written in the bytes. */
  const text = (uidContent: string, over: Record<string, unknown> = {}, space = 0): Buffer =>
    Buffer.from(
      JSON.stringify(
        {
          kind: 'AdmissionReview',
          apiVersion: 'admission.k8s.io/v1',
          request: {
            uid: '\u0000UID',
            kind: { group: '', version: 'v1', kind: 'Pod' },
            operation: 'CREATE',
            namespace: 'team',
            object: { kind: 'Pod', metadata: { generateName: 'web-', labels: { app: 'web' } } },
            ...over,
          },
        },
        null,
        space,
      ).replace('"\\u0000UID"', `"${uidContent}"`),
    );

  /** What the server sends for these bytes: from the memo when it recalls them, else fresh. */
  function serve(
    memo: ReturnType<typeof reviewMemo>,
    b: Buffer,
    s: ReviewSettings,
    endpoint: 'mutate' | 'validate' = 'mutate',
  ): { json: string; hit: boolean } {
    const split = splitAtUid(b);
    const known = split !== null ? memo.recall(endpoint, split, s) : undefined;
    if (known !== undefined) return { json: rawBody(known, split!.uid), hit: true };
    const review: unknown = JSON.parse(b.toString('utf8'));
    const o = memo.answer(endpoint, review, s, () => answerReview(endpoint, review, s), split);
    return { json: JSON.stringify(o.body), hit: false };
  }

  /** The answer computed afresh, without any memo. */
  const fresh = (b: Buffer, s: ReviewSettings, endpoint: 'mutate' | 'validate' = 'mutate') =>
    JSON.stringify(answerReview(endpoint, JSON.parse(b.toString('utf8')), s).body);

  it('when the same review comes with another uid (one JSON escapes) then the memo answers it byte for byte as a fresh review', () => {
    const c = counting();
    const s = settingsOf(c.admit);
    const memo = reviewMemo();
    assert.equal(serve(memo, text('u-1'), s).hit, false);
    assert.equal(memo.size, 1, 'a question asked once is not remembered by bytes');
    assert.equal(serve(memo, text('u-1b'), s).hit, false, 'asked again: remembered by bytes');
    assert.equal(memo.size, 2);
    for (const uid of [
      '705ab4f5-6393-11e8-b7cc-42010a800002',
      'a\\"b',
      'c\\\\d',
      '\\u00e9\\u2028\\/',
      '\\ud800',
    ]) {
      const b = text(uid);
      const got = serve(memo, b, s);
      assert.equal(got.hit, true, uid);
      assert.equal(got.json, fresh(b, s), uid);
    }
    assert.equal(c.calls(), 1 + 5, 'fresh computes once each');
  });

  it('when a review is written with other spacing or key order then its answer is still right', () => {
    const c = counting();
    const s = settingsOf(c.admit);
    const memo = reviewMemo();
    serve(memo, text('u-1'), s);
    const spaced = text('u-2', {}, 2);
    assert.equal(serve(memo, spaced, s).json, fresh(spaced, s));
    const reordered = Buffer.from(
      `{"request":{"uid":"u-3","namespace":"team","operation":"CREATE",` +
        `"kind":{"group":"","version":"v1","kind":"Pod"},` +
        `"object":{"kind":"Pod","metadata":{"generateName":"web-","labels":{"app":"web"}}}},` +
        `"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}`,
    );
    assert.equal(serve(memo, reordered, s).json, fresh(reordered, s));
    const again = Buffer.from(reordered.toString().replace('u-3', 'u-4'));
    assert.deepEqual(serve(memo, again, s), { json: fresh(again, s), hit: true });
  });

  it('when a review differs in its object, dryRun, namespace, operation, kind or endpoint then the bytes are not recalled', () => {
    const c = counting();
    const s = settingsOf(c.admit);
    const memo = reviewMemo();
    serve(memo, text('u-1'), s);
    const others: [string, Buffer, ('mutate' | 'validate')?][] = [
      ['object', text('u-2', { object: { kind: 'Pod', metadata: { generateName: 'db-' } } })],
      ['dryRun', text('u-2', { dryRun: true })],
      ['namespace', text('u-2', { namespace: 'other' })],
      ['operation', text('u-2', { operation: 'UPDATE' })],
      ['kind', text('u-2', { kind: { group: 'apps', version: 'v1', kind: 'Deployment' } })],
      ['endpoint', text('u-2'), 'validate'],
    ];
    for (const [what, b, endpoint] of others) {
      const split = splitAtUid(b);
      assert.ok(split !== null);
      assert.equal(memo.recall(endpoint ?? 'mutate', split, s), undefined, what);
      assert.equal(serve(memo, b, s, endpoint).json, fresh(b, s, endpoint), what);
    }
  });

  it('when the settings change then nothing remembered by bytes is recalled', () => {
    const c = counting();
    const memo = reviewMemo();
    serve(memo, text('u-1'), settingsOf(c.admit, V133));
    const s132 = settingsOf(c.admit, resolveVersion('1.32', {}));
    assert.equal(serve(memo, text('u-2'), s132).hit, false);
  });

  it('when the first uid of the bytes is not the request uid then nothing is remembered by bytes', () => {
    const c = counting();
    const s = settingsOf(c.admit);
    const memo = reviewMemo();
    const ownerFirst = (uid: string): Buffer =>
      Buffer.from(
        `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{` +
          `"object":{"kind":"Pod","metadata":{"ownerReferences":[{"uid":"rs-1"}]}},` +
          `"kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE","uid":"${uid}"}}`,
      );
    serve(memo, ownerFirst('u-1'), s);
    const second = serve(memo, ownerFirst('u-2'), s);
    assert.equal(second.hit, false);
    assert.equal(second.json, fresh(ownerFirst('u-2'), s));
  });
});
