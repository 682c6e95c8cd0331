/**
 * Durations as sidecarctl's inputs write them (Scenario times, `--until`, `--delete-after`):
 * `250ms`, `2s`, `1.5m`, a bare number of seconds.
 */
const DURATION = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m)?$/;

/** A duration in seconds: `250ms`, `2s`, `1.5m`, `3` or 3; null when malformed or negative. */
export function parseDuration(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : null;
  if (typeof v !== 'string') return null;
  const m = DURATION.exec(v.trim());
  if (m === null) return null;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return unit === 'ms' ? n / 1000 : unit === 'm' ? n * 60 : n;
}
