/**
 * The timeline page's inline script (plain ES2017, no libraries):
 * - marker tooltips: hovering or focusing a marker of the lanes (`[data-marker]`, focusable in
 *   the SVG) shows its event (time, container, reason, message) in one tooltip; the marker's
 *   SVG `<title>` then becomes its accessible name, so the browser's tooltip does not double it;
 * - live pages (`body[data-events-url]`): an EventSource applies `reset`, `panel` and `gone`
 *   (model.ts), at most once per animation frame however many arrive (the latest panel of a pod
 *   wins), and says when the stream is down and being retried. A `gone` pod's panel stays, marked
 *   deleted (class and `data-deleted` on the section, a "Deleted" status badge after the phase),
 *   with its last lanes and events, even when its last panel came in the same frame, so the user
 *   sees how the pod stopped; a later `panel` of the same key replaces it, and a `reset` keeps
 *   only the panels it lists.
 * `panelHtml` here builds the same bytes as page.ts `panelHtml` (a browser test compares them).
 * Its non-ASCII characters are substitutions (`${'\u00b7'}`): a raw template cannot escape them,
 * and one would make the whole bundle of `run` a two-byte string for Node and V8 to read.
 */
export const PAGE_SCRIPT = String.raw`(function () {
'use strict';
var doc = document;
var CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
var NAMED = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
var ENT = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
function html(s) {
  return String(s).replace(CONTROL, function (c) {
    if (NAMED[c]) return NAMED[c];
    var code = c.charCodeAt(0);
    return code < 0x100 ? '\\x' + ('0' + code.toString(16)).slice(-2) : '\\u' + ('000' + code.toString(16)).slice(-4);
  }).replace(/[&<>"]/g, function (c) { return ENT[c]; });
}
function humanDuration(seconds) {
  var s = Math.trunc(seconds);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return s + 's';
  var minutes = Math.floor(seconds / 60);
  if (minutes < 10) return s % 60 === 0 ? minutes + 'm' : minutes + 'm' + (s % 60) + 's';
  if (minutes < 180) return minutes + 'm';
  var hours = Math.floor(seconds / 3600);
  if (hours < 8) return minutes % 60 === 0 ? hours + 'h' : hours + 'h' + (minutes % 60) + 'm';
  if (hours < 48) return hours + 'h';
  var days = Math.floor(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? days + 'd' : days + 'd' + (hours % 24) + 'h';
  if (hours < 24 * 365 * 2) return days + 'd';
  var years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? years + 'y' : years + 'y' + (days % 365) + 'd';
  return years + 'y';
}
function tr(cells, th, cls) {
  var tag = th ? 'th' : 'td';
  return '<tr' + (cls ? ' class="' + html(cls) + '"' : '') + '>' + cells.map(function (c) {
    return '<' + tag + '>' + html(c) + '</' + tag + '>';
  }).join('') + '</tr>';
}
function panelHtml(p) {
  var now = p.now !== undefined ? p.now : p.events.reduce(function (m, e) { return Math.max(m, e.t); }, 0);
  var badges = '<li class="badge phase">' + html(p.phase) + '</li>' + p.conditions.map(function (c) {
    return '<li class="badge s-' + html(c.status) + '">' + html(c.type + ': ' + c.status) + '</li>';
  }).join('');
  var conts = p.containers.map(function (c) {
    var logs = c.logsHref === undefined || !/^\/(?![/\\])/.test(c.logsHref) ? '' : ' <a href="' + html(c.logsHref) + '" target="_blank" rel="noopener">logs</a>';
    return '<li>' + html(c.name) + ' <span class="kind">' + html(c.kind) + '</span>' + logs + '</li>';
  }).join('');
  var rows = p.events.length === 0 ? '<tr><td colspan="5">No events</td></tr>' : p.events.map(function (e) {
    return tr([humanDuration(now - e.t), e.type, e.reason, e.object, e.message.trim()], false, e.type);
  }).join('');
  return '<section class="panel" data-key="' + html(p.key) + '">' +
    '<h2>' + html(p.name) + ' <span class="ver">' + html(p.namespace + ' ${'\u00b7'} Kubernetes ' + p.k8sVersion) + '</span></h2>' +
    '<div class="scroll"><table class="row"><thead>' + tr(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], true) +
    '</thead><tbody>' + tr([p.name, p.row.ready, p.row.status, p.row.restarts, p.row.age]) + '</tbody></table></div>' +
    '<ul class="badges" aria-label="phase and conditions">' + badges + '</ul>' +
    '<div class="lanes" tabindex="0" role="group" aria-label="' + html('lanes of ' + p.key) + '">' + p.lanesSvg + '</div>' +
    '<h3>Containers</h3><ul class="containers">' + conts + '</ul>' +
    '<h3>Events</h3><div class="scroll"><table class="events"><thead>' + tr(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'], true) +
    '</thead><tbody>' + rows + '</tbody></table></div></section>';
}
window.sidecarctlPanelHtml = panelHtml;

// A marker about to show our tooltip: its SVG title becomes its accessible name, so the browser
// shows no second, native tooltip (done then, not for every marker of a large page at load).
function untitle(m) {
  var t = m.querySelector(':scope > title');
  if (!t) return;
  m.setAttribute('aria-label', t.textContent);
  m.removeChild(t);
}
var tip = doc.getElementById('tip');
var shown = null;
function line(tag, text) {
  var el = doc.createElement(tag);
  el.textContent = text;
  tip.appendChild(el);
}
function show(m) {
  if (shown === m) return;
  shown = m;
  untitle(m);
  tip.textContent = '';
  line('b', m.getAttribute('data-reason') || '');
  line('div', 'at ' + m.getAttribute('data-t') + 's ${'\u00b7'} ' + (m.getAttribute('data-container') || 'pod'));
  line('div', m.getAttribute('data-message') || '');
  tip.hidden = false;
  var r = m.getBoundingClientRect();
  var w = tip.offsetWidth, h = tip.offsetHeight;
  var left = Math.max(8, Math.min(r.left, window.innerWidth - w - 8));
  var top = r.bottom + 8 + h > window.innerHeight ? r.top - h - 8 : r.bottom + 8;
  tip.style.left = left + 'px';
  tip.style.top = Math.max(8, top) + 'px';
}
function hide() { shown = null; tip.hidden = true; }
function markerOf(e) { return e.target && e.target.closest ? e.target.closest('[data-marker]') : null; }
doc.addEventListener('focusin', function (e) { var m = markerOf(e); if (m) show(m); else hide(); });
doc.addEventListener('focusout', function (e) { if (markerOf(e) === shown) hide(); });
doc.addEventListener('mouseover', function (e) { var m = markerOf(e); if (m) show(m); });
doc.addEventListener('mouseout', function (e) { var m = markerOf(e); if (m && m === shown && doc.activeElement !== m) hide(); });
doc.addEventListener('keydown', function (e) { if (e.key === 'Escape') hide(); });
window.addEventListener('scroll', hide, true);
var panels = doc.getElementById('panels');
// The first frame with the panels drawn (the benchmark reads this mark).
requestAnimationFrame(function () { setTimeout(function () { performance.mark('sidecarctl:drawn'); }, 0); });

var url = doc.body.getAttribute('data-events-url');
if (!url) return;
var conn = doc.getElementById('conn');
var pending = new Map();
var reset = null;
var scheduled = false;
var applied = 0;
var lastMessageAt = 0;
var retry = 1000;
function state(s, text) {
  if (conn.getAttribute('data-state') === s) return;
  conn.setAttribute('data-state', s);
  conn.textContent = text;
}
function fromHtml(s) {
  var t = doc.createElement('template');
  t.innerHTML = s;
  return t.content;
}
// A pod's panel; the lanes of the panel it replaces are kept when their SVG did not change
// (parsing and laying out the SVG is most of a panel's cost).
function build(p, old) {
  var keep = old && old.sidecarctlLanes === p.lanesSvg;
  var frag = fromHtml(panelHtml(keep ? Object.assign({}, p, { lanesSvg: '' }) : p));
  var el = frag.firstElementChild;
  if (keep) {
    var from = old.querySelector('.lanes'), to = el.querySelector('.lanes');
    while (from.firstChild) to.appendChild(from.firstChild);
  }
  el.sidecarctlLanes = p.lanesSvg;
  return el;
}
// Marks a pod's panel deleted (idempotent): the markup stays the server's, plus a status badge.
function markDeleted(el) {
  if (el.hasAttribute('data-deleted')) return;
  el.setAttribute('data-deleted', '');
  el.classList.add('deleted');
  var badge = doc.createElement('li');
  badge.className = 'badge deleted';
  badge.setAttribute('role', 'status');
  badge.textContent = 'Deleted';
  var phase = el.querySelector('.badges > .phase');
  phase.parentNode.insertBefore(badge, phase.nextSibling);
}
// Draws panel p in place of old (or last when there is none) and returns its element.
function put(p, old) {
  var el = build(p, old);
  el.sidecarctlRaw = p.sidecarctlRaw;
  if (old) panels.replaceChild(el, old); else panels.appendChild(el);
  return el;
}
function find(key) {
  for (var el = panels.firstElementChild; el; el = el.nextElementSibling)
    if (el.getAttribute('data-key') === key) return el;
  return null;
}
function flush() {
  scheduled = false;
  if (shown && !doc.contains(shown)) hide();
  if (reset !== null) {
    var olds = new Map();
    for (var el = panels.firstElementChild; el; el = el.nextElementSibling)
      olds.set(el.getAttribute('data-key'), el);
    var frag = doc.createDocumentFragment();
    reset.forEach(function (p) { frag.appendChild(build(p, olds.get(p.key))); });
    panels.textContent = '';
    panels.appendChild(frag);
    reset = null;
  }
  pending.forEach(function (p, key) {
    var old = find(key);
    if (p.sidecarctlGone) {
      // Its last panel first when it came in this frame, then marked deleted.
      if (p.last) old = put(p.last, old);
      if (old) markDeleted(old);
      return;
    }
    // The same panel again (a status post that changed nothing shown): nothing to draw.
    var same = old && p.sidecarctlRaw !== undefined && old.sidecarctlRaw === p.sidecarctlRaw;
    if (same && !old.hasAttribute('data-deleted')) return;
    put(p, old);
  });
  pending.clear();
  if (shown && !doc.contains(shown)) hide();
  applied++;
  doc.body.setAttribute('data-applied', String(applied));
  // For the benchmark: when this frame's last message arrived.
  performance.mark('sidecarctl:applied', { detail: { lastMessageAt: lastMessageAt } });
}
function schedule() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(flush);
}
function on(es, name, apply) {
  es.addEventListener(name, function (e) {
    var data;
    lastMessageAt = performance.now();
    try { data = JSON.parse(e.data); } catch (err) { return; }
    apply(data, e.data);
    schedule();
  });
}
function connect() {
  var es = new EventSource(url, { withCredentials: true });
  es.onopen = function () { retry = 1000; state('live', 'Live'); };
  es.onerror = function () {
    state('disconnected', 'Disconnected ${'\u00b7'} reconnecting${'\u2026'}');
    if (es.readyState === 2) {
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30000);
    }
  };
  on(es, 'reset', function (list) { reset = list; pending.clear(); });
  on(es, 'panel', function (p, raw) { p.sidecarctlRaw = raw; pending.set(p.key, p); });
  on(es, 'gone', function (g) {
    var last = pending.get(g.key);
    pending.set(g.key, { sidecarctlGone: true, last: last && !last.sidecarctlGone ? last : null });
  });
}
connect();
})();`;
