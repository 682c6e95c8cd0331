/**
 * Time for the controllers: the current time and one-shot timers, injectable so that tests move
 * time by hand instead of waiting.
 */

export interface ControllerClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` after `ms`; the returned function cancels it. */
  setTimer(ms: number, fn: () => void): () => void;
}

/** The real clock (timers do not keep the process alive). */
export const REAL_CLOCK: ControllerClock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return () => {
      clearTimeout(t);
    };
  },
};
