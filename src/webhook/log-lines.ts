/**
 * Where `webhook serve` writes its JSON log lines (pino's destination): in batches, because the
 * webhook logs one line per review and a write per line, or pino's own asynchronous destination
 * (sonic-boom: a byte count of everything buffered per line, a thread-pool write per 4 KiB),
 * cost several microseconds of CPU a review, more than the rest of a review answered from the
 * memo. Lines are kept whole and in order; a batch goes out when it holds `maxBytes`, when
 * `flush()` is called (a timer every second, the first line, the end of the process).
 */

export interface LogLines {
  /** pino's destination: one or more whole lines. */
  write(lines: string): void;
  /** Writes what is buffered now. */
  flush(): void;
}

/**
 * @param out - takes each batch (process.stdout.write, which keeps order and waits for a slow
 *   reader without losing lines)
 * @param maxBytes - a batch's size that is written at once. @default 64 KiB
 */
export function logLines(out: (batch: string) => void, maxBytes = 64 * 1024): LogLines {
  let pending: string[] = [];
  let length = 0;
  const flush = (): void => {
    if (pending.length === 0) return;
    const batch = pending.join('');
    pending = [];
    length = 0;
    out(batch);
  };
  return {
    write(lines) {
      pending.push(lines);
      length += lines.length;
      if (length >= maxBytes) flush();
    },
    flush,
  };
}
