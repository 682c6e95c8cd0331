import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createDeflate, deflateSync, inflateSync } from 'node:zlib';
import { SPDY3_DICTIONARY } from './spdy-dictionary.js';
import { HeaderDecoder, HeaderEncoder, parseHeaders, serializeHeaders } from './spdy-headers.js';

/** Compresses blocks as Go's spdy framer does: one zlib stream with the dictionary, sync-flushed. */
async function goStyleBlocks(blocks: readonly Buffer[]): Promise<Buffer[]> {
  const z = createDeflate({ dictionary: SPDY3_DICTIONARY });
  const out: Buffer[] = [];
  for (const raw of blocks) {
    const chunks: Buffer[] = [];
    const onData = (c: Buffer): number => chunks.push(c);
    z.on('data', onData);
    z.write(raw);
    await new Promise<void>((r) => z.flush(constants.Z_SYNC_FLUSH, () => r()));
    z.off('data', onData);
    out.push(Buffer.concat(chunks));
  }
  z.close();
  return out;
}

describe('SPDY/3 header blocks', () => {
  it('serialises count and length-prefixed pairs, lowercasing names', () => {
    const raw = serializeHeaders({ StreamType: 'error' });
    assert.equal(
      raw.toString('hex'),
      '00000001' +
        '0000000a' +
        Buffer.from('streamtype').toString('hex') +
        '00000005' +
        Buffer.from('error').toString('hex'),
    );
    assert.deepEqual(parseHeaders(raw), { streamtype: 'error' });
    assert.throws(() => parseHeaders(raw.subarray(0, raw.length - 1)), /truncated/);
  });

  it('has the 1423-byte SPDY/3 dictionary (zlib agrees on its adler32 with our header)', () => {
    assert.equal(SPDY3_DICTIONARY.length, 1423);
    const zlibHeader = deflateSync(Buffer.from('x'), { dictionary: SPDY3_DICTIONARY }).subarray(
      2,
      6,
    );
    const ours = new HeaderEncoder().encode({}).subarray(2, 6);
    assert.deepEqual(ours, zlibHeader);
  });

  it('writes stored blocks each ending with the sync-flush marker 00 00 00 ff ff (gotcha 5)', () => {
    const enc = new HeaderEncoder();
    const first = enc.encode({});
    const second = enc.encode({ a: 'b' });
    assert.equal(first.subarray(0, 2).toString('hex'), '7820');
    // stored block: BFINAL=0 BTYPE=00, LEN=4 (le16), NLEN, the 4 raw bytes of an empty block.
    assert.equal(
      first.subarray(6).toString('hex'),
      '00' + '0400' + 'fbff' + '00000000' + '000000ffff',
    );
    assert.equal(second.subarray(0, 5).toString('hex'), '00' + '0e00' + 'f1ff');
    assert.equal(second.subarray(-5).toString('hex'), '000000ffff');
    const all = inflateSync(Buffer.concat([first, second]), {
      dictionary: SPDY3_DICTIONARY,
      finishFlush: constants.Z_SYNC_FLUSH,
    });
    assert.deepEqual(all, Buffer.concat([serializeHeaders({}), serializeHeaders({ a: 'b' })]));
  });

  it('decodes successive blocks of one compressed stream, as kubectl sends them', async () => {
    const raws = [
      serializeHeaders({ streamtype: 'error', port: '8080' }),
      serializeHeaders({ streamtype: 'data', port: '8080' }),
    ];
    const dec = new HeaderDecoder();
    const blocks = await goStyleBlocks(raws);
    assert.deepEqual(await dec.decode(blocks[0]!), { streamtype: 'error', port: '8080' });
    assert.deepEqual(await dec.decode(blocks[1]!), { streamtype: 'data', port: '8080' });
    dec.close();
  });

  it('rejects garbage instead of crashing', async () => {
    const dec = new HeaderDecoder();
    await assert.rejects(dec.decode(Buffer.from('not zlib at all')));
    dec.close();
  });
});
