import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { keyOf, sameButUid, splitAtUid, uidIsRequestUid } from './raw-review.js';

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');

/** A review's text with `UID` standing for the uid's JSON string content. */
const REVIEW =
  '{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"UID",' +
  '"kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE","namespace":"team",' +
  '"object":{"kind":"Pod","metadata":{"generateName":"web-","ownerReferences":[{"uid":"rs-1"}]}}}}';
const withUid = (content: string, text = REVIEW): Buffer => bytes(text.replace('UID', content));

/** The split of a review, proven against its own parse. */
function proven(b: Buffer): boolean {
  const split = splitAtUid(b);
  const review = JSON.parse(b.toString('utf8')) as { request: { uid: unknown } };
  return split !== null && uidIsRequestUid(split, review.request.uid);
}

describe('raw review: the bytes around the request uid', () => {
  it('when two reviews differ only in the uid then their keys are equal and each uid reads as JSON reads it', () => {
    const a = splitAtUid(withUid('705ab4f5-6393-11e8-b7cc-42010a800002'));
    const b = splitAtUid(withUid('x\\"y\\\\z\\u00e9\\/\\u2028'));
    assert.ok(a !== null && b !== null);
    assert.equal(keyOf(a), keyOf(b));
    assert.equal(sameButUid(a, b), true);
    assert.equal(a.uid, '705ab4f5-6393-11e8-b7cc-42010a800002');
    assert.equal(b.uid, 'x"y\\z\u00e9/\u2028');
  });

  it('when anything but the uid differs (a byte of the object, a space, the length) then the keys differ', () => {
    const a = splitAtUid(withUid('u-1'))!;
    for (const other of [
      REVIEW.replace('web-', 'web2-'),
      REVIEW.replace('"uid":"UID"', '"uid": "UID"'),
      REVIEW.replace('"team"', '"tea"'),
      REVIEW.replace('"team"', '"maet"'),
      REVIEW + ' ',
    ]) {
      const b = splitAtUid(withUid('u-1', other))!;
      assert.notEqual(keyOf(b), keyOf(a), other);
      assert.equal(sameButUid(a, b), false, other);
    }
  });

  it('when the uid is not a string the cheap reading is sure of then there is no split', () => {
    for (const content of ['a\tb', 'caf\u00e9', 'a\\x', 'a\\u00zz']) {
      assert.equal(splitAtUid(withUid(content)), null, JSON.stringify(content));
    }
    assert.equal(splitAtUid(bytes('{"request":{"uid":7}}')), null);
    assert.equal(splitAtUid(bytes('{"request":{"name":"x"}}')), null);
    assert.equal(splitAtUid(bytes('{"request":{"uid":"unterminated')), null);
    assert.equal(splitAtUid(bytes('{"request":{"uid":"ends in a backslash\\')), null);
  });

  it('when the first uid is the request uid then it is proven, whatever the spacing', () => {
    assert.equal(proven(withUid('u-1')), true);
    assert.equal(proven(bytes(JSON.stringify(JSON.parse(REVIEW), null, 2))), true);
    assert.equal(proven(bytes('{ "request" : { "uid" :\n "u-1" } }')), true);
  });

  it('when the first uid is not the request uid (an owner reference first, a repeated key) then it is not proven', () => {
    const ownerFirst =
      '{"request":{"object":{"metadata":{"ownerReferences":[{"uid":"rs-1"}]}},"uid":"u-1"}}';
    assert.equal(proven(bytes(ownerFirst)), false);
    // JSON keeps the last of repeated keys: the first "uid" is not the one answered.
    assert.equal(proven(bytes('{"request":{"uid":"a","uid":"b"}}')), false);
    assert.equal(proven(bytes('{"uid":"top","request":{"uid":"u-1"}}')), false);
    assert.equal(proven(bytes('{"uid":"u-1","request":{"uid":"u-1"}}')), false);
  });
});
