/**
 * `simulate -o html` and `run -o html`: the timeline page of src/ui (page.ts), static, so a
 * simulation or a run can be attached to a ticket or a pull request as one file that looks like
 * serve's live /ui. Deterministic like the SVG: the same views give the same bytes.
 */
import { describeDifference, firstDifference } from '../timeline/compare.js';
import { sharedAxisEnd } from '../timeline/render-svg.js';
import type { PodRunView } from '../timeline/view.js';
import { renderUiPage } from './page.js';
import { panelOfView } from './panel.js';

/** The page of one pod. */
export function renderHtml(view: PodRunView): string {
  return renderUiPage({
    title: `${view.pod} on Kubernetes ${view.k8sVersion}`,
    mode: 'static',
    panels: [panelOfView(view)],
  });
}

/** The page of a version comparison: the first difference, then the versions side by side on one time axis. */
export function renderHtmlCompare(views: readonly PodRunView[]): string {
  const end = sharedAxisEnd(views);
  return renderUiPage({
    title: `${views[0]?.pod ?? 'pod'}: ${views.map((v) => v.k8sVersion).join(' vs ')}`,
    mode: 'static',
    compareHeadline: describeDifference(firstDifference(views), views),
    panels: views.map((v) => {
      const panel = panelOfView(v, { end });
      return { ...panel, key: `${panel.key}@${v.k8sVersion}` };
    }),
  });
}

/** The page of a run's pods: one panel per pod, on one time axis (they started together). */
export function renderHtmlPods(views: readonly PodRunView[]): string {
  const end = sharedAxisEnd(views);
  return renderUiPage({
    title: `${String(views.length)} pods on Kubernetes ${views[0]?.k8sVersion ?? ''}`,
    mode: 'static',
    panels: views.map((v) => panelOfView(v, { end })),
  });
}
