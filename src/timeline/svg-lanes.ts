/**
 * The lanes of the SVG chart (render-svg.ts): the pod lane (phase, Ready condition, deletion and
 * condition changes) and one lane per container (state bars, probe strip, hooks, signals, exits
 * and restarts, labelled where there is room).
 */
import { fmtSeconds, type Lane, type Marker, type Timeline } from './lanes.js';
import {
  CHAR_W,
  LANE_H,
  LEFT,
  PLOT,
  POD_H,
  SIGNAL_COLOR,
  STATE_STYLE,
  W,
  n,
  xml,
} from './svg-style.js';

/** The height of a container's state bar. */
const BAR_H = 20;

const PHASE_FILL: Readonly<Record<string, string>> = {
  Pending: '#f6cf65',
  Running: '#8ec1ea',
  Succeeded: '#5cb85c',
  Failed: '#e0605a',
  Unknown: '#d4d4d4',
};

const KIND_LABEL: Readonly<Record<string, string>> = {
  init: 'init container',
  sidecar: 'native sidecar',
  regular: 'container',
  ephemeral: 'ephemeral',
};

/** Container names longer than the left gutter are cut with an ellipsis (the full name is the tooltip). */
function shortName(name: string): string {
  const max = 22;
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}

/** A plate of the bar's colour behind a bar label, so no vertical line runs through the words. */
function labelPlate(cx: number, y: number, text: string, fill: string): string {
  const w = text.length * CHAR_W + 4;
  return `<rect x="${n(cx - w / 2)}" y="${n(y)}" width="${n(w)}" height="14" fill="${fill}"/>`;
}

/**
 * What makes a marker readable without a mouse: focusable (`tabindex`), named by its `<title>`
 * (a tooltip in any SVG viewer, the accessible name for a screen reader), and the event's parts
 * as data attributes for the timeline page's own tooltip (src/ui). Put `attrs` on the marker's
 * element and `title` first inside it.
 */
export function focusable(
  container: string,
  t: number,
  reason: string,
  message: string,
): { attrs: string; title: string } {
  return {
    attrs: ` tabindex="0" role="img" data-reason="${xml(reason)}" data-message="${xml(message)}"`,
    title: `<title>${xml(`${fmtSeconds(t)} ${container}: ${reason}: ${message}`)}</title>`,
  };
}

/** Keeps labels of one row from overlapping. */
class Row {
  private readonly taken: [number, number][] = [];
  fits(x0: number, x1: number): boolean {
    return this.taken.every(([a, b]) => x1 + 3 <= a || x0 >= b + 3);
  }
  take(x0: number, x1: number): void {
    this.taken.push([x0, x1]);
  }
}

