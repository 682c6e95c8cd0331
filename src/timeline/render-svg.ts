/**
 * `simulate -o svg`: a Gantt-style picture of a pod's life. One lane per container (init
 * containers and sidecars in spec order, then regular containers), coloured by state with the
 * state written in the bar; markers for probes, hooks, signals and exits; a pod lane with the
 * phase, the Ready condition, deletion and phase changes; a time axis with ticks; an inline key.
 *
 * Self-contained (no fonts, scripts or links to fetch) and deterministic: the same view gives
 * the same bytes (fixed number formatting, no dates, no random ids).
 */
import { fmtSeconds, buildTimeline } from './lanes.js';
import { viewRow } from './render-text.js';
import { containerLane, focusable, podLane } from './svg-lanes.js';
import {
  FONT,
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
import type { PodRunView } from './view.js';

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
      const f = focusable('pod', m.t, 'PodPhase', `phase ${m.phase}`);
      out.push(
        `<g data-marker="phase" data-phase="${m.phase}" data-t="${String(m.t)}"${f.attrs}>${f.title}<line x1="${n(x(m.t))}" y1="${n(podY)}" x2="${n(x(m.t))}" y2="${n(bottom)}" stroke="#1f4e79" stroke-width="1" stroke-opacity="0.6" stroke-dasharray="4 3"/></g>`,
      );
    } else if (m.kind === 'delete') {
      const f = focusable(
        'pod',
        m.t,
        'PodDeleting',
        `grace period ${fmtSeconds(m.gracePeriodSeconds)}`,
      );
      out.push(
        `<g data-marker="delete" data-t="${String(m.t)}"${f.attrs}>${f.title}<line x1="${n(x(m.t))}" y1="${n(podY)}" x2="${n(x(m.t))}" y2="${n(bottom)}" stroke="#c0392b" stroke-width="1.5" stroke-dasharray="6 3"/></g>`,
      );
    }
  }

  out.push(...overlay);
  const legendY = bottom + 22;
  out.push(legend(legendY));
  return { body: out.join('\n'), height: legendY + 44 };
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
