import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderSvg, renderSvgCompare } from './render-svg.js';
import type { PodEvent } from '../lifecycle/events.js';
import { RICH_VIEW, RUNNING_VIEW } from './render-fixtures.test.js';
import type { PodRunView } from './view.js';

function attrs(svg: string, marker: string): string[] {
  return [...svg.matchAll(new RegExp(`<[a-z]+ data-marker="${marker}"[^>]*>`, 'g'))].map(
    (m) => m[0],
  );
}

describe('the SVG timeline', () => {
  const svg = renderSvg(RICH_VIEW);

  it('when a pod has init containers, a sidecar and regular containers then lanes are in spec order: init, sidecar, regular', () => {
    const lanes = [...svg.matchAll(/data-lane="([^"]+)" data-kind="([^"]+)"/g)].map(
      (m) => `${m[1]!}:${m[2]!}`,
    );
    assert.deepEqual(lanes, ['migrate:init', 'proxy:sidecar', 'app:regular', 'logger:regular']);
  });

  it('when signals are sent then each SIGTERM and SIGKILL has its own marker on its container lane', () => {
    const want = RICH_VIEW.events
      .filter((e) => e.type === 'ContainerKilling')
      .map((e) =>
        e.type === 'ContainerKilling' ? `${e.container}:${e.signal}:${String(e.t)}` : '',
      );
    const got = attrs(svg, 'signal').map((tag) => {
      const a = (k: string): string => new RegExp(`data-${k}="([^"]*)"`).exec(tag)![1]!;
      return `${a('container')}:${a('signal')}:${a('t')}`;
    });
    assert.deepEqual(got.sort(), want.sort());
    assert.match(svg, />SIGKILL</);
    assert.match(svg, />SIGTERM</);
  });

  it('when probes, hooks, exits and phase changes happen then each has a marker', () => {
    const count = (type: string): number => RICH_VIEW.events.filter((e) => e.type === type).length;
    assert.equal(attrs(svg, 'probe').length, count('ProbeResult'));
    assert.equal(attrs(svg, 'hook').length, count('HookStarted'));
    assert.equal(attrs(svg, 'exit').length, count('ContainerExited'));
    assert.deepEqual(
      attrs(svg, 'phase').map((t) => /data-phase="(\w+)"/.exec(t)![1]),
      ['Running', 'Failed'],
    );
    assert.equal(attrs(svg, 'delete').length, 1);
  });

  it('when states are wide enough then the bars carry their names so no legend lookup is needed', () => {
    for (const text of [
      'back-off 10s',
      'terminating',
      'ready',
      'exit 137 Error',
      'Pending',
      'Running',
      'Failed',
    ]) {
      assert.ok(svg.includes(`>${text}</text>`), text);
    }
  });

  it('when rendered twice, or from a copy of the same input, then the bytes are identical', () => {
    const copy = JSON.parse(JSON.stringify(RICH_VIEW)) as typeof RICH_VIEW;
    assert.equal(renderSvg(copy), svg);
    assert.equal(renderSvg(RICH_VIEW), svg);
  });

  it('when opened offline then nothing is fetched: no scripts, links or external fonts', () => {
    assert.doesNotMatch(svg, /<script|href=|@import|@font-face|url\((?!#)/i);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it('when a container name holds XML characters then it is escaped', () => {
    const view = {
      ...RUNNING_VIEW,
      containers: [{ name: 'a<b&c', kind: 'regular' as const }],
      events: [],
    };
    const out = renderSvg(view);
    assert.ok(out.includes('a&lt;b&amp;c'));
    assert.ok(!out.includes('a<b&c'));
  });

  it('when results of one probe would overlap then a run of the same outcome is one marker, counted', () => {
    const ev = (t: number, rest: object): PodEvent =>
      ({ t, pod: 'default/web', ...rest }) as unknown as PodEvent;
    const probe = (t: number, result: string): PodEvent =>
      ev(t, { type: 'ProbeResult', container: 'app', probe: 'readiness', result });
    const view: PodRunView = {
      ...RUNNING_VIEW,
      containers: [{ name: 'app', kind: 'regular' }],
      events: [
        ev(0, { type: 'ContainerStarted', container: 'app', restartCount: 0 }),
        ...Array.from({ length: 100 }, (_, i) => probe(i + 1, 'Success')),
        probe(101, 'Failure'),
        ...Array.from({ length: 9 }, (_, i) => probe(102 + i, 'Success')),
        ev(3000, { type: 'ContainerExited', container: 'app', exitCode: 0, reason: 'Completed' }),
      ],
      until: 3600,
    };
    const runs = attrs(renderSvg(view), 'probe').map((tag) => {
      const a = (k: string): string => new RegExp(`data-${k}="([^"]*)"`).exec(tag)?.[1] ?? '1';
      return `${a('t')}:${a('result')}:${a('count')}`;
    });
    assert.deepEqual(runs, ['1:Success:100', '101:Failure:1', '102:Success:9']);
    assert.match(
      renderSvg(view),
      /<title>1s app: ProbeResult: readiness probe: Success x100 until 100s<\/title>/,
    );
  });

  it('when markers are drawn then each is focusable and named by its event', () => {
    const markers = [...svg.matchAll(/<g data-marker="[^"]+"[^>]*>(<title>[^<]*<\/title>)?/g)];
    assert.ok(markers.length > 20);
    for (const [tag, title] of markers) {
      assert.match(tag, / tabindex="0" role="img" data-reason="\w+" data-message="[^"]+"/);
      assert.ok(title !== undefined, tag);
    }
    assert.ok(
      svg.includes('<title>40s app: ContainerKilling: SIGKILL (GracePeriodExpired)</title>'),
    );
    assert.ok(svg.includes('<title>19s app: ProbeResult: readiness probe: Failure</title>'));
  });

  it('when versions are drawn one under the other then their charts share one time axis', () => {
    const out = renderSvgCompare([RICH_VIEW, RUNNING_VIEW], 'First difference at 25.000s');
    const charts = out.split('<g data-chart=').slice(2);
    assert.equal(charts.length, 2);
    const lastTick = (chart: string): string =>
      [...chart.matchAll(/fill="#444" text-anchor="middle">([^<]+)</g)].map((m) => m[1]!).pop()!;
    assert.equal(lastTick(charts[0]!), '50s');
    assert.equal(lastTick(charts[1]!), '50s');
    assert.notEqual(renderSvg(RUNNING_VIEW).includes('>50s<'), true);
  });
});