/** The pod's lane: phases, the Ready condition, and deletion and condition changes above them. */
export function podLane(
  tl: Timeline,
  y: number,
  x: (t: number) => number,
  overlay: string[],
): string {
  const out: string[] = [];
  const barY = y + 27;
  out.push(
    `<rect x="0" y="${n(y)}" width="${n(W)}" height="${n(POD_H)}" fill="#f3f6fa"/>`,
    `<text x="16" y="${n(barY + 13)}" font-size="12" font-weight="bold" fill="#111">pod</text>`,
    `<text x="16" y="${n(barY + 27)}" font-size="10" fill="#555">phase · Ready condition</text>`,
  );
  for (const p of tl.phases) {
    const x0 = x(p.start);
    const x1 = x(p.end);
    out.push(
      `<rect x="${n(x0)}" y="${n(barY)}" width="${n(Math.max(x1 - x0, 1))}" height="18" fill="${PHASE_FILL[p.phase] ?? '#d4d4d4'}" stroke="#fff" stroke-width="0.5"/>`,
    );
    if (x1 - x0 > p.phase.length * CHAR_W + 8) {
      overlay.push(
        labelPlate((x0 + x1) / 2, barY + 2, p.phase, PHASE_FILL[p.phase] ?? '#d4d4d4'),
        `<text x="${n((x0 + x1) / 2)}" y="${n(barY + 13)}" text-anchor="middle" fill="#111">${p.phase}</text>`,
      );
    }
  }
  for (const r of tl.readySpans) {
    const x0 = x(r.start);
    const x1 = x(r.end);
    out.push(
      `<rect x="${n(x0)}" y="${n(barY + 21)}" width="${n(Math.max(x1 - x0, 1))}" height="9" fill="#2e7d32"/>`,
    );
    if (x1 - x0 > 40)
      out.push(
        `<text x="${n(x0 + 3)}" y="${n(barY + 29)}" font-size="8.5" fill="#fff">Ready</text>`,
      );
  }
  // Labels above the bar: deletion first, then Initialized/Ready changes.
  const rows = [new Row(), new Row()];
  const put = (t: number, text: string, color: string, glyph: string): void => {
    const tx = x(t);
    out.push(glyph);
    const w = text.length * CHAR_W * (10 / 11);
    const x0 = Math.min(tx + 3, LEFT + PLOT - w);
    for (const [r, rowY] of [
      [0, y + 21],
      [1, y + 10],
    ] as const) {
      if (rows[r]!.fits(x0, x0 + w)) {
        rows[r]!.take(x0, x0 + w);
        out.push(
          `<text x="${n(x0)}" y="${n(rowY)}" font-size="10" fill="${color}">${xml(text)}</text>`,
        );
        return;
      }
    }
  };
  for (const m of tl.podMarkers) {
    if (m.kind === 'delete') {
      put(
        m.t,
        `delete (grace ${fmtSeconds(m.gracePeriodSeconds)})`,
        '#c0392b',
        `<path d="M${n(x(m.t) - 4)},${n(barY - 9)} L${n(x(m.t) + 4)},${n(barY - 9)} L${n(x(m.t))},${n(barY - 1)} Z" fill="#c0392b"/>`,
      );
    }
  }
  const wasTrue = new Set<string>();
  for (const m of tl.podMarkers) {
    if (m.kind !== 'condition' || (m.condition !== 'Initialized' && m.condition !== 'Ready'))
      continue;
    // Only changes: the initial False of a condition that was never True says nothing.
    if (m.status === 'False' && !wasTrue.has(m.condition)) continue;
    if (m.status === 'True') wasTrue.add(m.condition);
    const color = m.status === 'True' ? '#1b5e20' : '#8d2a1c';
    put(
      m.t,
      `${m.condition}${m.status === 'True' ? ' ✓' : ' ✗'}`,
      color,
      `<rect x="${n(x(m.t) - 3)}" y="${n(barY - 6)}" width="6" height="6" transform="rotate(45 ${n(x(m.t))} ${n(barY - 3)})" fill="${color}"/>`,
    );
  }
  return out.join('\n');
}

/** One container's lane; bar texts go to `overlay`, drawn after the vertical lines. */
export function containerLane(
  lane: Lane,
  y: number,
  index: number,
  x: (t: number) => number,
  end: number,
  overlay: string[],
): string {
  const out: string[] = [];
  const barY = y + 27;
  laneHeading(out, lane, y, index, barY);
  stateBars(out, overlay, lane, barY, x, end);
  probeStrip(out, lane, barY, x);
  eventMarks(out, lane, barY, x, rowLabeller(out, y));
  out.push('</g>');
  return out.join('\n');
}

/** Opens the lane's group: the striped background of every other lane, the name and the kind. */
function laneHeading(out: string[], lane: Lane, y: number, index: number, barY: number): void {
  out.push(`<g data-lane="${xml(lane.name)}" data-kind="${lane.kind}">`);
  if (index % 2 === 1)
    out.push(`<rect x="0" y="${n(y)}" width="${n(W)}" height="${n(LANE_H)}" fill="#fafafa"/>`);
  out.push(
    `<text x="16" y="${n(barY + 10)}" font-size="12" font-weight="bold" fill="#111">${xml(shortName(lane.name))}<title>${xml(lane.name)}</title></text>`,
    `<text x="16" y="${n(barY + 24)}" font-size="10" fill="${lane.kind === 'sidecar' ? '#6a1b9a' : '#555'}">${xml(KIND_LABEL[lane.kind] ?? lane.kind)}</text>`,
  );
}

/** One bar per state segment, with its label when it fits, and a ▸ where the state goes on. */
function stateBars(
  out: string[],
  overlay: string[],
  lane: Lane,
  barY: number,
  x: (t: number) => number,
  end: number,
): void {
  if (lane.segments.length === 0) {
    out.push(
      `<text x="${n(LEFT + 4)}" y="${n(barY + 14)}" font-size="11" fill="#777" font-style="italic">never started</text>`,
    );
  }
  for (const s of lane.segments) {
    const x0 = x(s.start);
    const x1 = x(s.end);
    const style = STATE_STYLE[s.state];
    out.push(
      `<rect data-state="${s.state}" x="${n(x0)}" y="${n(barY)}" width="${n(Math.max(x1 - x0, 1.5))}" height="${n(BAR_H)}" fill="${style.fill}" stroke="#fff" stroke-width="0.5"/>`,
    );
    if (s.open && s.end >= end) {
      out.push(
        `<path d="M${n(x1)},${n(barY)} L${n(x1 + 7)},${n(barY + BAR_H / 2)} L${n(x1)},${n(barY + BAR_H)} Z" fill="${s.state === 'backoff' ? '#b39ddb' : style.fill}"/>`,
      );
    }
    const text =
      s.label.length * CHAR_W + 6 <= x1 - x0
        ? s.label
        : s.state === 'backoff' && x1 - x0 > 24
          ? 'b/o'
          : '';
    if (text !== '') {
      overlay.push(
        labelPlate((x0 + x1) / 2, barY + 3, text, s.state === 'backoff' ? '#e4d7f5' : style.fill),
        `<text x="${n((x0 + x1) / 2)}" y="${n(barY + 14)}" text-anchor="middle" fill="${style.text}">${xml(text)}</text>`,
      );
    }
  }
}

