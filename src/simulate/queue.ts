/**
 * The simulator's agenda: scripted observations by the virtual time they happen at. The order of
 * equal times is the order of scheduling, so the same scenario always gives the same events.
 */
import type { Observation } from '../lifecycle/actions.js';

export interface Entry {
  readonly at: number;
  readonly seq: number;
  readonly obs: Observation;
  /** For scripted exits: the token that must still be current for the exit to happen. */
  readonly token: number;
}

/** A small binary min-heap on (at, seq): the order of equal times is the order of scheduling. */
export class Queue {
  private readonly items: Entry[] = [];
  private seq = 0;

  push(at: number, obs: Observation, token = 0): void {
    const e: Entry = { at, seq: this.seq++, obs, token };
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  peek(): number | null {
    return this.items[0]?.at ?? null;
  }

  pop(): Entry {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l]!, a[m]!)) m = l;
        if (r < a.length && less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

function less(x: Entry, y: Entry): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}
