import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SpdyConnection } from './spdy-connection.js';
import { encodeControl, encodeData } from './spdy-frame.js';
import { parseStreamRequest } from './request.js';

/** Feeds bytes and waits until every queued frame is handled (the connection settles). */
async function settle(chunks: readonly Buffer[]): Promise<void> {
  const conn = new SpdyConnection({
    write: () => undefined,
    backlog: () => 0,
    close: () => undefined,
  });
  for (const c of chunks) conn.feed(c);
  await new Promise((r) => setImmediate(r));
  conn.close();
}

describe('hostile input', () => {
  it('a SPDY connection survives any bytes and any frames (no throw, no unhandled rejection)', async () => {
    const frame = fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
      fc
        .tuple(
          fc.integer({ min: 0, max: 12 }),
          fc.integer({ min: 0, max: 255 }),
          fc.uint8Array({ maxLength: 40 }),
        )
        .map(([type, flags, body]) => encodeControl(type, flags, Buffer.from(body))),
      fc
        .tuple(fc.integer({ min: 0, max: 9 }), fc.uint8Array({ maxLength: 20 }))
        .map(([id, data]) => encodeData(id, 1, Buffer.from(data))),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { maxLength: 12 }), async (chunks) => {
        await settle(chunks);
      }),
      { numRuns: 300 },
    );
  });

  it('parseStreamRequest never throws', () => {
    fc.assert(
      fc.property(fc.string(), (tail) => {
        const r = parseStreamRequest(`/api/v1/namespaces/${tail}/pods/p/exec?${tail}`);
        assert.ok(r === undefined || r.kind === 'exec');
      }),
    );
  });
});
