/**
 * `simulate -o svg`: a Gantt-style picture of a pod's life. One lane per container (init
 * containers and sidecars in spec order, then regular containers), coloured by state with the
 * state written in the bar; markers for probes, hooks, signals and exits; a pod lane with the
 * phase, the Ready condition, deletion and phase changes; a time axis with ticks; an inline key.
 *
 * Self-contained (no fonts, scripts or links to fetch) and deterministic: the same view gives
 * the same bytes (fixed number formatting, no dates, no random ids).
 */
import {
  fmtSeconds,
  buildTimeline,
  type Lane,
  type LaneState,
  type Marker,
  type Timeline,
} from './lanes.js';
import { viewRow } from './render-text.js';
import type { PodRunView } from './view.js';

const W = 1100;
const LEFT = 190;
const RIGHT = 36;
const PLOT = W - LEFT - RIGHT;
const LANE_H = 62;
const POD_H = 64;
const FONT = "'DejaVu Sans', Verdana, Arial, Helvetica, sans-serif";
/** Approximate advance of one character at 11 px in the fonts above. */
const CHAR_W = 6.4;

export const STATE_STYLE: Readonly<
  Record<LaneState, { fill: string; text: string; name: string }>
> = {
  starting: { fill: '#f6cf65', text: '#3d2e00', name: 'starting' },
  running: { fill: '#8ec1ea', text: '#0b2740', name: 'running (not ready)' },
  ready: { fill: '#5cb85c', text: '#0c2a0c', name: 'ready' },
  terminating: { fill: '#f0936b', text: '#3b1405', name: 'terminating' },
  backoff: { fill: 'url(#hatch)', text: '#3a2350', name: 'backing off' },
  exited: { fill: '#d4d4d4', text: '#262626', name: 'exited' },
};

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

const SIGNAL_COLOR = { SIGTERM: '#c0392b', SIGKILL: '#5b0000' } as const;

