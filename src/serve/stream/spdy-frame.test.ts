import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  FLAG_FIN,
  FRAME,
  FrameParser,
  encodeControl,
  encodeData,
  encodeGoAway,
  encodePing,
  encodeRstStream,
  encodeSynReply,
  parseSynStream,
} from './spdy-frame.js';

const hex = (b: Buffer): string => b.toString('hex');

describe('SPDY/3.1 frame encoding', () => {
  it('writes control frames as 1|version 3|type, flags, 24-bit length, body', () => {
    assert.equal(hex(encodeControl(FRAME.SETTINGS, 0, Buffer.alloc(0))), '8003000400000000');
    assert.equal(
      hex(encodeSynReply(1, Buffer.from([0xaa]))),
      '80030002' + '00000005' + '00000001' + 'aa',
    );
    assert.equal(
      hex(encodeSynReply(3, Buffer.alloc(0), FLAG_FIN)),
      '80030002' + '01000004' + '00000003',
    );
    assert.equal(hex(encodeRstStream(5, 5)), '80030003' + '00000008' + '00000005' + '00000005');
    assert.equal(hex(encodePing(7)), '80030006' + '00000004' + '00000007');
    assert.equal(hex(encodeGoAway(9)), '80030007' + '00000008' + '00000009' + '00000000');
  });

  it('writes data frames as 0|stream id, flags, length, bytes', () => {
    assert.equal(hex(encodeData(1, 0, Buffer.from('ab'))), '00000001' + '00000002' + '6162');
    assert.equal(hex(encodeData(3, FLAG_FIN, Buffer.alloc(0))), '00000003' + '01000000');
  });
});

describe('FrameParser', () => {
  it('reassembles frames cut anywhere, including empty pushes', () => {
    const wire = Buffer.concat([
      encodePing(0x01020304),
      encodeData(1, FLAG_FIN, Buffer.from('xyz')),
    ]);
    const parser = new FrameParser();
    const frames = [];
    frames.push(...parser.push(Buffer.alloc(0)));
    for (const byte of wire)
      frames.push(...parser.push(Buffer.from([byte])), ...parser.push(Buffer.alloc(0)));
    assert.deepEqual(frames, [
      { kind: 'control', type: FRAME.PING, flags: 0, body: Buffer.from([1, 2, 3, 4]) },
      { kind: 'data', streamId: 1, flags: FLAG_FIN, data: Buffer.from('xyz') },
    ]);
  });

  it('returns several frames from one chunk, in order, and keeps a partial tail', () => {
    const parser = new FrameParser();
    const chunk = Buffer.concat([encodePing(1), encodePing(2), encodePing(3).subarray(0, 9)]);
    assert.deepEqual(
      parser.push(chunk).map((f) => (f.kind === 'control' ? f.body.readUInt32BE(0) : -1)),
      [1, 2],
    );
    assert.deepEqual(parser.push(encodePing(3).subarray(9)).length, 1);
  });

  it('reads a SYN_STREAM body: stream id, associated id, priority, slot, header block', () => {
    const body = Buffer.from('00000003' + '00000000' + '0000' + 'beef', 'hex');
    assert.deepEqual(parseSynStream(body), {
      streamId: 3,
      associatedId: 0,
      headerBlock: Buffer.from('beef', 'hex'),
    });
    assert.equal(parseSynStream(Buffer.alloc(9)), undefined);
  });
});
