/**
 * What the SVG chart (render-svg.ts) and its lanes (svg-lanes.ts) share: the sizes of the
 * picture, the state and signal colours, XML escaping and fixed-precision numbers.
 */
import { escapeControl } from '../manifest/escape.js';
import type { LaneState } from './lanes.js';

export const W = 1100;
export const LEFT = 190;
const RIGHT = 36;
export const PLOT = W - LEFT - RIGHT;
export const LANE_H = 62;
export const POD_H = 64;
export const FONT = "'DejaVu Sans', Verdana, Arial, Helvetica, sans-serif";
/** Approximate advance of one character at 11 px in the fonts above. */
export const CHAR_W = 6.4;

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

export const SIGNAL_COLOR = { SIGTERM: '#c0392b', SIGKILL: '#5b0000' } as const;

/** Escapes text for XML content and attribute values (control characters too: XML forbids them). */
export function xml(s: string): string {
  return escapeControlLines(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Fixed-precision coordinates, so output bytes never depend on float noise. */
export function n(v: number): string {
  const r = Math.round(v * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

/** escapeControl line by line: the line breaks of a `<pre>` stay. */
function escapeControlLines(s: string): string {
  return s.split('\n').map(escapeControl).join('\n');
}
