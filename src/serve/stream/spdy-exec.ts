/**
 * exec over SPDY/3.1 with `v4.channel.k8s.io` (kubectl 1.29, and the fallback of 1.30+): kubectl
 * opens one stream per `streamtype` (error, stdin, stdout, stderr, resize) and the process starts
 * only once every expected stream exists, as the kubelet's remotecommand `createStreams` waits for
 * them (`pkg/kubelet/cri/streaming/remotecommand/httpstream.go`). stdin EOF is a FIN on the stdin
 * stream; the Status goes on the error stream, then stdout, stderr and error are FINed.
 */
import type { ExecTarget } from '../backend.js';
import { parseResize, startExec, type ExecOptions, type ExecProcess } from './exec-process.js';
import type { SpdyConnection, SpdyStream } from './spdy-connection.js';
import { resultStatus } from './status.js';

type StreamType = 'error' | 'stdin' | 'stdout' | 'stderr' | 'resize';

/**
 * How long the client has to open every stream, as the kubelet's streaming server
 * (`pkg/kubelet/cri/streaming/server.go` DefaultConfig StreamCreationTimeout, 30 s).
 */
export const STREAM_CREATION_TIMEOUT_MS = 30_000;

/** The streams kubectl creates for these options (no stderr with a tty, resize only with one). */
export function expectedStreams(opts: ExecOptions): StreamType[] {
  const out: StreamType[] = ['error'];
  if (opts.stdin) out.push('stdin');
  if (opts.stdout) out.push('stdout');
  if (opts.stderr && !opts.tty) out.push('stderr');
  if (opts.tty) out.push('resize');
  return out;
}

/** Serves one exec on an upgraded SPDY connection until it ends or the client goes away. */
export function serveSpdyExec(
  conn: SpdyConnection,
  target: ExecTarget,
  command: readonly string[],
  opts: ExecOptions,
): void {
  const expected = expectedStreams(opts);
  const streams = new Map<StreamType, SpdyStream>();
  let proc: ExecProcess | undefined;
  let finished = false;
  const timer = setTimeout(() => proc === undefined && conn.close(), STREAM_CREATION_TIMEOUT_MS);
  timer.unref();
  conn.on('stream', (s: SpdyStream) => {
    const type = s.headers['streamtype'] as StreamType | undefined;
    if (type === undefined || !expected.includes(type) || streams.has(type) || proc !== undefined) {
      s.reset();
      return;
    }
    streams.set(type, s);
    if (!expected.every((t) => streams.has(t))) return;
    clearTimeout(timer);
    proc = start(conn, streams, target, command, opts, () => (finished = true));
  });
  conn.on('close', () => {
    clearTimeout(timer);
    if (!finished) proc?.kill();
  });
}

/** Output is paused while more than this is queued for the client, and resumed below LOW_WATER. */
const HIGH_WATER = 4 << 20;
const LOW_WATER = 1 << 20;

function start(
  conn: SpdyConnection,
  streams: Map<StreamType, SpdyStream>,
  target: ExecTarget,
  command: readonly string[],
  opts: ExecOptions,
  onFinish: () => void,
): ExecProcess {
  let paused = false;
  const relieved = (): void => {
    if (paused && conn.backlog() < LOW_WATER) {
      paused = false;
      proc.resume();
    }
  };
  const out = (stream: SpdyStream | undefined, c: Buffer): void => {
    stream?.write(c, relieved);
    if (!paused && conn.backlog() > HIGH_WATER) {
      paused = true;
      proc.pause();
    }
  };
  const proc: ExecProcess = startExec(target, command, opts, {
    stdout: (c) => out(streams.get('stdout'), c),
    stderr: (c) => out(streams.get('stderr'), c),
  });
  const stdin = streams.get('stdin');
  stdin?.on('data', (c: Buffer) => proc.writeStdin(c));
  stdin?.on('end', () => proc.endStdin());
  let pending = '';
  streams.get('resize')?.on('data', (c: Buffer) => {
    pending += c.toString('utf8');
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const size = parseResize(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
      if (size !== undefined) proc.resize(size.width, size.height);
    }
  });
  void proc.done.then((result) => {
    onFinish();
    const error = streams.get('error');
    error?.write(Buffer.from(JSON.stringify(resultStatus(result))));
    streams.get('stdout')?.end();
    streams.get('stderr')?.end();
    error?.end();
  });
  return proc;
}
