/**
 * exec over WebSocket, subprotocol `v5.channel.k8s.io` (kubectl 1.30+): every binary message
 * starts with its channel (0 stdin, 1 stdout, 2 stderr, 3 error/Status, 4 resize, 255 close
 * signal: `ff 00` = stdin closed), as apimachinery `pkg/util/httpstream/wsstream/conn.go` and the
 * v5 protocol of KEP-4006 define them. The Status goes on channel 3 and then the socket closes
 * with 1000: kubectl exits only on the close (kubectl-compat §11.5).
 */
import type { WebSocket } from 'ws';
import type { ExecTarget } from '../backend.js';
import { parseResize, startExec, type ExecOptions, type ExecProcess } from './exec-process.js';
import { resultStatus } from './status.js';

/** The channels of v4/v5.channel.k8s.io. */
export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

/** Output is paused while more than this is queued for the client, and resumed below LOW_WATER. */
const HIGH_WATER = 4 << 20;
const LOW_WATER = 1 << 20;

function framed(channel: number, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from([channel]), data]);
}

/** Runs `command` for one accepted v5 WebSocket until it ends or the client goes away. */
export function serveWebSocketExec(
  ws: WebSocket,
  target: ExecTarget,
  command: readonly string[],
  opts: ExecOptions,
): void {
  let paused = false;
  const send = (channel: number, data: Buffer): void => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(framed(channel, data), () => {
      if (paused && ws.bufferedAmount < LOW_WATER) {
        paused = false;
        proc.resume();
      }
    });
    if (!paused && ws.bufferedAmount > HIGH_WATER) {
      paused = true;
      proc.pause();
    }
  };
  const proc: ExecProcess = startExec(target, command, opts, {
    stdout: (c) => send(CHANNEL.stdout, c),
    stderr: (c) => send(CHANNEL.stderr, c),
  });
  let finished = false;
  ws.on('message', (raw: Buffer | ArrayBuffer | Buffer[]) => {
    const msg = Buffer.isBuffer(raw)
      ? raw
      : Array.isArray(raw)
        ? Buffer.concat(raw)
        : Buffer.from(raw);
    if (msg.length === 0) return;
    const body = msg.subarray(1);
    if (msg[0] === CHANNEL.stdin) proc.writeStdin(body);
    else if (msg[0] === CHANNEL.resize) {
      const size = parseResize(body.toString('utf8'));
      if (size !== undefined) proc.resize(size.width, size.height);
    } else if (msg[0] === CHANNEL.close && body[0] === CHANNEL.stdin) proc.endStdin();
  });
  ws.on('close', () => {
    if (!finished) proc.kill();
  });
  ws.on('error', () => proc.kill());
  void proc.done.then((result) => {
    finished = true;
    send(CHANNEL.error, Buffer.from(JSON.stringify(resultStatus(result))));
    if (ws.readyState === ws.OPEN) ws.close(1000);
  });
}
