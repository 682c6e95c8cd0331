/**
 * Lines of a CRI log file (runtime/logs.ts writes `<RFC 3339> <stream> <F|P> <text>`) as the
 * kubelet serves them (pkg/kubelet/kuberuntime/logs/logs.go ReadLogs): the text, with
 * `timestamps` the time first in RFC 3339 with nanoseconds as Go's time.RFC3339Nano prints it
 * (trailing zeros of the fraction dropped), lines before `since` skipped.
 */

import { rfc3339Nano } from '../../runtime/logs.js';

/** One parsed CRI line. */
interface CriLine {
  readonly time: string;
  readonly ms: number;
  readonly text: string;
}

function parse(raw: string): CriLine | null {
  const m = /^(\S+) (stdout|stderr) ([FP]) (.*)$/.exec(raw);
  if (m === null) return null;
  const ms = Date.parse(m[1]!);
  if (Number.isNaN(ms)) return null;
  return { time: m[1]!, ms, text: m[3] === 'F' ? `${m[4]!}\n` : m[4]! };
}

export interface RenderOptions {
  readonly timestamps: boolean;
  /** Epoch ms: lines older are skipped. */
  readonly sinceMs?: number;
}

/** The served text of one raw line; '' for a line skipped or not in the CRI format. */
export function renderCriLine(raw: string, o: RenderOptions): string {
  const l = parse(raw);
  if (l === null || (o.sinceMs !== undefined && l.ms < o.sinceMs)) return '';
  return o.timestamps ? `${rfc3339Nano(l.time)} ${l.text}` : l.text;
}

/** The complete lines of a chunk of log text, and what is left of an unfinished last line. */
export function splitLines(text: string): { lines: string[]; rest: string } {
  const parts = text.split('\n');
  const rest = parts.pop() ?? '';
  return { lines: parts.filter((l) => l !== ''), rest };
}
