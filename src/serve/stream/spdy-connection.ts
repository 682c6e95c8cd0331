/**
 * One SPDY/3.1 server connection over any byte link (a raw upgraded socket, or the binary
 * messages of kubectl's `SPDY/3.1+portforward.k8s.io` WebSocket): accepts the client's streams,
 * answers PINGs, and hands each stream, with its decoded headers, to the protocol on top.
 * No flow control: kubectl never sends WINDOW_UPDATE and does not need ours (kubectl-compat §11.9).
 */
import { EventEmitter } from 'node:events';
import {
  FLAG_FIN,
  FRAME,
  FrameParser,
  RST,
  encodeData,
  encodeGoAway,
  encodePing,
  encodeRstStream,
  encodeSynReply,
  leadingId,
  parseSynStream,
  type ControlFrame,
  type Frame,
} from './spdy-frame.js';
import { HeaderDecoder, HeaderEncoder } from './spdy-headers.js';

/** Where the connection's bytes go. */
export interface ByteLink {
  /** Writes bytes; `done` runs once they are handed to the OS. */
  write(bytes: Buffer, done?: () => void): void;
  /** Bytes written but not yet handed to the OS (for backpressure). */
  backlog(): number;
  /** Ends the link (after the bytes already written). */
  close(): void;
}

/**
 * A client-opened stream. Events: `data` (Buffer), `end` (the client's FIN), `reset` (RST_STREAM,
 * or the connection went away).
 */
export class SpdyStream extends EventEmitter {
  private finSent = false;
  private readonly conn: SpdyConnection;
  readonly id: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(conn: SpdyConnection, id: number, headers: Readonly<Record<string, string>>) {
    super();
    this.conn = conn;
    this.id = id;
    this.headers = headers;
  }

  /** Sends bytes on the stream (nothing after end()). */
  write(data: Buffer, done?: () => void): void {
    if (!this.finSent && data.length > 0) this.conn.send(encodeData(this.id, 0, data), done);
  }

  /** Half-closes our side (empty DATA with FIN), once. */
  end(): void {
    if (this.finSent) return;
    this.finSent = true;
    this.conn.send(encodeData(this.id, FLAG_FIN, Buffer.alloc(0)));
  }

  /** Resets the stream. */
  reset(status: number = RST.CANCEL): void {
    this.finSent = true;
    this.conn.send(encodeRstStream(this.id, status));
  }
}

/** Events: `stream` (SpdyStream, already answered with SYN_REPLY), `close`. */
export class SpdyConnection extends EventEmitter {
  private readonly parser = new FrameParser();
  private readonly decoder = new HeaderDecoder();
  private readonly encoder = new HeaderEncoder();
  private readonly streams = new Map<number, SpdyStream>();
  /** Frames are handled strictly in order: header decoding is asynchronous. */
  private queue: Promise<void> = Promise.resolve();
  private lastStreamId = 0;
  private closed = false;
  private disposed = false;

  private readonly link: ByteLink;

  constructor(link: ByteLink) {
    super();
    this.link = link;
  }

  /** Feeds bytes from the client. */
  feed(bytes: Buffer): void {
    if (this.closed) return;
    for (const frame of this.parser.push(bytes)) {
      this.queue = this.queue.then(() => this.handle(frame)).catch(() => this.close());
    }
  }

  /** Writes one encoded frame. */
  send(bytes: Buffer, done?: () => void): void {
    if (!this.closed) this.link.write(bytes, done);
  }

  /** Bytes queued for the client. */
  backlog(): number {
    return this.link.backlog();
  }

  /** Sends GOAWAY, resets every stream and ends the link; idempotent. */
  close(): void {
    if (this.closed) return;
    this.send(encodeGoAway(this.lastStreamId));
    this.closed = true;
    this.link.close();
    this.dispose();
  }

  /** The link went away underneath us; idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.closed = true;
    this.decoder.close();
    for (const s of this.streams.values()) s.emit('reset');
    this.streams.clear();
    this.emit('close');
  }

  private async handle(frame: Frame): Promise<void> {
    if (this.closed) return;
    if (frame.kind === 'data') {
      const s = this.streams.get(frame.streamId);
      if (s === undefined) return;
      if (frame.data.length > 0) s.emit('data', frame.data);
      if ((frame.flags & FLAG_FIN) !== 0) s.emit('end');
      return;
    }
    await this.handleControl(frame);
  }

  private async handleControl(frame: ControlFrame): Promise<void> {
    const id = leadingId(frame.body);
    if (frame.type === FRAME.SYN_STREAM) return this.open(frame);
    if (frame.type === FRAME.PING && id !== undefined) return this.send(encodePing(id));
    if (frame.type === FRAME.GOAWAY) return this.close();
    if (frame.type === FRAME.RST_STREAM && id !== undefined) {
      this.streams.get(id)?.emit('reset');
      this.streams.delete(id);
    }
    // HEADERS must still go through the decoder to keep the zlib stream in step.
    if (frame.type === FRAME.HEADERS && frame.body.length > 4) {
      await this.decoder.decode(frame.body.subarray(4));
    }
  }

  private async open(frame: ControlFrame): Promise<void> {
    const syn = parseSynStream(frame.body);
    if (syn === undefined) return this.close();
    const headers = await this.decoder.decode(syn.headerBlock);
    if (this.closed) return;
    this.lastStreamId = syn.streamId;
    const stream = new SpdyStream(this, syn.streamId, headers);
    this.streams.set(syn.streamId, stream);
    stream.on('end', () => undefined);
    this.send(encodeSynReply(syn.streamId, this.encoder.encode({})));
    this.emit('stream', stream);
    if ((frame.flags & FLAG_FIN) !== 0) stream.emit('end');
  }
}
