import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { constants, deflateSync } from 'node:zlib';
import { SpdyConnection, type SpdyStream } from './spdy-connection.js';
import { SPDY3_DICTIONARY } from './spdy-dictionary.js';
import {
  FLAG_FIN,
  FRAME,
  FrameParser,
  encodeControl,
  encodeData,
  encodePing,
  type Frame,
} from './spdy-frame.js';
import { serializeHeaders } from './spdy-headers.js';

function synStream(id: number, headers: Record<string, string>, flags = 0): Buffer {
  const block = deflateSync(serializeHeaders(headers), {
    dictionary: SPDY3_DICTIONARY,
    finishFlush: constants.Z_SYNC_FLUSH,
    flush: constants.Z_SYNC_FLUSH,
  });
  const head = Buffer.alloc(10);
  head.writeUInt32BE(id, 0);
  return encodeControl(FRAME.SYN_STREAM, flags, Buffer.concat([head, block]));
}

function harness(): { conn: SpdyConnection; written: () => Frame[]; closed: () => boolean } {
  const out: Buffer[] = [];
  let closed = false;
  const conn = new SpdyConnection({
    write: (b) => out.push(b),
    backlog: () => 0,
    close: () => (closed = true),
  });
  return { conn, written: () => new FrameParser().push(Buffer.concat(out)), closed: () => closed };
}

function next<T>(emitter: SpdyConnection | SpdyStream, event: string): Promise<T> {
  return new Promise((resolve) => emitter.once(event, resolve));
}

describe('SpdyConnection', () => {
  it('answers SYN_STREAM with SYN_REPLY and hands over the decoded headers', async () => {
    const h = harness();
    const got = next<SpdyStream>(h.conn, 'stream');
    h.conn.feed(synStream(1, { streamtype: 'error' }));
    const s = await got;
    assert.deepEqual([s.id, s.headers], [1, { streamtype: 'error' }]);
    const reply = h.written()[0]!;
    assert.equal(reply.kind === 'control' && reply.type, FRAME.SYN_REPLY);
    assert.equal(reply.kind === 'control' && reply.body.readUInt32BE(0), 1);
  });

  it('delivers data in order, then the FIN as end; echoes PINGs; writes FIN once', async () => {
    const h = harness();
    const got = next<SpdyStream>(h.conn, 'stream');
    h.conn.feed(
      Buffer.concat([
        synStream(1, { streamtype: 'stdin' }),
        encodeData(1, 0, Buffer.from('ab')),
        encodeData(1, FLAG_FIN, Buffer.from('c')),
        encodePing(9),
      ]),
    );
    const s = await got;
    let data = '';
    s.on('data', (c: Buffer) => (data += c.toString()));
    await next(s, 'end');
    assert.equal(data, 'abc');
    // The PING is the next queued frame: one turn of the event loop handles it.
    await new Promise((r) => setImmediate(r));
    s.end();
    s.end();
    const frames = h.written();
    assert.deepEqual(frames.slice(1), [
      { kind: 'control', type: FRAME.PING, flags: 0, body: Buffer.from('00000009', 'hex') },
      { kind: 'data', streamId: 1, flags: FLAG_FIN, data: Buffer.alloc(0) },
    ]);
  });

  it('closes on GOAWAY and on a header block it cannot read, resetting open streams', async () => {
    const h = harness();
    const got = next<SpdyStream>(h.conn, 'stream');
    h.conn.feed(synStream(1, { streamtype: 'error' }));
    const s = await got;
    const reset = next(s, 'reset');
    h.conn.feed(encodeControl(FRAME.GOAWAY, 0, Buffer.alloc(8)));
    await reset;
    assert.equal(h.closed(), true);
    const bad = harness();
    const closed = next(bad.conn, 'close');
    bad.conn.feed(
      encodeControl(FRAME.SYN_STREAM, 0, Buffer.concat([Buffer.alloc(10), Buffer.from('garbage')])),
    );
    await closed;
    assert.equal(bad.closed(), true);
  });
});
