/**
 * SPDY/3 header blocks (§2.6.10): a count and length-prefixed name/value pairs, compressed by one
 * zlib stream per direction per connection, primed with the SPDY/3 dictionary.
 */
import { createInflate, constants, type Inflate } from 'node:zlib';
import { SPDY3_DICTIONARY } from './spdy-dictionary.js';

/** Header names (lowercase) and their values; a value may hold several, NUL-separated. */
export type SpdyHeaders = Readonly<Record<string, string>>;

/** The uncompressed block: u32 count, then u32 len + name, u32 len + value per pair. */
export function serializeHeaders(headers: SpdyHeaders): Buffer {
  const parts: Buffer[] = [u32(Object.keys(headers).length)];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(value, 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

/** Reads an uncompressed block; throws on a truncated block. */
export function parseHeaders(raw: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  const take = (): string => {
    if (at + 4 > raw.length) throw new Error('truncated SPDY header block');
    const len = raw.readUInt32BE(at);
    if (at + 4 + len > raw.length) throw new Error('truncated SPDY header block');
    const s = raw.toString('utf8', at + 4, at + 4 + len);
    at += 4 + len;
    return s;
  };
  const count = raw.length >= 4 ? raw.readUInt32BE(0) : 0;
  at = 4;
  for (let i = 0; i < count; i++) {
    const name = take();
    out[name.toLowerCase()] = take();
  }
  return out;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** zlib header `78 20` (FDICT set, 32 KiB window) and the dictionary's adler32. */
const ZLIB_HEADER = Buffer.concat([Buffer.from([0x78, 0x20]), u32(adler32(SPDY3_DICTIONARY))]);
/** The empty stored block that ends a sync flush. */
const SYNC_MARKER = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);

/**
 * The outgoing direction: no compression at all, each block a run of stored deflate blocks
 * followed by the sync-flush marker `00 00 00 ff ff` (kubectl-compat §11 gotcha 5: Go's flate
 * reader releases a stored block only once it sees the next block header).
 */
export class HeaderEncoder {
  private started = false;

  /** The compressed bytes of one header block. */
  encode(headers: SpdyHeaders): Buffer {
    const raw = serializeHeaders(headers);
    const parts: Buffer[] = [];
    if (!this.started) parts.push(ZLIB_HEADER);
    this.started = true;
    for (let at = 0; at < raw.length; at += 0xffff) {
      const chunk = raw.subarray(at, at + 0xffff);
      const head = Buffer.alloc(5);
      head[0] = 0x00;
      head.writeUInt16LE(chunk.length, 1);
      head.writeUInt16LE(~chunk.length & 0xffff, 3);
      parts.push(head, chunk);
    }
    parts.push(SYNC_MARKER);
    return Buffer.concat(parts);
  }
}

/**
 * The incoming direction: one streaming inflater per connection. Blocks must be decoded in the
 * order they arrived (the caller serialises).
 */
export class HeaderDecoder {
  private readonly inflate: Inflate = createInflate({ dictionary: SPDY3_DICTIONARY });
  private pending: Buffer[] = [];
  private failure: Error | undefined;
  /** The reject of the decode in flight: a zlib error never calls the flush callback. */
  private rejectCurrent: ((err: Error) => void) | undefined;

  constructor() {
    this.inflate.on('data', (chunk: Buffer) => this.pending.push(chunk));
    this.inflate.on('error', (err: Error) => {
      this.failure = err;
      this.rejectCurrent?.(err);
    });
  }

  /** Decompresses and parses one block; rejects on a broken stream (and for good after that). */
  decode(block: Buffer): Promise<Record<string, string>> {
    return new Promise((resolve, reject) => {
      if (this.failure !== undefined) return reject(this.failure);
      this.rejectCurrent = reject;
      this.inflate.write(block);
      this.inflate.flush(constants.Z_SYNC_FLUSH, () => {
        this.rejectCurrent = undefined;
        if (this.failure !== undefined) return reject(this.failure);
        const raw = Buffer.concat(this.pending);
        this.pending = [];
        try {
          resolve(parseHeaders(raw));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    });
  }

  /** Frees the zlib handle. */
  close(): void {
    this.inflate.close();
  }
}
