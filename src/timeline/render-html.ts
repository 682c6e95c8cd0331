/**
 * `simulate -o html` and `run -o html`: one self-contained page (no scripts, no external styles or fonts) with the
 * SVG picture, the text timeline and the final status, so a simulation can be attached to a
 * ticket or a pull request as one file. Deterministic like the SVG.
 */
import { describeDifference, firstDifference } from './compare.js';
import { renderSvg, sharedAxisEnd } from './render-svg.js';
import { xml } from './svg-style.js';
import { renderText } from './render-text.js';
import type { PodRunView } from './view.js';

const STYLE =
  'body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;margin:24px;color:#111;background:#fff}' +
  'h1{font-size:20px}h2{font-size:16px;margin-top:28px}' +
  'pre{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12px;background:#f6f8fa;padding:12px;overflow-x:auto}' +
  'figure{margin:0;overflow-x:auto}.diff{color:#8d2a1c;font-weight:bold}';

function page(title: string, body: string): string {
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${xml(title)}</title>\n` +
    `<style>${STYLE}</style>\n</head>\n<body>\n<h1>${xml(title)}</h1>\n${body}\n</body>\n</html>\n`
  );
}

function section(view: PodRunView, end?: number): string {
  return `<figure>\n${renderSvg(view, end)}</figure>\n<pre>${xml(renderText(view))}</pre>`;
}

/** The page of one pod. */
export function renderHtml(view: PodRunView): string {
  return page(`${view.pod} on Kubernetes ${view.k8sVersion}`, section(view));
}

/** The page of a version comparison: the first difference, then one section per version. */
export function renderHtmlCompare(views: readonly PodRunView[]): string {
  const head = describeDifference(firstDifference(views), views);
  const end = sharedAxisEnd(views);
  const body = [
    `<p class="diff">${xml(head)}</p>`,
    ...views.map((v) => `<h2>Kubernetes ${xml(v.k8sVersion)}</h2>\n${section(v, end)}`),
  ].join('\n');
  return page(`${views[0]?.pod ?? 'pod'}: ${views.map((v) => v.k8sVersion).join(' vs ')}`, body);
}

/** The page of a run's pods: one section per pod, on one time axis (they started together). */
export function renderHtmlPods(views: readonly PodRunView[]): string {
  const end = sharedAxisEnd(views);
  const body = views.map((v) => `<h2>${xml(v.pod)}</h2>\n${section(v, end)}`).join('\n');
  return page(`${String(views.length)} pods on Kubernetes ${views[0]?.k8sVersion ?? ''}`, body);
}
