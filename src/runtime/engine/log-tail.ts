/**
 * A CRI log file that the container engine writes itself (podman's `k8s-file` driver: conmon
 * writes `<RFC 3339> <stream> <F|P> <text>`, the format of the kubelet's runtimes and of
 * runtime/logs.ts): its lines handed on as they are appended, read on the file's change events
 * and once more at the end. A partial line (`P`) joins the next of its stream, as the kubelet's
 * log reader joins them (pkg/kubelet/kuberuntime/logs/logs.go).
 */
import { closeSync, openSync, readSync, watch, type FSWatcher } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { LogStream } from '../logs.js';

const CRI_LINE = /^\S+ (stdout|stderr) ([FP]) (.*)$/;

export class LogFileTail {
  private fd: number | null = null;
  private offset = 0;
  private rest = '';
  private readonly decoder = new StringDecoder('utf8');
  private readonly partial: Record<LogStream, string> = { stdout: '', stderr: '' };
  private watcher: FSWatcher | null = null;
  private readonly buf = Buffer.alloc(64 * 1024);
  private readonly path: string;
  private readonly onLine: (text: string, stream: LogStream) => void;

  constructor(path: string, onLine: (text: string, stream: LogStream) => void) {
    this.path = path;
    this.onLine = onLine;
    try {
      this.watcher = watch(path, () => this.read());
      this.watcher.on('error', () => this.stopWatching());
    } catch {
      this.watcher = null; // not there (yet): read at the end
    }
    this.read();
  }

  /** Reads what is left, hands on a last unfinished line, and stops. */
  finish(): void {
    this.read();
    this.stopWatching();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream] !== '') this.onLine(this.partial[stream], stream);
      this.partial[stream] = '';
    }
  }

  private stopWatching(): void {
    this.watcher?.close();
    this.watcher = null;
  }

  private read(): void {
    try {
      this.fd ??= openSync(this.path, 'r');
    } catch {
      return;
    }
    for (;;) {
      const n = readSync(this.fd, this.buf, 0, this.buf.length, this.offset);
      if (n === 0) return;
      this.offset += n;
      this.take(this.decoder.write(this.buf.subarray(0, n)));
    }
  }

  private take(text: string): void {
    const parts = (this.rest + text).split('\n');
    this.rest = parts.pop() ?? '';
    for (const raw of parts) {
      const m = CRI_LINE.exec(raw);
      if (m === null) continue;
      const stream = m[1] as LogStream;
      if (m[2] === 'P') {
        this.partial[stream] += m[3]!;
        continue;
      }
      this.onLine(this.partial[stream] + m[3]!, stream);
      this.partial[stream] = '';
    }
  }
}