/** Escapes text for XML content and attribute values. */
export function xml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Fixed-precision coordinates, so output bytes never depend on float noise. */
function n(v: number): string {
  const r = Math.round(v * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

/** A tick step giving about 8 to 12 ticks over [0, span]. */
export function tickStep(span: number): number {
  const steps = [
    0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400,
  ];
  for (const s of steps) if (span / s <= 12) return s;
  return Math.ceil(span / 12 / 3600) * 3600;
}

/**
 * The right end of the picture: a little after the last event (so the final states show), but
 * never beyond the simulated `until`.
 */
export function axisEnd(lastEvent: number, until: number): number {
  const want = Math.max(lastEvent + Math.max(2, lastEvent * 0.12), 1);
  const step = tickStep(want);
  const end = Math.ceil(want / step) * step;
  return until > 0 ? Math.min(end, Math.max(until, lastEvent)) : end;
}

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

interface Chart {
  readonly body: string;
  readonly height: number;
}

/** Draws one pod's chart at the origin; `titlePrefix` names the version in comparisons. */
function chart(view: PodRunView, titlePrefix = '', sharedEnd?: number): Chart {
  const lastEvent = view.events.reduce((m, e) => Math.max(m, e.t), 0);
  const end = sharedEnd ?? axisEnd(lastEvent, view.until);
  const tl = buildTimeline(view.events, view.containers, end);
  const x = (t: number): number => LEFT + (Math.min(t, end) / end) * PLOT;
  const out: string[] = [];
  const row = viewRow(view);

  // Title and summary.
  out.push(
    `<text x="16" y="24" font-size="15" font-weight="bold" fill="#111">${xml(`${titlePrefix}${view.pod}`)}</text>`,
    `<text x="16" y="42" font-size="12" fill="#333">${xml(
      `Kubernetes ${view.k8sVersion} · at ${fmtSeconds(view.until)}: phase ${view.status.phase}, READY ${row.ready}, STATUS ${row.status}, RESTARTS ${row.restarts}` +
        (end < view.until
          ? ` · nothing changes after ${fmtSeconds(lastEvent)}; bars ending in ▸ go on until ${fmtSeconds(view.until)}`
          : ''),
    )}</text>`,
  );

  const axisY = 66;
  const podY = axisY + 8;
  const lanesY = podY + POD_H;
  const bottom = lanesY + tl.lanes.length * LANE_H;

  // Time axis: ticks with labels on top, light grid lines through every lane.
  const step = tickStep(end);
  out.push(
    `<line x1="${n(LEFT)}" y1="${n(axisY)}" x2="${n(LEFT + PLOT)}" y2="${n(axisY)}" stroke="#555" stroke-width="1"/>`,
  );
  for (let i = 0; i * step <= end + 1e-9; i++) {
    const t = Math.round(i * step * 1000) / 1000;
    const tx = x(t);
    out.push(
      `<line x1="${n(tx)}" y1="${n(axisY - 4)}" x2="${n(tx)}" y2="${n(bottom)}" stroke="#e3e3e3" stroke-width="1"/>`,
      `<line x1="${n(tx)}" y1="${n(axisY - 4)}" x2="${n(tx)}" y2="${n(axisY)}" stroke="#555" stroke-width="1"/>`,
      `<text x="${n(tx)}" y="${n(axisY - 7)}" font-size="10" fill="#444" text-anchor="middle">${xml(fmtSeconds(t))}</text>`,
    );
  }

  // Bar texts go on top of the vertical lines below, so no line runs through a word.
  const overlay: string[] = [];
  out.push(podLane(tl, podY, x, overlay));
  tl.lanes.forEach((lane, i) =>
    out.push(containerLane(lane, lanesY + i * LANE_H, i, x, end, overlay)),
  );

  // Phase changes and deletion: vertical lines across every lane.
  for (const m of tl.podMarkers) {
    if (m.kind === 'phase' && m.t > 0) {
      out.push(
        `<line data-marker="phase" data-phase="${m.phase}" data-t="${String(m.t)}" x1="${n(x(m.t))}" y1="${n(podY)}" x2="${n(x(m.t))}" y2="${n(bottom)}" stroke="#1f4e79" stroke-width="1" stroke-opacity="0.6" stroke-dasharray="4 3"/>`,
      );
    } else if (m.kind === 'delete') {
      out.push(
        `<line data-marker="delete" data-t="${String(m.t)}" x1="${n(x(m.t))}" y1="${n(podY)}" x2="${n(x(m.t))}" y2="${n(bottom)}" stroke="#c0392b" stroke-width="1.5" stroke-dasharray="6 3"/>`,
      );
    }
  }

  out.push(...overlay);
  const legendY = bottom + 22;
  out.push(legend(legendY));
  return { body: out.join('\n'), height: legendY + 44 };
}

function podLane(tl: Timeline, y: number, x: (t: number) => number, overlay: string[]): string {
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

function containerLane(
  lane: Lane,
  y: number,
  index: number,
  x: (t: number) => number,
  end: number,
  overlay: string[],
): string {
  const out: string[] = [];
  const barY = y + 27;
  const barH = 20;
  out.push(`<g data-lane="${xml(lane.name)}" data-kind="${lane.kind}">`);
  if (index % 2 === 1)
    out.push(`<rect x="0" y="${n(y)}" width="${n(W)}" height="${n(LANE_H)}" fill="#fafafa"/>`);
  out.push(
    `<text x="16" y="${n(barY + 10)}" font-size="12" font-weight="bold" fill="#111">${xml(shortName(lane.name))}<title>${xml(lane.name)}</title></text>`,
    `<text x="16" y="${n(barY + 24)}" font-size="10" fill="${lane.kind === 'sidecar' ? '#6a1b9a' : '#555'}">${xml(KIND_LABEL[lane.kind] ?? lane.kind)}</text>`,
  );
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
      `<rect data-state="${s.state}" x="${n(x0)}" y="${n(barY)}" width="${n(Math.max(x1 - x0, 1.5))}" height="${n(barH)}" fill="${style.fill}" stroke="#fff" stroke-width="0.5"/>`,
    );
    if (s.open && s.end >= end) {
      out.push(
        `<path d="M${n(x1)},${n(barY)} L${n(x1 + 7)},${n(barY + barH / 2)} L${n(x1)},${n(barY + barH)} Z" fill="${s.state === 'backoff' ? '#b39ddb' : style.fill}"/>`,
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

  // Probe results: a strip under the bar. Shape tells the probe, colour the result.
  for (const m of lane.markers) {
    if (m.kind !== 'probe') continue;
    const px = x(m.t);
    const py = barY + barH + 7;
    const fill = m.ok ? '#2e7d32' : '#c62828';
    out.push(
      `<g data-marker="probe" data-container="${xml(lane.name)}" data-probe="${m.probe}" data-result="${m.ok ? 'Success' : 'Failure'}" data-t="${String(m.t)}">`,
    );
    if (m.probe === 'startup')
      out.push(`<rect x="${n(px - 3)}" y="${n(py - 3)}" width="6" height="6" fill="${fill}"/>`);
    else if (m.probe === 'readiness')
      out.push(`<circle cx="${n(px)}" cy="${n(py)}" r="3" fill="${fill}"/>`);
    else
      out.push(
        `<path d="M${n(px)},${n(py - 4)} L${n(px + 4)},${n(py)} L${n(px)},${n(py + 4)} L${n(px - 4)},${n(py)} Z" fill="${fill}"/>`,
      );
    out.push('</g>');
  }

  // Hooks as brackets over the bar; signals, exits and restarts as ticks, labelled in one of two
  // rows above the bar when there is room (the text timeline has every event anyway).
  const rows = [new Row(), new Row()];
  const label = (tx: number, text: string, color: string, bold = false): void => {
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
        out.push(
          `<g data-marker="signal" data-container="${xml(lane.name)}" data-signal="${m.signal}" data-t="${String(m.t)}">`,
          `<line x1="${n(mx)}" y1="${n(barY - 3)}" x2="${n(mx)}" y2="${n(barY + barH + 2)}" stroke="${c}" stroke-width="2"/>`,
          `<path d="M${n(mx - 4)},${n(barY - 8)} L${n(mx + 4)},${n(barY - 8)} L${n(mx)},${n(barY - 2)} Z" fill="${c}"/>`,
          '</g>',
        );
        label(mx, m.signal, c, true);
        break;
      }
      case 'exit':
        out.push(
          `<line data-marker="exit" data-container="${xml(lane.name)}" data-exit-code="${String(m.exitCode)}" data-t="${String(m.t)}" x1="${n(mx)}" y1="${n(barY)}" x2="${n(mx)}" y2="${n(barY + barH)}" stroke="#111" stroke-width="1.5"/>`,
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
      case 'hook': {
        const x1 = Math.max(x(m.end), mx + 2);
        const c = m.failed ? '#c62828' : '#6a1b9a';
        out.push(
          `<path data-marker="hook" data-container="${xml(lane.name)}" data-hook="${m.hook}" data-t="${String(m.t)}" d="M${n(mx)},${n(barY - 1)} L${n(mx)},${n(barY - 5)} L${n(x1)},${n(barY - 5)}${m.open ? '' : ` L${n(x1)},${n(barY - 1)}`}" fill="none" stroke="${c}" stroke-width="1.5"/>`,
        );
        label(mx, `${m.hook}${m.failed ? ' failed' : ''}`, c);
        break;
      }
      case 'start':
        out.push(
          `<line x1="${n(mx)}" y1="${n(barY)}" x2="${n(mx)}" y2="${n(barY + barH)}" stroke="#fff" stroke-width="2"/>`,
        );
        label(mx, `restart ${String(m.restartCount)}`, '#333');
        break;
      default:
        break;
    }
  }
  out.push('</g>');
  return out.join('\n');
}

/** The inline key: state colours and marker shapes, in two rows. */
function legend(y: number): string {
  const out: string[] = [];
  let lx = 16;
  out.push(
    `<text x="${n(lx)}" y="${n(y + 10)}" font-size="10" font-weight="bold" fill="#333">states</text>`,
  );
  lx += 48;
  for (const s of Object.values(STATE_STYLE)) {
    out.push(
      `<rect x="${n(lx)}" y="${n(y + 1)}" width="14" height="11" fill="${s.fill}" stroke="#999" stroke-width="0.5"/>`,
      `<text x="${n(lx + 18)}" y="${n(y + 10)}" font-size="10" fill="#333">${s.name}</text>`,
    );
    lx += 28 + s.name.length * 5.8;
  }
  const y2 = y + 20;
  lx = 16;
  out.push(
    `<text x="${n(lx)}" y="${n(y2 + 10)}" font-size="10" font-weight="bold" fill="#333">markers</text>`,
  );
  lx += 48;
  const items: [string, string][] = [
    [
      `<line x1="${n(lx + 5)}" y1="${n(y2)}" x2="${n(lx + 5)}" y2="${n(y2 + 12)}" stroke="${SIGNAL_COLOR.SIGTERM}" stroke-width="2"/>`,
      'SIGTERM sent',
    ],
    [
      `<line x1="${n(lx + 5)}" y1="${n(y2)}" x2="${n(lx + 5)}" y2="${n(y2 + 12)}" stroke="${SIGNAL_COLOR.SIGKILL}" stroke-width="2"/>`,
      'SIGKILL sent',
    ],
    [
      `<path d="M${n(lx)},${n(y2 + 11)} L${n(lx)},${n(y2 + 4)} L${n(lx + 12)},${n(y2 + 4)} L${n(lx + 12)},${n(y2 + 11)}" fill="none" stroke="#6a1b9a" stroke-width="1.5"/>`,
      'hook running',
    ],
    [
      `<rect x="${n(lx + 2)}" y="${n(y2 + 3)}" width="6" height="6" fill="#2e7d32"/>`,
      'startup probe',
    ],
    [`<circle cx="${n(lx + 5)}" cy="${n(y2 + 6)}" r="3" fill="#2e7d32"/>`, 'readiness probe'],
    [
      `<path d="M${n(lx + 5)},${n(y2 + 2)} L${n(lx + 9)},${n(y2 + 6)} L${n(lx + 5)},${n(y2 + 10)} L${n(lx + 1)},${n(y2 + 6)} Z" fill="#2e7d32"/>`,
      'liveness probe',
    ],
    [`<circle cx="${n(lx + 5)}" cy="${n(y2 + 6)}" r="3" fill="#c62828"/>`, 'probe failed (red)'],
    [
      `<line x1="${n(lx + 5)}" y1="${n(y2)}" x2="${n(lx + 5)}" y2="${n(y2 + 12)}" stroke="#1f4e79" stroke-dasharray="3 2"/>`,
      'phase change',
    ],
    [
      `<line x1="${n(lx + 5)}" y1="${n(y2)}" x2="${n(lx + 5)}" y2="${n(y2 + 12)}" stroke="#c0392b" stroke-width="1.5" stroke-dasharray="4 2"/>`,
      'pod deleted',
    ],
  ];
  // Each glyph was drawn at the first slot; shift it to its own slot with a translate.
  for (const [glyph, name] of items) {
    const dx = lx - 64;
    out.push(
      `<g transform="translate(${n(dx)},0)">${glyph}</g>`,
      `<text x="${n(lx + 16)}" y="${n(y2 + 10)}" font-size="10" fill="#333">${name}</text>`,
    );
    lx += 26 + name.length * 5.8;
  }
  return out.join('\n');
}

const DEFS =
  '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
  '<rect width="6" height="6" fill="#e4d7f5"/><line x1="0" y1="0" x2="0" y2="6" stroke="#9575cd" stroke-width="2.5"/></pattern></defs>';

function document(charts: readonly Chart[], title: string): string {
  let y = 0;
  const parts: string[] = [];
  for (const c of charts) {
    parts.push(
      `<g data-chart="${String(parts.length)}" transform="translate(0,${n(y)})">\n${c.body}\n</g>`,
    );
    y += c.height;
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(W)}" height="${n(y)}" viewBox="0 0 ${n(W)} ${n(y)}" font-family="${xml(FONT)}" font-size="11">\n` +
    `<title>${xml(title)}</title>\n${DEFS}\n<rect width="${n(W)}" height="${n(y)}" fill="#ffffff"/>\n${parts.join('\n')}\n</svg>\n`
  );
}

/**
 * The SVG picture of one pod.
 * @param end - right end of the time axis (to line up several charts); default: a little after
 *   the last event
 */
export function renderSvg(view: PodRunView, end?: number): string {
  return document([chart(view, '', end)], `${view.pod} on Kubernetes ${view.k8sVersion}`);
}

/** The time axis end that fits every view (for charts drawn one under the other). */
export function sharedAxisEnd(views: readonly PodRunView[]): number {
  return Math.max(
    ...views.map((v) =>
      axisEnd(
        v.events.reduce((m, e) => Math.max(m, e.t), 0),
        v.until,
      ),
    ),
  );
}

/** Several versions of the same pod, one chart under the other. */
export function renderSvgCompare(views: readonly PodRunView[], headline: string): string {
  // One time axis for every version, so the charts line up.
  const end = sharedAxisEnd(views);
  const head: Chart = {
    body: `<text x="16" y="22" font-size="13" fill="#8d2a1c">${xml(headline)}</text>`,
    height: 30,
  };
  return document(
    [head, ...views.map((v) => chart(v, `Kubernetes ${v.k8sVersion}: `, end))],
    `${views[0]?.pod ?? 'pod'}: version comparison`,
  );
}

/** The pods of one run, one chart under the other on one time axis (they started together). */
export function renderSvgPods(views: readonly PodRunView[]): string {
  const end = sharedAxisEnd(views);
  return document(
    views.map((v) => chart(v, '', end)),
    `${String(views.length)} pods on Kubernetes ${views[0]?.k8sVersion ?? ''}`,
  );
}
