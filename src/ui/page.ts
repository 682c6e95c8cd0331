/**
 * The timeline page: one self-contained HTML document (inline style and script, nothing fetched
 * but the live page's own event stream) drawing the panels of model.ts. The same markup comes from
 * here (static pages, and a live page's first paint) and from the page's script (panels arriving
 * over the event stream, page-script.ts): a browser test keeps the two byte-equal. Every string
 * but the lanes' SVG (our renderer's, escaped there) is escaped here.
 */
import { escapeControl } from '../manifest/escape.js';
import { humanDuration } from '../timeline/pod-row.js';
import type { UiEventRow, UiPage, UiPodPanel } from './model.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';

/** Text for HTML content and attribute values: control characters shown as escapes, then `&<>"`. */
export function html(s: string): string {
  return escapeControl(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A row of cells; header cells when `th`. */
function tr(cells: readonly string[], th = false, cls = ''): string {
  const tag = th ? 'th' : 'td';
  return `<tr${cls === '' ? '' : ` class="${html(cls)}"`}>${cells.map((c) => `<${tag}>${html(c)}</${tag}>`).join('')}</tr>`;
}

function kubectlRow(p: UiPodPanel): string {
  return (
    '<div class="scroll"><table class="row"><thead>' +
    tr(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], true) +
    '</thead><tbody>' +
    tr([p.name, p.row.ready, p.row.status, p.row.restarts, p.row.age]) +
    '</tbody></table></div>'
  );
}

function badges(p: UiPodPanel): string {
  const items = [
    `<li class="badge phase">${html(p.phase)}</li>`,
    ...p.conditions.map(
      (c) => `<li class="badge s-${html(c.status)}">${html(`${c.type}: ${c.status}`)}</li>`,
    ),
  ];
  return `<ul class="badges" aria-label="phase and conditions">${items.join('')}</ul>`;
}

/** Log links stay on the page's own server: a path (`/...`, not `//host`), nothing else. */
const SAME_ORIGIN_PATH = /^\/(?![/\\])/;

function containers(p: UiPodPanel): string {
  const items = p.containers.map((c) => {
    const logs =
      c.logsHref === undefined || !SAME_ORIGIN_PATH.test(c.logsHref)
        ? ''
        : ` <a href="${html(c.logsHref)}" target="_blank" rel="noopener">logs</a>`;
    return `<li>${html(c.name)} <span class="kind">${html(c.kind)}</span>${logs}</li>`;
  });
  return `<h3>Containers</h3><ul class="containers">${items.join('')}</ul>`;
}

/** kubectl get events' LAST SEEN: the age of the row's last time at the panel's moment. */
function lastSeen(e: UiEventRow, now: number): string {
  return humanDuration(now - e.t);
}

function events(p: UiPodPanel): string {
  const now = p.now ?? p.events.reduce((m, e) => Math.max(m, e.t), 0);
  const rows =
    p.events.length === 0
      ? '<tr><td colspan="5">No events</td></tr>'
      : p.events
          .map((e) =>
            tr([lastSeen(e, now), e.type, e.reason, e.object, e.message.trim()], false, e.type),
          )
          .join('');
  return (
    '<h3>Events</h3><div class="scroll"><table class="events"><thead>' +
    tr(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'], true) +
    `</thead><tbody>${rows}</tbody></table></div>`
  );
}

/** One pod's panel (the page's script builds the same bytes from a streamed panel). */
export function panelHtml(p: UiPodPanel): string {
  return (
    `<section class="panel" data-key="${html(p.key)}">` +
    `<h2>${html(p.name)} <span class="ver">${html(`${p.namespace} · Kubernetes ${p.k8sVersion}`)}</span></h2>` +
    kubectlRow(p) +
    badges(p) +
    `<div class="lanes" tabindex="0" role="group" aria-label="${html(`lanes of ${p.key}`)}">${p.lanesSvg}</div>` +
    containers(p) +
    events(p) +
    '</section>'
  );
}

/** The whole page. */
export function renderUiPage(page: UiPage): string {
  const live = page.mode === 'live' && page.eventsUrl !== undefined;
  const attrs = live ? ` data-events-url="${html(page.eventsUrl ?? '')}"` : '';
  const head =
    page.compareHeadline === undefined ? '' : `<p class="diff">${html(page.compareHeadline)}</p>\n`;
  const conn = live
    ? '<p id="conn" class="conn" role="status" data-state="connecting">Connecting…</p>\n'
    : '';
  const cls = page.compareHeadline === undefined ? 'panels' : 'panels compare';
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${html(page.title)}</title>\n<style>${PAGE_STYLE}</style>\n</head>\n` +
    `<body${attrs}>\n<h1>${html(page.title)}</h1>\n${conn}${head}` +
    `<main id="panels" class="${cls}">\n${page.panels.map(panelHtml).join('\n')}\n</main>\n` +
    '<div id="tip" role="tooltip" hidden></div>\n' +
    `<script>${PAGE_SCRIPT}</script>\n</body>\n</html>\n`
  );
}
