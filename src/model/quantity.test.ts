import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addQuantities,
  canonicalQuantity,
  compareQuantities,
  formatQuantity,
  maxQuantity,
  parseQuantity,
} from './quantity.js';

const q = (s: string | number) => {
  const v = parseQuantity(s);
  assert.ok(v, `expected ${String(s)} to parse`);
  return v;
};

describe('quantities', () => {
  it('when a quantity is written in any accepted form then it prints in canonical form', () => {
    const cases: [string | number, string][] = [
      ['100m', '100m'],
      ['0.1', '100m'],
      ['1000m', '1'],
      ['1500m', '1500m'],
      ['2', '2'],
      [2, '2'],
      [0.5, '500m'],
      ['1e3', '1e3'],
      ['1000', '1k'],
      ['1100000', '1100k'],
      ['64Mi', '64Mi'],
      ['1024Mi', '1Gi'],
      ['1536', '1536'],
      ['1.5Gi', '1536Mi'],
      ['512', '512'],
      ['1Ki', '1Ki'],
      ['0.5Ki', '512'],
      ['1M', '1M'],
      ['0', '0'],
      ['-1', '-1'],
      ['.5', '500m'],
      ['5.', '5'],
      ['10u', '10u'],
      ['1n', '1n'],
    ];
    for (const [input, want] of cases) assert.equal(canonicalQuantity(input), want, String(input));
  });

  it('when a string breaks the quantity grammar then it does not parse', () => {
    for (const bad of ['', 'abc', '1.2.3', '10Mb', '1ki', '--1', 'm', '1 m', '1e', 'Mi', '1KiB']) {
      assert.equal(parseQuantity(bad), null, bad);
    }
  });

  it('when a value is finer than a nano unit then it is rounded up', () => {
    assert.equal(canonicalQuantity('0.1n'), '1n');
  });

  it('when a value is beyond 2^63-1 then it does not parse', () => {
    assert.equal(parseQuantity('9223372036854775808'), null);
    assert.notEqual(parseQuantity('9223372036854775807'), null);
  });

  it('when binary and decimal quantities are compared then their values decide', () => {
    assert.equal(compareQuantities(q('1Gi'), q('1G')), 1);
    assert.equal(compareQuantities(q('1000m'), q('1')), 0);
    assert.equal(compareQuantities(q('64Mi'), q('128Mi')), -1);
  });

  it('when quantities are added then the left format is kept, as Quantity.Add does', () => {
    assert.equal(formatQuantity(addQuantities(q('64Mi'), q('64Mi'))), '128Mi');
    assert.equal(formatQuantity(addQuantities(q('500m'), q('700m'))), '1200m');
    assert.equal(formatQuantity(addQuantities(q('1'), q('1Gi'))), '1073741825');
    assert.equal(formatQuantity(maxQuantity(q('200m'), q('1'))), '1');
  });
});
