import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSidecarError } from '../errors.js';
import { durationOption, inputPaths, secondsOption } from './common.js';

function usage(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isSidecarError(e));
    assert.equal(e.code, 'SIDECAR_E_USAGE');
    assert.equal(e.message, message);
    return true;
  });
}

describe('shared flag parsing', () => {
  it('when a duration flag is given then it reads as seconds, and a bad one names the flag and examples', () => {
    assert.equal(durationOption('--until', '1500ms', '90s', { zero: false }), 1.5);
    assert.equal(durationOption('--delete-after', '0', '30s', { zero: true }), 0);
    usage(
      () => durationOption('--until', '0s', '90s, 5m or 1500ms', { zero: false }),
      'invalid --until "0s": expected a duration such as 90s, 5m or 1500ms',
    );
    usage(
      () => durationOption('--delete-after', 'soon', '30s, 2m or 1500ms', { zero: true }),
      'invalid --delete-after "soon": expected a duration such as 30s, 2m or 1500ms',
    );
  });

  it('when a seconds flag is not a whole number >= 0 then it is a usage error', () => {
    assert.equal(secondsOption('--grace-period', '0'), 0);
    usage(
      () => secondsOption('--grace-period', '1.5'),
      'invalid --grace-period "1.5": expected whole seconds >= 0',
    );
  });

  it('when a command is given no paths then it reads stdin', () => {
    assert.deepEqual(inputPaths([]), ['-']);
    assert.deepEqual(inputPaths(['a.yaml']), ['a.yaml']);
  });
});

describe('input paths', () => {
  it('when no path is given and stdin is a terminal then it is a usage error rather than a wait', () => {
    usage(
      () => inputPaths([], [], true),
      'must specify a path or -f FILE (or - to read stdin): stdin is a terminal',
    );
    assert.deepEqual(inputPaths([], [], false), ['-']);
    assert.deepEqual(inputPaths(['a.yaml'], [], true), ['a.yaml']);
    assert.deepEqual(inputPaths(['a.yaml'], ['b.yaml', 'c/'], true), ['a.yaml', 'b.yaml', 'c/']);
  });
});
