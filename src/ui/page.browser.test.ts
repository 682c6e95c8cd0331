/**
 * The timeline page in a real browser (Debian's chromium through playwright-core): what a person
 * with a keyboard, a laptop or a phone sees, and the live page following its event stream.
 * Every wait is for a condition in the page, never a fixed time.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { RICH_VIEW, RUNNING_VIEW } from '../timeline/render-fixtures.test.js';
import { launchBrowser, pageServer, skipReason } from './browser.test-support.js';
import type { UiPodPanel } from './model.js';
import { panelHtml, renderUiPage } from './page.js';
import { panelOfView } from './panel.js';
import { renderHtml, renderHtmlCompare } from './render-html.js';

const skip = skipReason();
const WAIT = { timeout: 60_000 };
const NO_SIDEWAYS_SCROLL =
  'document.documentElement.scrollWidth <= document.documentElement.clientWidth';
const panelCount = (n: number): string =>
  `document.querySelectorAll('section.panel').length === ${String(n)}`;
const deletedPanel = (key: string): string =>
  `document.querySelector('section.panel.deleted[data-deleted][data-key=${JSON.stringify(key)}]') !== null`;

describe('the timeline page in chromium', { skip, timeout: 300_000 }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  async function open(html: string, width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    page.setDefaultTimeout(WAIT.timeout);
    await page.setContent(html, { waitUntil: 'load' });
    return page;
  }

  it('when a marker gets keyboard focus then a focus ring and a tooltip show its event', async () => {
    const page = await open(renderHtml(RICH_VIEW), 1280);
    try {
      // The lanes box first, then its markers, in document order.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate('document.activeElement.className'), 'lanes');
      await page.keyboard.press('Tab');
      const marker = (await page.evaluate(`(() => {
        const m = document.activeElement;
        const a = (k) => m.getAttribute(k);
        return {
          kind: a('data-marker'), t: a('data-t'), container: a('data-container'),
          reason: a('data-reason'), message: a('data-message'), label: a('aria-label'),
          outline: getComputedStyle(m).outlineStyle,
        };
      })()`)) as Record<
        'kind' | 't' | 'container' | 'reason' | 'message' | 'label' | 'outline',
        string | null
      >;
      assert.ok(marker.kind !== null, 'a marker has the focus');
      assert.equal(marker.outline, 'solid');
      await page.waitForSelector('#tip:not([hidden])', WAIT);
      const tip = await page.textContent('#tip');
      assert.equal(
        tip,
        `${marker.reason!}at ${marker.t!}s · ${marker.container!}${marker.message!}`,
      );
      // The SVG title became the accessible name (no second, native tooltip).
      assert.match(marker.label ?? '', new RegExp(`: ${marker.reason!}: `));
      assert.equal(await page.locator('[data-marker]:focus > title').count(), 0);
      await page.keyboard.press('Escape');
      await page.waitForSelector('#tip[hidden]', { state: 'attached', ...WAIT });

      // Hover shows the same for a marker under the mouse: app's failed readiness probe at 19s.
      await page.hover('[data-marker="probe"][data-container="app"][data-t="19"]');
      await page.waitForSelector('#tip:not([hidden])', WAIT);
      assert.equal(
        await page.textContent('#tip'),
        'ProbeResultat 19s · appreadiness probe: Failure',
      );
    } finally {
      await page.close();
    }
  });

  it('when shown at phone width (390px) then the page does not scroll sideways; the lanes scroll in their box', async () => {
    const page = await open(renderHtml(RICH_VIEW), 390);
    try {
      const m = (await page.evaluate(`(() => {
        const lanes = document.querySelector('.lanes');
        const root = document.documentElement;
        return { page: root.scrollWidth, view: root.clientWidth, lanes: lanes.scrollWidth, box: lanes.clientWidth };
      })()`)) as Record<'page' | 'view' | 'lanes' | 'box', number>;
      assert.ok(m.page <= m.view, `page ${String(m.page)}px wide in a ${String(m.view)}px view`);
      assert.ok(m.lanes > m.box, 'the lanes scroll inside their box');
    } finally {
      await page.close();
    }
  });

  it('when versions are compared then the panels sit side by side at 1280px and one under the other at 390px', async () => {
    const html = renderHtmlCompare([RICH_VIEW, { ...RICH_VIEW, k8sVersion: '1.28' }]);
    const boxes = async (
      width: number,
    ): Promise<{ x: number; y: number; w: number; h: number }[]> => {
      const page = await open(html, width);
      try {
        const all = await page.locator('section.panel').all();
        const out = [];
        for (const s of all) {
          const b = (await s.boundingBox())!;
          out.push({ x: b.x, y: b.y, w: b.width, h: b.height });
        }
        assert.ok(
          await page.evaluate(NO_SIDEWAYS_SCROLL),
          `no sideways scroll at ${String(width)}px`,
        );
        return out;
      } finally {
        await page.close();
      }
    };
    const [a, b] = await boxes(1280);
    assert.ok(a && b);
    assert.equal(a.y, b.y, 'same row');
    assert.ok(b.x >= a.x + a.w, 'second right of the first');
    const [c, d] = await boxes(390);
    assert.ok(c && d);
    assert.ok(d.y >= c.y + c.h, 'second under the first');
  });

  it('when a live page follows its stream then reset, panel and gone apply, in the same markup as the static page, a gone panel stays marked deleted, and a lost stream shows', async () => {
    const web = panelOfView(RICH_VIEW);
    const other = panelOfView({ ...RUNNING_VIEW, pod: 'default/other' });
    const server = await pageServer(
      renderUiPage({ title: 'live', mode: 'live', panels: [], eventsUrl: '/events' }),
    );
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(WAIT.timeout);
    try {
      // Every message the page's own listeners handled, to know when one is applied-to-be.
      await page.addInitScript(`(() => {
        window.handled = [];
        const add = EventSource.prototype.addEventListener;
        EventSource.prototype.addEventListener = function (name, fn, options) {
          return add.call(this, name, function (e) {
            fn.call(this, e);
            window.handled.push(name + ' ' + e.data);
          }, options);
        };
      })()`);
      const connected = server.nextStream();
      await page.goto(server.url);
      await connected;
      await page.waitForSelector('#conn[data-state="live"]', WAIT);
      const keys = (): Promise<string[]> =>
        page.$$eval('section.panel', (s) => s.map((e) => e.getAttribute('data-key') ?? ''));

      server.send('reset', [web, other]);
      await page.waitForFunction(panelCount(2), null, WAIT);
      assert.deepEqual(await keys(), ['default/web', 'default/other']);
      // The script's markup is the server's, byte for byte.
      for (const p of [web, other]) {
        const fromScript = await page.evaluate(
          (panel) =>
            (
              globalThis as unknown as { sidecarctlPanelHtml(p: unknown): string }
            ).sidecarctlPanelHtml(panel),
          p,
        );
        assert.equal(fromScript, panelHtml(p));
      }

      const changed: UiPodPanel = { ...other, row: { ...other.row, status: 'Terminating' } };
      const evil: UiPodPanel = {
        ...other,
        key: 'default/evil',
        name: '<img src=x onerror="window.pwned=1">',
      };
      server.send('panel', changed);
      server.send('panel', evil);
      server.send('gone', { key: 'default/web' });
      await page.waitForFunction(deletedPanel('default/web'), null, WAIT);
      assert.deepEqual(await keys(), ['default/web', 'default/other', 'default/evil']);
      assert.equal(
        await page.textContent(
          'section.panel[data-key="default/other"] table.row tbody td:nth-child(3)',
        ),
        'Terminating',
      );
      assert.equal(await page.locator('section.panel img').count(), 0);
      assert.equal(await page.evaluate('window.pwned'), undefined);

      // The same panel again draws nothing: the element stays (tagged), while a later gone applies.
      await page.evaluate(
        `document.querySelector('section.panel[data-key="default/other"]').tagged = 1`,
      );
      server.send('panel', changed);
      server.send('gone', { key: 'default/evil' });
      await page.waitForFunction(deletedPanel('default/evil'), null, WAIT);
      assert.equal(
        await page.evaluate(
          `document.querySelector('section.panel[data-key="default/other"]').tagged`,
        ),
        1,
      );

      // A pod's last panel and its gone in one frame (serve sends them back to back): the panel
      // stays on screen, marked deleted, showing that last panel: its status, lanes and events.
      const last: UiPodPanel = {
        ...other,
        phase: 'Succeeded',
        row: { ...other.row, status: 'Completed' },
      };
      await page.evaluate(`(() => {
        const raf = window.requestAnimationFrame;
        window.requestAnimationFrame = (f) => { window.heldFrame = f; return 0; };
        window.restoreFrames = () => { window.requestAnimationFrame = raf; raf(window.heldFrame); };
      })()`);
      server.send('panel', last);
      server.send('gone', { key: 'default/other' });
      const goneHandled = `window.handled.includes(${JSON.stringify(`gone ${JSON.stringify({ key: 'default/other' })}`)})`;
      await page.waitForFunction(`${goneHandled} && window.heldFrame !== undefined`, null, WAIT);
      await page.evaluate('window.restoreFrames()');
      await page.waitForFunction(deletedPanel('default/other'), null, WAIT);
      assert.deepEqual(await keys(), ['default/web', 'default/other', 'default/evil']);
      const shown = (await page.evaluate(`(() => {
        const s = document.querySelector('section.panel[data-key="default/other"]');
        const badges = [...s.querySelectorAll('.badges > li')];
        return {
          badges: badges.map((b) => b.textContent),
          status: badges.filter((b) => b.getAttribute('role') === 'status').map((b) => b.textContent),
          row: s.querySelector('table.row tbody td:nth-child(3)').textContent,
          events: s.querySelectorAll('table.events tbody tr').length,
          lanes: s.querySelectorAll('.lanes g[data-lane]').length,
          opacity: getComputedStyle(s.querySelector('.lanes')).opacity,
        };
      })()`)) as {
        badges: string[];
        status: string[];
        row: string;
        events: number;
        lanes: number;
        opacity: string;
      };
      assert.deepEqual(shown.badges.slice(0, 2), ['Succeeded', 'Deleted']);
      assert.deepEqual(shown.status, ['Deleted']);
      assert.equal(shown.row, 'Completed');
      assert.equal(shown.events, Math.max(1, last.events.length));
      assert.ok(shown.lanes > 0, 'the last lanes are kept');
      assert.ok(Number(shown.opacity) < 1 && Number(shown.opacity) >= 0.6, shown.opacity);

      // A re-created pod of the same name: its panel replaces the deleted one, unmarked.
      server.send('panel', changed);
      await page.waitForFunction(
        `document.querySelector('section.panel[data-key="default/other"]:not(.deleted):not([data-deleted])') !== null`,
        null,
        WAIT,
      );
      assert.equal(
        await page.locator('section.panel[data-key="default/other"] .badge.deleted').count(),
        0,
      );
      assert.equal(
        await page.textContent(
          'section.panel[data-key="default/other"] table.row tbody td:nth-child(3)',
        ),
        'Terminating',
      );
      assert.deepEqual(await keys(), ['default/web', 'default/other', 'default/evil']);

      server.dropStreams(true);
      await page.waitForSelector('#conn[data-state="disconnected"]', WAIT);
      assert.match((await page.textContent('#conn')) ?? '', /Disconnected.*reconnecting/);

      const back = server.nextStream();
      server.dropStreams(false);
      await back;
      await page.waitForSelector('#conn[data-state="live"]', WAIT);
      // A reset keeps only what it lists: the deleted panels it does not list go, and a listed
      // one comes back unmarked.
      server.send('reset', [web]);
      await page.waitForFunction(panelCount(1), null, WAIT);
      assert.deepEqual(await keys(), ['default/web']);
      assert.equal(await page.locator('section.panel.deleted, .badge.deleted').count(), 0);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
