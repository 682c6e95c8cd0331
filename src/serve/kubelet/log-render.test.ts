import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rfc3339Nano } from '../../runtime/logs.js';
import { renderCriLine, splitLines } from './log-render.js';

describe('log lines as the kubelet serves them', () => {
  it('prints times as Go RFC3339Nano: trailing zeros of the fraction dropped', () => {
    assert.equal(rfc3339Nano('2026-01-02T03:04:05.123Z'), '2026-01-02T03:04:05.123Z');
    assert.equal(rfc3339Nano('2026-01-02T03:04:05.120Z'), '2026-01-02T03:04:05.12Z');
    assert.equal(rfc3339Nano('2026-01-02T03:04:05.000Z'), '2026-01-02T03:04:05Z');
    // conmon's k8s-file times (podman): nanoseconds and a numeric zero offset
    assert.equal(
      rfc3339Nano('2026-12-02T06:13:03.358828500+00:00'),
      '2026-12-02T06:13:03.3588285Z',
    );
    assert.equal(rfc3339Nano('2026-12-02T06:13:03+00:00'), '2026-12-02T06:13:03Z');
    assert.equal(rfc3339Nano('2026-12-02T07:13:03.5+01:00'), '2026-12-02T07:13:03.5+01:00');
  });

  it('renders full and partial CRI lines, with and without timestamps, and skips lines before since', () => {
    const raw = '2026-01-02T03:04:05.100Z stdout F hello';
    assert.equal(renderCriLine(raw, { timestamps: false }), 'hello\n');
    assert.equal(renderCriLine(raw, { timestamps: true }), '2026-01-02T03:04:05.1Z hello\n');
    assert.equal(
      renderCriLine('2026-01-02T03:04:05.100Z stderr P part', { timestamps: false }),
      'part',
    );
    assert.equal(
      renderCriLine(raw, { timestamps: false, sinceMs: Date.parse('2026-01-02T03:04:06Z') }),
      '',
    );
    assert.equal(renderCriLine('garbage', { timestamps: false }), '');
  });

  it('keeps an unfinished last line for the next read', () => {
    assert.deepEqual(splitLines('a\nb\nc'), { lines: ['a', 'b'], rest: 'c' });
  });
});
