/**
 * SPDY/3.1 framing (draft-mbelshe-httpbis-spdy-00 §2.2), only what kubectl's spdystream client
 * speaks: control frames (SYN_STREAM, SYN_REPLY, RST_STREAM, SETTINGS, PING, GOAWAY, HEADERS,
 * WINDOW_UPDATE are parsed; the first five are written) and data frames. Header blocks stay
 * compressed here; spdy-headers.ts turns them into names and values.
 */

/** Control frame types (SPDY/3 §2.6). */
export const FRAME = {
  SYN_STREAM: 1,
  SYN_REPLY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PING: 6,
  GOAWAY: 7,
  HEADERS: 8,
  WINDOW_UPDATE: 9,
} as const;

/** FLAG_FIN on data, SYN_STREAM and SYN_REPLY frames. */
export const FLAG_FIN = 0x01;

/** RST_STREAM status codes used here (SPDY/3 §2.6.3). */
export const RST = { PROTOCOL_ERROR: 1, INVALID_STREAM: 2, CANCEL: 5 } as const;

/** A data frame. */
export interface DataFrame {
  readonly kind: 'data';
  readonly streamId: number;
  readonly flags: number;
  readonly data: Buffer;
}

/** A control frame with its raw body. */
export interface ControlFrame {
  readonly kind: 'control';
  readonly type: number;
  readonly flags: number;
  readonly body: Buffer;
}

export type Frame = DataFrame | ControlFrame;

const HEADER = 8;
/** Larger frames are a protocol error (spdystream's MaxDataLength is 1<<24 - 1 anyway). */
const MAX_LENGTH = 0xffffff;

/**
 * Reassembles frames from a byte stream cut anywhere (kubectl's WebSocket tunnel sends a
 * message per field write, even empty ones).
 */
export class FrameParser {
  private buf: Buffer = Buffer.alloc(0);

  /** Adds bytes and returns every frame they complete, in order. */
  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: Frame[] = [];
    while (this.buf.length >= HEADER) {
      const length = this.buf.readUInt32BE(4) & MAX_LENGTH;
      if (this.buf.length < HEADER + length) break;
      out.push(decodeFrame(this.buf.subarray(0, HEADER + length)));
      this.buf = this.buf.subarray(HEADER + length);
    }
    return out;
  }
}

function decodeFrame(bytes: Buffer): Frame {
  const first = bytes.readUInt32BE(0);
  const flags = bytes[4]!;
  const body = Buffer.from(bytes.subarray(HEADER));
  if ((first & 0x80000000) === 0) return { kind: 'data', streamId: first, flags, data: body };
  return { kind: 'control', type: first & 0xffff, flags, body };
}

/** A control frame: `1 | version 3 | type`, flags, 24-bit length, body. */
export function encodeControl(type: number, flags: number, body: Buffer): Buffer {
  const head = Buffer.alloc(HEADER);
  head.writeUInt32BE((0x80000000 | (3 << 16) | type) >>> 0, 0);
  head.writeUInt32BE(((flags << 24) | body.length) >>> 0, 4);
  return Buffer.concat([head, body]);
}

/** A data frame: `0 | stream id`, flags, 24-bit length, bytes. */
export function encodeData(streamId: number, flags: number, data: Buffer): Buffer {
  const head = Buffer.alloc(HEADER);
  head.writeUInt32BE(streamId & 0x7fffffff, 0);
  head.writeUInt32BE(((flags << 24) | data.length) >>> 0, 4);
  return Buffer.concat([head, data]);
}

function u32s(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
}

/** SYN_REPLY: stream id and an already compressed header block. */
export function encodeSynReply(streamId: number, headerBlock: Buffer, flags = 0): Buffer {
  return encodeControl(FRAME.SYN_REPLY, flags, Buffer.concat([u32s(streamId), headerBlock]));
}

/** RST_STREAM with a status code. */
export function encodeRstStream(streamId: number, status: number): Buffer {
  return encodeControl(FRAME.RST_STREAM, 0, u32s(streamId, status));
}

/** PING: the client's id, echoed unchanged. */
export function encodePing(id: number): Buffer {
  return encodeControl(FRAME.PING, 0, u32s(id));
}

/** GOAWAY with the last stream id seen and a status (0 = OK). */
export function encodeGoAway(lastStreamId: number, status = 0): Buffer {
  return encodeControl(FRAME.GOAWAY, 0, u32s(lastStreamId, status));
}

/** The parsed start of a SYN_STREAM body. */
export interface SynStream {
  readonly streamId: number;
  readonly associatedId: number;
  readonly headerBlock: Buffer;
}

/** Reads a SYN_STREAM body (§2.6.1); undefined when it is too short. */
export function parseSynStream(body: Buffer): SynStream | undefined {
  if (body.length < 10) return undefined;
  return {
    streamId: body.readUInt32BE(0) & 0x7fffffff,
    associatedId: body.readUInt32BE(4) & 0x7fffffff,
    headerBlock: body.subarray(10),
  };
}

/** The stream id at the start of a RST_STREAM/SYN_REPLY/HEADERS body, or the id of a PING. */
export function leadingId(body: Buffer): number | undefined {
  return body.length < 4 ? undefined : body.readUInt32BE(0) & 0x7fffffff;
}