/** A probe's results closer together than this (px) are drawn as one run: they would overlap. */
const PROBE_RUN_GAP = 4;

type ProbeMarker = Extract<Marker, { kind: 'probe' }>;

/**
 * Consecutive results of one probe with the same outcome that would overlap on the strip, as
 * runs (a lone result is a run of one): an hour of probes every 10 s is a few runs, not hundreds
 * of shapes and keyboard stops.
 */
function probeRuns(lane: Lane, x: (t: number) => number): ProbeMarker[][] {
  const runs: ProbeMarker[][] = [];
  const open = new Map<string, ProbeMarker[]>();
  for (const m of lane.markers) {
    if (m.kind !== 'probe') continue;
    const run = open.get(m.probe);
    const last = run?.[run.length - 1];
    if (
      run !== undefined &&
      last !== undefined &&
      last.ok === m.ok &&
      x(m.t) - x(last.t) < PROBE_RUN_GAP
    ) {
      run.push(m);
      continue;
    }
    const fresh = [m];
    runs.push(fresh);
    open.set(m.probe, fresh);
  }
  return runs;
}

/** Probe results: a strip under the bar. Shape tells the probe, colour the result; overlapping results of one kind make one run. */
function probeStrip(out: string[], lane: Lane, barY: number, x: (t: number) => number): void {
  for (const run of probeRuns(lane, x)) {
    const m = run[0]!;
    const lastT = run[run.length - 1]!.t;
    const px = x(m.t);
    const py = barY + BAR_H + 7;
    const fill = m.ok ? '#2e7d32' : '#c62828';
    const result = m.ok ? 'Success' : 'Failure';
    const what =
      run.length === 1
        ? `${m.probe} probe: ${result}`
        : `${m.probe} probe: ${result} x${String(run.length)} until ${fmtSeconds(lastT)}`;
    const f = focusable(lane.name, m.t, 'ProbeResult', what);
    const count =
      run.length === 1 ? '' : ` data-count="${String(run.length)}" data-until="${String(lastT)}"`;
    out.push(
      `<g data-marker="probe" data-container="${xml(lane.name)}" data-probe="${m.probe}" data-result="${result}" data-t="${String(m.t)}"${count}${f.attrs}>${f.title}`,
    );
    if (run.length > 1)
      out.push(
        `<rect x="${n(px - 3)}" y="${n(py - 3)}" width="${n(x(lastT) - px + 6)}" height="6"${m.probe === 'readiness' ? ' rx="3"' : ''} fill="${fill}"/>`,
      );
    else if (m.probe === 'startup')
      out.push(`<rect x="${n(px - 3)}" y="${n(py - 3)}" width="6" height="6" fill="${fill}"/>`);
    else if (m.probe === 'readiness')
      out.push(`<circle cx="${n(px)}" cy="${n(py)}" r="3" fill="${fill}"/>`);
    else
      out.push(
        `<path d="M${n(px)},${n(py - 4)} L${n(px + 4)},${n(py)} L${n(px)},${n(py + 4)} L${n(px - 4)},${n(py)} Z" fill="${fill}"/>`,
      );
    out.push('</g>');
  }
}

type Label = (tx: number, text: string, color: string, bold?: boolean) => void;

/** Writes a marker's label in one of two rows above the bar, where there is room. */
function rowLabeller(out: string[], y: number): Label {
  const rows = [new Row(), new Row()];
  return (tx: number, text: string, color: string, bold = false): void => {
    const w = text.length * CHAR_W * (10 / 11);
    for (const [r, rowY] of [
      [0, y + 21],
      [1, y + 10],
    ] as const) {
      for (const x0 of [tx + 3, tx - w - 3]) {
        if (x0 < LEFT - 2 || x0 + w > W - 4) continue;
        if (rows[r]!.fits(x0, x0 + w)) {
          rows[r]!.take(x0, x0 + w);
          out.push(
            `<text x="${n(x0)}" y="${n(rowY)}" font-size="10"${bold ? ' font-weight="bold"' : ''} fill="${color}">${xml(text)}</text>`,
          );
          return;
        }
      }
    }
  };
}

