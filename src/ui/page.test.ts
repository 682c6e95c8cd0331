import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RICH_VIEW, RUNNING_VIEW } from '../timeline/render-fixtures.test.js';
import type { UiPodPanel } from './model.js';
import { panelOfView } from './panel.js';
import { renderUiPage } from './page.js';

const PANEL = panelOfView(RICH_VIEW);

/** The page without its script (which names the same classes and attributes). */
const markup = (html: string): string => html.slice(0, html.indexOf('<script>'));

describe('the timeline page', () => {
  it('when a static page is made twice, or from a copy, then the bytes are identical', () => {
    const page = { title: 't', mode: 'static' as const, panels: [PANEL] };
    const copy = JSON.parse(JSON.stringify(page)) as typeof page;
    assert.equal(renderUiPage(copy), renderUiPage(page));
    assert.match(renderUiPage(page), /^<!DOCTYPE html>\n/);
  });

  it('when opened offline then nothing is fetched: no script src, links, imports or web fonts', () => {
    const out = renderUiPage({ title: 't', mode: 'static', panels: [PANEL] });
    assert.doesNotMatch(
      out,
      /<script [^>]*src|<link|@import|@font-face|url\((?!#)|https?:\/\/(?!www\.w3\.org)/i,
    );
    assert.equal((out.match(/<script>/g) ?? []).length, 1);
  });

  it('when a panel is drawn then it has the kubectl row, the badges, the lanes and the events table', () => {
    const out = renderUiPage({ title: 't', mode: 'static', panels: [PANEL] });
    assert.ok(
      out.includes('<th>NAME</th><th>READY</th><th>STATUS</th><th>RESTARTS</th><th>AGE</th>'),
    );
    assert.ok(out.includes('<td>web</td><td>0/3</td><td>Error</td><td>0</td><td>10m</td>'));
    assert.ok(
      out.includes(
        '<li class="badge phase">Failed</li><li class="badge s-True">PodReadyToStartContainers: True</li>',
      ),
    );
    assert.ok(
      out.includes('<th>LAST SEEN</th><th>TYPE</th><th>REASON</th><th>OBJECT</th><th>MESSAGE</th>'),
    );
    // LAST SEEN counts back from the panel's moment (600s): the last migrate start was at 14s.
    assert.ok(
      out.includes(
        '<tr class="Normal"><td>9m46s</td><td>Normal</td><td>Started</td><td>pod/web</td><td>Started container migrate</td></tr>',
      ),
    );
    assert.ok(out.includes(PANEL.lanesSvg));
  });

  it('when strings hold markup or control characters then they are escaped, the lanes SVG kept', () => {
    const evil: UiPodPanel = {
      ...panelOfView(RUNNING_VIEW),
      name: '<img src=x onerror=alert(1)>',
      key: 'a"b/c',
      containers: [{ name: 'x</script>', kind: 'app', logsHref: '/l?a=1&b="2"' }],
      events: [
        { t: 1, type: 'Normal', reason: 'R\u001b[31m', object: 'pod/p', message: '<b>', count: 1 },
      ],
    };
    const out = renderUiPage({
      title: '<t>',
      mode: 'static',
      panels: [evil],
      compareHeadline: '&',
    });
    assert.ok(!out.includes('<img src=x'));
    assert.ok(out.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(out.includes('data-key="a&quot;b/c"'));
    assert.ok(out.includes('x&lt;/script&gt;'));
    assert.ok(out.includes('href="/l?a=1&amp;b=&quot;2&quot;"'));
    assert.ok(out.includes('R\\x1b[31m'));
    assert.ok(out.includes('<p class="diff">&amp;</p>'));
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(out, /[\u0000-\u0008\u000b-\u001f]/);
  });

  it('when a log link leaves the page server then it is not drawn', () => {
    const links = (href: string): number => {
      const p = { ...PANEL, containers: [{ name: 'a', kind: 'app', logsHref: href }] };
      const out = markup(renderUiPage({ title: 't', mode: 'static', panels: [p] }));
      return (out.match(/<a href=/g) ?? []).length;
    };
    assert.equal(links('/ui/logs/default/web/a?follow=1'), 1);
    for (const bad of ['javascript:alert(1)', '//evil.example/x', '/\\evil.example', 'https://x/'])
      assert.equal(links(bad), 0, bad);
  });

  it('when a comparison is drawn then the panels sit in one compare grid under the headline', () => {
    const out = renderUiPage({
      title: 't',
      mode: 'static',
      panels: [PANEL, { ...PANEL, key: 'default/web@1.28', k8sVersion: '1.28' }],
      compareHeadline: 'First difference at 25s',
    });
    assert.match(
      out,
      /<p class="diff">First difference at 25s<\/p>\n<main id="panels" class="panels compare">/,
    );
    assert.equal((markup(out).match(/<section class="panel"/g) ?? []).length, 2);
  });

  it('when the page is live then it names its event stream and shows the connection state', () => {
    const out = renderUiPage({
      title: 't',
      mode: 'live',
      panels: [],
      eventsUrl: '/ui/events?x=1&y=2',
    });
    assert.match(out, /<body data-events-url="\/ui\/events\?x=1&amp;y=2">/);
    assert.match(out, /<p id="conn" class="conn" role="status" data-state="connecting">/);
    assert.doesNotMatch(
      markup(renderUiPage({ title: 't', mode: 'static', panels: [] })),
      /data-events-url|id="conn"/,
    );
  });
});
