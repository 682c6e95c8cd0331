/**
 * The one choice of renderer by `-o` format, for `simulate` and `run` alike: one pod, one pod on
 * several versions (simulate --compare-versions), or the several pods of one run. The commands
 * pick which of the three they have; what each format looks like lives in the render-* files.
 */
import {
  describeDifference,
  firstDifference,
  renderCompareJson,
  renderCompareText,
} from '../timeline/compare.js';
import { renderHtml, renderHtmlCompare, renderHtmlPods } from './render-html.js';
import { renderJson } from '../timeline/render-json.js';
import { renderSvg, renderSvgCompare, renderSvgPods } from '../timeline/render-svg.js';
import { renderText, viewRow } from '../timeline/render-text.js';
import { formatPodRows } from '../timeline/pod-row.js';
import type { PodRunView } from '../timeline/view.js';

/** The `-o` formats of a pod's lifecycle. */
export const VIEW_FORMATS = ['text', 'json', 'svg', 'html'] as const;
export type ViewFormat = (typeof VIEW_FORMATS)[number];

/** One pod. */
export function renderView(view: PodRunView, format: ViewFormat): string {
  switch (format) {
    case 'json':
      return renderJson(view);
    case 'svg':
      return renderSvg(view);
    case 'html':
      return renderHtml(view);
    case 'text':
      return renderText(view);
  }
}

/** The same pod on several versions, led by where they first differ. */
export function renderVersions(views: readonly PodRunView[], format: ViewFormat): string {
  switch (format) {
    case 'json':
      return renderCompareJson(views);
    case 'svg':
      return renderSvgCompare(views, describeDifference(firstDifference(views), views));
    case 'html':
      return renderHtmlCompare(views);
    case 'text':
      return renderCompareText(views);
  }
}

/**
 * The pods of one run: json `{"pods":[{"name","events","status"}]}`; svg and html draw each pod
 * in turn on one time axis; text is their `kubectl get pods` table (a run's timeline has
 * already been streamed).
 */
export function renderPods(views: readonly PodRunView[], format: ViewFormat): string {
  switch (format) {
    case 'json': {
      const pods = views.map((v) => ({ name: v.pod, events: v.events, status: v.status }));
      return JSON.stringify({ pods }, null, 2) + '\n';
    }
    case 'svg':
      return renderSvgPods(views);
    case 'html':
      return renderHtmlPods(views);
    case 'text':
      return `${formatPodRows(views.map(viewRow))}\n`;
  }
}
