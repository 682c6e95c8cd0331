import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateName, rfc3339 } from './names.js';

test('generateName appends 5 characters of the apiserver alphabet', () => {
  assert.equal(
    generateName('web-', () => 0),
    'web-bbbbb',
  );
  assert.equal(
    generateName('web-', () => 0.9999),
    'web-99999',
  );
  assert.match(generateName('p-', Math.random), /^p-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});

test('generateName cuts a long base to 58 characters so the name has 63', () => {
  const name = generateName('a'.repeat(70), () => 0);
  assert.equal(name.length, 63);
  assert.equal(name, 'a'.repeat(58) + 'bbbbb');
});

test('rfc3339 drops the milliseconds', () => {
  assert.equal(rfc3339(new Date('2026-12-02T01:02:03.456Z')), '2026-12-02T01:02:03Z');
});
