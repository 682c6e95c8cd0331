/** Server-sent events: exact frames, the heartbeat comment, and a clean end. */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { openEventStream, SSE_HEARTBEAT, sseFrame } from './sse.js';

/** Just enough of a ServerResponse to see what is written. */
class FakeResponse extends EventEmitter {
  written = '';
  head: [number, Record<string, string>] | null = null;
  writableEnded = false;
  destroyed = false;
  writeHead(code: number, headers: Record<string, string>): this {
    this.head = [code, headers];
    return this;
  }
  write(s: string): boolean {
    this.written += s;
    return true;
  }
  end(): this {
    this.writableEnded = true;
    this.emit('close');
    return this;
  }
}

describe('server-sent events', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setInterval'] }));
  afterEach(() => mock.timers.reset());

  it('frames a message as event, one data line of JSON, and a blank line', () => {
    assert.equal(
      sseFrame({ event: 'gone', data: { key: 'default/a\nb' } }),
      'event: gone\ndata: {"key":"default/a\\nb"}\n\n',
    );
  });

  it('sends the headers and a retry hint, then heartbeats, then ends once', async () => {
    const res = new FakeResponse();
    const s = openEventStream(res as unknown as ServerResponse, 1000);
    assert.deepEqual(res.head, [
      200,
      {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      },
    ]);
    s.send({ event: 'reset', data: [] });
    mock.timers.tick(1000);
    assert.equal(res.written, `retry: 2000\n\nevent: reset\ndata: []\n\n${SSE_HEARTBEAT}`);
    s.close();
    s.close();
    await s.closed;
    mock.timers.tick(5000);
    s.send({ event: 'reset', data: [] });
    assert.equal(res.written, `retry: 2000\n\nevent: reset\ndata: []\n\n${SSE_HEARTBEAT}`);
  });

  it('stops when the client goes away', async () => {
    const res = new FakeResponse();
    const s = openEventStream(res as unknown as ServerResponse, 1000);
    res.destroyed = true;
    res.emit('close');
    await s.closed;
    mock.timers.tick(3000);
    assert.equal(res.written, 'retry: 2000\n\n');
  });
});