/**
 * Hooks as brackets over the bar; signals, exits and restarts as ticks, labelled in one of two
 * rows above the bar when there is room (the text timeline has every event anyway).
 */
function eventMarks(
  out: string[],
  lane: Lane,
  barY: number,
  x: (t: number) => number,
  label: Label,
): void {
  const ordered: Marker[] = [
    ...lane.markers.filter((m) => m.kind === 'signal'),
    ...lane.markers.filter((m) => m.kind === 'exit'),
    ...lane.markers.filter((m) => m.kind === 'hook'),
    ...lane.markers.filter((m) => m.kind === 'start' && m.restartCount > 0),
  ];
  for (const m of ordered) {
    const mx = x(m.t);
    switch (m.kind) {
      case 'signal': {
        const c = SIGNAL_COLOR[m.signal];
        const f = focusable(lane.name, m.t, 'ContainerKilling', `${m.signal} (${m.reason})`);
        out.push(
          `<g data-marker="signal" data-container="${xml(lane.name)}" data-signal="${m.signal}" data-t="${String(m.t)}"${f.attrs}>${f.title}`,
          `<line x1="${n(mx)}" y1="${n(barY - 3)}" x2="${n(mx)}" y2="${n(barY + BAR_H + 2)}" stroke="${c}" stroke-width="2"/>`,
          `<path d="M${n(mx - 4)},${n(barY - 8)} L${n(mx + 4)},${n(barY - 8)} L${n(mx)},${n(barY - 2)} Z" fill="${c}"/>`,
          '</g>',
        );
        label(mx, m.signal, c, true);
        break;
      }
      case 'exit': {
        const f = focusable(
          lane.name,
          m.t,
          'ContainerExited',
          `exit code ${String(m.exitCode)}${m.reason === '' ? '' : ` (${m.reason})`}`,
        );
        out.push(
          `<g data-marker="exit" data-container="${xml(lane.name)}" data-exit-code="${String(m.exitCode)}" data-t="${String(m.t)}"${f.attrs}>${f.title}<line x1="${n(mx)}" y1="${n(barY)}" x2="${n(mx)}" y2="${n(barY + BAR_H)}" stroke="#111" stroke-width="1.5"/></g>`,
        );
        // The exited bar already says "exit N reason" when it is wide enough.
        if (
          !lane.segments.some(
            (g) => g.state === 'exited' && g.start === m.t && x(g.end) - x(g.start) > 60,
          )
        ) {
          label(mx, `exit ${String(m.exitCode)}`, '#111');
        }
        break;
      }
      case 'hook': {
        const x1 = Math.max(x(m.end), mx + 2);
        const c = m.failed ? '#c62828' : '#6a1b9a';
        const ran = m.open ? 'still running' : `ran ${fmtSeconds(m.end - m.t)}`;
        const f = focusable(
          lane.name,
          m.t,
          'HookStarted',
          `${m.hook} hook, ${ran}${m.failed ? ', failed' : ''}`,
        );
        out.push(
          `<g data-marker="hook" data-container="${xml(lane.name)}" data-hook="${m.hook}" data-t="${String(m.t)}"${f.attrs}>${f.title}<path d="M${n(mx)},${n(barY - 1)} L${n(mx)},${n(barY - 5)} L${n(x1)},${n(barY - 5)}${m.open ? '' : ` L${n(x1)},${n(barY - 1)}`}" fill="none" stroke="${c}" stroke-width="1.5"/></g>`,
        );
        label(mx, `${m.hook}${m.failed ? ' failed' : ''}`, c);
        break;
      }
      case 'start': {
        const f = focusable(
          lane.name,
          m.t,
          'ContainerStarted',
          `restart ${String(m.restartCount)}`,
        );
        out.push(
          `<g data-marker="restart" data-container="${xml(lane.name)}" data-t="${String(m.t)}"${f.attrs}>${f.title}<line x1="${n(mx)}" y1="${n(barY)}" x2="${n(mx)}" y2="${n(barY + BAR_H)}" stroke="#fff" stroke-width="2"/></g>`,
        );
        label(mx, `restart ${String(m.restartCount)}`, '#333');
        break;
      }
      default:
        break;
    }
  }
}
