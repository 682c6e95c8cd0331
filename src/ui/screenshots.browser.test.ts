/**
 * The README's pictures of the timeline page, kept current: docs/ui-laptop.png (1280 px wide) and
 * docs/ui-phone.png (390 px) are `simulate -o html` of the seed's native-sidecar pod
 * (examples/seed/native-sidecar.yaml with examples/scenarios/seed-native-sidecar.yaml) as chromium
 * draws it. The pixels are compared inside the browser (both images on a canvas), tolerant of a
 * few anti-aliasing differences; `UPDATE_SCREENSHOTS=1` rewrites the files.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { fromText } from '../manifest/load.js';
import { simulateInput } from '../simulate/simulate-input.js';
import { launchBrowser, skipReason } from './browser.test-support.js';
import { renderHtml } from './render-html.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const UPDATE = process.env['UPDATE_SCREENSHOTS'] === '1';
/** A pixel differs when a channel is off by more than this; the picture when more than MAX_SHARE of them do. */
const CHANNEL_TOLERANCE = 24;
const MAX_SHARE = 0.005;

/** The page of the docs' pictures. */
export function screenshotPage(): string {
  const input = fromText(readFileSync(join(ROOT, 'examples/seed/native-sidecar.yaml'), 'utf8'));
  const [run] = simulateInput(input, {
    scenarioFile: join(ROOT, 'examples/scenarios/seed-native-sidecar.yaml'),
  });
  return renderHtml(run!.view);
}

interface Diff {
  readonly size: string;
  readonly differing: number;
  readonly total: number;
}

const COMPARE = `async ([a, b, tolerance]) => {
  const load = (src) => new Promise((res, rej) => {
    const img = new Image();
    img.onload = () => res(img);
    img.onerror = () => rej(new Error('not an image'));
    img.src = src;
  });
  const pixels = (img) => {
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    return ctx.getImageData(0, 0, c.width, c.height).data;
  };
  const [x, y] = await Promise.all([load(a), load(b)]);
  const size = x.naturalWidth + 'x' + x.naturalHeight + ' vs ' + y.naturalWidth + 'x' + y.naturalHeight;
  if (x.naturalWidth !== y.naturalWidth || x.naturalHeight !== y.naturalHeight)
    return { size, differing: -1, total: 0 };
  const p = pixels(x), q = pixels(y);
  let differing = 0;
  for (let i = 0; i < p.length; i += 4) {
    if (Math.abs(p[i] - q[i]) > tolerance || Math.abs(p[i + 1] - q[i + 1]) > tolerance ||
        Math.abs(p[i + 2] - q[i + 2]) > tolerance) differing++;
  }
  return { size, differing, total: p.length / 4 };
}`;

describe('the screenshots in docs/', { skip: skipReason(), timeout: 300_000 }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const [file, width] of [
    ['docs/ui-laptop.png', 1280],
    ['docs/ui-phone.png', 390],
  ] as const) {
    it(`when the seed's native-sidecar page is drawn ${String(width)}px wide then it matches ${file}`, async () => {
      const page = await browser.newPage({
        viewport: { width, height: 800 },
        deviceScaleFactor: 1,
      });
      try {
        await page.setContent(screenshotPage(), { waitUntil: 'load' });
        const shot = await page.screenshot({ fullPage: true, animations: 'disabled' });
        const path = join(ROOT, file);
        if (UPDATE) {
          writeFileSync(path, shot);
          return;
        }
        const again = `rerun with UPDATE_SCREENSHOTS=1 to rewrite it if the change is intended`;
        assert.ok(existsSync(path), `${file} is missing: ${again}`);
        const url = (b: Buffer): string => `data:image/png;base64,${b.toString('base64')}`;
        const diff = (await page.evaluate(
          `(${COMPARE})(${JSON.stringify([url(shot), url(readFileSync(path)), CHANNEL_TOLERANCE])})`,
        )) as Diff;
        assert.ok(
          diff.differing >= 0,
          `${file} has another size than the page (${diff.size}): ${again}`,
        );
        const share = diff.differing / diff.total;
        assert.ok(
          share <= MAX_SHARE,
          `${file} differs from the page in ${(share * 100).toFixed(2)}% of its pixels: ${again}`,
        );
      } finally {
        await page.close();
      }
    });
  }
});
