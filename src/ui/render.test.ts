import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderPods, renderVersions, renderView } from './render.js';
import { renderCompareJson } from '../timeline/compare.js';
import { renderJson } from '../timeline/render-json.js';
import { renderSvg } from '../timeline/render-svg.js';
import { renderText } from '../timeline/render-text.js';
import { RICH_VIEW, RUNNING_VIEW } from '../timeline/render-fixtures.test.js';

describe('choosing the renderer by format', () => {
  it('when one pod is rendered then each format is its renderer', () => {
    assert.equal(renderView(RICH_VIEW, 'json'), renderJson(RICH_VIEW));
    assert.equal(renderView(RICH_VIEW, 'svg'), renderSvg(RICH_VIEW));
    assert.equal(renderView(RICH_VIEW, 'text'), renderText(RICH_VIEW));
    assert.match(renderView(RICH_VIEW, 'html'), /^<!DOCTYPE html>[\s\S]*<svg /);
  });

  it('when versions are compared then json is the comparison', () => {
    const views = [RICH_VIEW, { ...RICH_VIEW, k8sVersion: '1.28' }];
    assert.equal(renderVersions(views, 'json'), renderCompareJson(views));
  });

  it('when a run has several pods then svg draws each pod on one axis and json lists them by name', () => {
    const other = { ...RUNNING_VIEW, pod: 'default/other' };
    const svg = renderPods([RICH_VIEW, other], 'svg');
    assert.equal((svg.match(/<svg /g) ?? []).length, 1, 'one document');
    assert.deepEqual(
      [...svg.matchAll(/<g data-chart="(\d+)"/g)].map((m) => m[1]),
      ['0', '1'],
    );
    assert.match(svg, />default\/web</);
    assert.match(svg, />default\/other</);
    const html = renderPods([RICH_VIEW, other], 'html');
    assert.match(html, /data-key="default\/web"[\s\S]*data-key="default\/other"/);
    const json = JSON.parse(renderPods([RICH_VIEW, other], 'json')) as {
      pods: { name: string }[];
    };
    assert.deepEqual(
      json.pods.map((p) => p.name),
      ['default/web', 'default/other'],
    );
    assert.match(
      renderPods([RICH_VIEW, other], 'text'),
      /^NAME +READY +STATUS +RESTARTS +AGE\nweb /,
    );
  });

  it('when a view comes from a real run then its text heading says how long it ran', () => {
    assert.match(
      renderText({ ...RICH_VIEW, clock: 'real' }),
      /^Pod default\/web on Kubernetes \S+, ran for \S+\n/,
    );
    assert.match(renderText(RICH_VIEW), /, simulated until \S+\n/);
  });
});
