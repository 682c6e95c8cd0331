import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RICH_VIEW, RUNNING_VIEW } from '../timeline/render-fixtures.test.js';
import { renderSvg } from '../timeline/render-svg.js';
import { panelOfView } from './panel.js';

describe('a pod panel from a run view', () => {
  const panel = panelOfView(RICH_VIEW);

  it('when built then it carries the kubectl row, the phase and the conditions in kubectl order', () => {
    assert.equal(panel.key, 'default/web');
    assert.equal(panel.name, 'web');
    assert.equal(panel.namespace, 'default');
    assert.deepEqual(panel.row, {
      ready: '0/3',
      status: 'Error',
      restarts: '0',
      age: '10m',
    });
    assert.equal(panel.phase, 'Failed');
    assert.deepEqual(
      panel.conditions.map((c) => `${c.type}=${c.status}`),
      [
        'PodReadyToStartContainers=True',
        'Initialized=True',
        'Ready=False',
        'ContainersReady=False',
        'PodScheduled=True',
      ],
    );
    assert.equal(panel.now, 600);
  });

  it('when built then the lanes are the SVG renderer on the given axis end', () => {
    assert.equal(panel.lanesSvg, renderSvg(RICH_VIEW));
    assert.equal(panelOfView(RICH_VIEW, { end: 100 }).lanesSvg, renderSvg(RICH_VIEW, 100));
  });

  it('when containers have logs then each links to its own; kinds are init, sidecar, app', () => {
    const p = panelOfView(RICH_VIEW, { logsHref: (c) => `/ui/logs/default/web/${c}` });
    assert.deepEqual(
      p.containers.map((c) => `${c.name}:${c.kind}:${c.logsHref ?? ''}`),
      [
        'migrate:init:/ui/logs/default/web/migrate',
        'proxy:sidecar:/ui/logs/default/web/proxy',
        'app:app:/ui/logs/default/web/app',
        'logger:app:/ui/logs/default/web/logger',
      ],
    );
    assert.equal(panel.containers[0]!.logsHref, undefined);
  });

  it('when the engine reports starts, kills and probe failures then the events are the kubelet words, repeats counted', () => {
    const rows = panel.events.map(
      (e) => `${String(e.t)} ${e.type} ${e.reason} ${e.object} ${e.message} x${String(e.count)}`,
    );
    assert.deepEqual(rows.slice(0, 4), [
      '14 Normal Pulled pod/web Container image "migrate:1" already present on machine x3',
      '14 Normal Created pod/web Created container: migrate x3',
      '14 Normal Started pod/web Started container migrate x3',
      '4 Warning BackOff pod/web Back-off restarting failed container migrate in pod web_default() x1',
    ]);
    assert.ok(
      rows.includes('31 Warning Unhealthy pod/web Readiness probe failed:  x2'),
      rows.join('\n'),
    );
    // One Killing per stop: the SIGKILL after the grace period is the same kill.
    assert.equal(panel.events.filter((e) => e.reason === 'Killing').length, 3);
  });

  it('when options name the namespace, age and uid then the panel uses them', () => {
    const p = panelOfView(
      { ...RUNNING_VIEW, pod: 'web' },
      { namespace: 'prod', age: '5s', uid: 'u-1' },
    );
    assert.equal(p.key, 'prod/web');
    assert.equal(p.row.age, '5s');
  });
});
