import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromText } from '../manifest/load.js';
import { podTemplateOf } from '../manifest/pod-templates.js';
import type { PodEvent } from '../lifecycle/events.js';
import { resolveVersion } from '../model/versions.js';
import { simulate } from './driver.js';
import { runE2e } from './e2e-pod.test-support.js';
import { findScenario } from './scenario-select.js';

/** DESIGN.md's contract example scenario, with a Job pod it fits. */
const JOB_WITH_PROXY = `
apiVersion: batch/v1
kind: Job
metadata: {name: web}
spec:
  template:
    spec:
      restartPolicy: OnFailure
      terminationGracePeriodSeconds: 30
      initContainers:
      - name: proxy
        image: envoy
        restartPolicy: Always
        startupProbe: {tcpSocket: {port: 15001}, periodSeconds: 1, failureThreshold: 30}
        readinessProbe: {httpGet: {path: /ready, port: 15021}, periodSeconds: 2}
        livenessProbe: {httpGet: {path: /healthz, port: 15021}, periodSeconds: 5}
        lifecycle:
          postStart: {exec: {command: [pilot-agent, wait]}}
          preStop: {exec: {command: [pilot-agent, drain]}}
      - name: migrate
        image: migrate
      containers:
      - name: app
        image: app
---
apiVersion: sidecarctl.io/v1alpha1
kind: Scenario
metadata: {name: job-with-proxy}
spec:
  pod: web
  k8sVersion: "1.29"
  until: 300s
  containers:
    migrate:
      runs:
      - {exitAfter: 2s, exitCode: 1}
      - {exitAfter: 2s}
    proxy:
      runs:
      - probes:
          startup: {passFrom: 3s}
          readiness: {passFrom: 4s, failFrom: 60s}
          liveness: {failFrom: 30s}
        hooks: {postStart: {takes: 1s}, preStop: {takes: 5s, exitCode: 0}}
        onTerm: {exitAfter: 1s, exitCode: 0}
  events:
  - {at: 20s, delete: {gracePeriodSeconds: 10}}
`;

function jobWithProxy(): { events: PodEvent[]; phase: string } {
  const input = fromText(JOB_WITH_PROXY, 'job-with-proxy.yaml');
  const template = podTemplateOf(input.objects[0]!)!;
  const scenario = findScenario(input.objects, template);
  assert.ok(scenario !== undefined);
  const r = simulate(template, scenario, resolveVersion('1.29'));
  return { events: r.events, phase: r.status.phase };
}

const at = (events: PodEvent[], pred: (e: PodEvent) => boolean): number => {
  const e = events.find(pred);
  if (e === undefined) throw new Error('event not found');
  return e.t;
};

describe('simulate driver', () => {
  it('when the DESIGN job-with-proxy scenario runs then migrate retries behind the proxy and the proxy drains last', () => {
    const { events, phase } = jobWithProxy();
    const started = (c: string, n = 0): number =>
      events.filter((e) => e.type === 'ContainerStarted' && e.container === c)[n]?.t ?? NaN;
    // The proxy is started once its postStart (1 s) is done and its startup probe passed (3 s).
    assert.equal(started('proxy'), 0);
    assert.equal(started('migrate'), 3);
    // migrate fails once (exit 1) and is restarted at once (first restart), then succeeds.
    assert.equal(started('migrate', 1), 5);
    assert.equal(started('app'), 7);
    assert.equal(
      at(events, (e) => e.type === 'PodDeleting'),
      20,
    );
    assert.equal(
      at(events, (e) => e.type === 'HookStarted' && e.hook === 'preStop'),
      20,
    );
    assert.equal(
      at(events, (e) => e.type === 'ContainerKilling' && e.container === 'app'),
      20,
    );
    // The sidecar gets SIGTERM after the app exited and its own 5 s preStop, then exits 1 s later.
    assert.equal(
      at(events, (e) => e.type === 'ContainerKilling' && e.container === 'proxy'),
      25,
    );
    assert.equal(
      at(events, (e) => e.type === 'ContainerExited' && e.container === 'proxy'),
      26,
    );
    assert.ok(
      !events.some(
        (e) => e.type === 'ProbeResult' && e.probe === 'liveness' && e.result === 'Failure',
      ),
    );
    assert.equal(phase, 'Succeeded');
  });

  it('when the same pod and scenario are simulated twice then the events are identical', () => {
    const a = jobWithProxy();
    const b = jobWithProxy();
    assert.deepEqual(a.events, b.events);
    assert.equal(JSON.stringify(a.events), JSON.stringify(b.events));
  });

  it('when probes go through RunProbe round trips then the same events happen at the same times as with the oracle', () => {
    const input = fromText(JOB_WITH_PROXY, 'job-with-proxy.yaml');
    const template = podTemplateOf(input.objects[0]!)!;
    const scenario = findScenario(input.objects, template);
    const v = resolveVersion('1.33');
    const oracle = simulate(template, scenario, v);
    const trips = simulate(template, scenario, v, { probeRoundTrips: true });
    // A round trip answers one step later at the same instant, so order within an instant may differ.
    const byTime = (events: PodEvent[]): string[] => events.map((e) => JSON.stringify(e)).sort();
    assert.deepEqual(byTime(oracle.events), byTime(trips.events));
    assert.deepEqual(oracle.status, trips.status);
  });

  it('when a regular init container is not in the scenario then it completes at once and the pod runs', () => {
    const text = `
apiVersion: v1
kind: Pod
metadata: {name: with-init}
spec:
  initContainers: [{name: setup, image: x}]
  containers: [{name: app, image: x}]
`;
    const t = podTemplateOf(fromText(text).objects[0]!)!;
    const r = simulate(t, undefined, resolveVersion('1.33'), { until: 30 });
    const setup = r.events.find((e) => e.type === 'ContainerExited' && e.container === 'setup');
    assert.deepEqual(setup, {
      t: 0,
      pod: 'default/with-init',
      type: 'ContainerExited',
      container: 'setup',
      exitCode: 0,
      reason: 'Completed',
    });
    assert.ok(r.events.some((e) => e.type === 'ContainerStarted' && e.container === 'app'));
    assert.equal(r.status.phase, 'Running');
  });

  it('when a native sidecar meets 1.27 (restartPolicy dropped) then it still never exits and the pod stays in Init', () => {
    const text = `
apiVersion: v1
kind: Pod
metadata: {name: dropped}
spec:
  initContainers: [{name: proxy, image: envoy, restartPolicy: Always}]
  containers: [{name: app, image: x}]
`;
    const t = podTemplateOf(fromText(text).objects[0]!)!;
    const r = simulate(t, undefined, resolveVersion('1.27'), { until: 30 });
    assert.ok(!r.events.some((e) => e.type === 'ContainerStarted' && e.container === 'app'));
    assert.equal(r.status.initContainerStatuses?.[0]?.state.running !== undefined, true);
  });

  it('when a container is not in the scenario then it runs until signalled and the simulation stops at until', () => {
    const text = `
apiVersion: v1
kind: Pod
metadata: {name: idle}
spec:
  containers: [{name: app, image: x}]
`;
    const input = fromText(text);
    const r = simulate(podTemplateOf(input.objects[0]!)!, undefined, resolveVersion('1.33'), {
      until: 50,
    });
    assert.equal(r.pod, 'default/idle');
    assert.equal(r.status.phase, 'Running');
    assert.ok(r.events.every((e) => e.t <= 50));
    assert.ok(!r.events.some((e) => e.type === 'ContainerExited'));
  });

  it('when the version is 1.28 with the gate on then sidecars stop together with the main container', () => {
    const pod = {
      restartPolicy: 'Never' as const,
      containers: [
        { name: 'sc-1', init: 'sidecar' as const, delay: 60, terminationSeconds: 5 },
        { name: 'sc-2', init: 'sidecar' as const, delay: 60, terminationSeconds: 5 },
        { name: 'main', delay: 600, terminationSeconds: 5 },
      ],
      deleteAt: 10,
    };
    const ordered = runE2e({ ...pod, version: '1.29' });
    const concurrent = runE2e({
      ...pod,
      version: '1.28',
      featureGates: { SidecarContainers: true },
    });
    const sigterm = (r: typeof ordered, c: string): number => r.t(r.signals(c, 'SIGTERM')[0]);
    assert.deepEqual(
      ['main', 'sc-2', 'sc-1'].map((c) => sigterm(ordered, c)),
      [10, 15, 20],
    );
    assert.deepEqual(
      ['main', 'sc-2', 'sc-1'].map((c) => sigterm(concurrent, c)),
      [10, 10, 10],
    );
  });

  it('when a middle sidecar is not running at deletion then the earlier sidecar does not wait for the later one', () => {
    // newTerminationOrdering: each sidecar waits for the next later-declared sidecar only; one
    // that is not running counts as already terminated, so the chain stops there.
    const r = runE2e({
      deleteAt: 20,
      containers: [
        { name: 'sc-1', init: 'sidecar', delay: null, terminationSeconds: 5 },
        { name: 'sc-2', init: 'sidecar', runs: [{ exitAfter: 1, exitCode: 1 }] },
        { name: 'sc-3', init: 'sidecar', delay: null, terminationSeconds: 5 },
        { name: 'main', delay: null, terminationSeconds: 5 },
      ],
    });
    assert.ok(
      r.events.some(
        (e) => e.type === 'BackOff' && e.container === 'sc-2' && e.t < 20 && e.delaySeconds === 20,
      ),
    );
    assert.equal(r.containerStatus('sc-2').state.terminated?.exitCode, 1);
    const sigterm = (c: string): number => r.t(r.signals(c, 'SIGTERM')[0]);
    assert.deepEqual([sigterm('main'), sigterm('sc-3'), sigterm('sc-1')], [20, 25, 25]);
  });

  it('when a postStart hook fails then the container is killed through its preStop and restarted by policy', () => {
    const r = runE2e({
      until: 60,
      containers: [
        { name: 'app', delay: null, postStart: { takes: 1, exitCode: 3 }, preStop: { takes: 2 } },
      ],
    });
    const failed = r.events.find((e) => e.type === 'HookFinished' && e.hook === 'postStart');
    assert.ok(failed?.type === 'HookFinished' && failed.exitCode === 3);
    const kill = r.events[r.signals('app', 'SIGTERM')[0]!]!;
    assert.ok(kill.type === 'ContainerKilling' && kill.reason === 'FailedPostStartHook');
    assert.equal(kill.t, 3, 'SIGTERM after the 2 s preStop');
    assert.ok(r.starts('app').length >= 2, 'restarted under Always');
    assert.ok(
      !r.events.some((e) => e.type === 'ContainerReady' && e.ready),
      'a container whose postStart never succeeds is never started, so never ready',
    );
  });

  it('when activeDeadlineSeconds passes then the pod fails with DeadlineExceeded and its containers are stopped', () => {
    const r = runE2e({
      activeDeadlineSeconds: 30,
      containers: [
        { name: 'sc', init: 'sidecar', delay: null },
        { name: 'app', delay: null },
      ],
    });
    assert.equal(r.status.phase, 'Failed');
    assert.equal(r.status.reason, 'DeadlineExceeded');
    assert.deepEqual(r.phases(), ['Pending', 'Running', 'Failed']);
    assert.equal(r.t(r.signals('app', 'SIGTERM')[0]), 30);
    assert.ok(r.exit('app') < r.exit('sc'), 'the sidecar still stops after the app');
  });

  it('when the version has no sidecars then a restartPolicy Always init container that never exits keeps the pod in Init', () => {
    const r = runE2e({
      version: '1.27',
      until: 300,
      containers: [
        { name: 'proxy', init: 'sidecar', delay: null },
        { name: 'app', delay: null },
      ],
    });
    assert.equal(r.started('app'), false);
    assert.deepEqual(r.phases(), ['Pending']);
    assert.equal(r.status.conditions.find((c) => c.type === 'Initialized')?.status, 'False');
    const gateOff = runE2e({
      version: '1.28',
      until: 300,
      containers: [
        { name: 'proxy', init: 'sidecar', delay: null },
        { name: 'app', delay: null },
      ],
    });
    assert.equal(gateOff.started('app'), false);
  });

  it('when a getPhase split-pending version sees a restarting sidecar after init then the pod stays Running', () => {
    for (const version of ['1.31', '1.32']) {
      const r = runE2e({
        version,
        until: 120,
        containers: [
          { name: 'sc', init: 'sidecar', delay: 10, exitCode: 1 },
          { name: 'app', delay: null },
        ],
      });
      assert.deepEqual(r.phases(), ['Pending', 'Running'], version);
      assert.ok(r.containerStatus('sc').restartCount >= 2);
    }
  });
  it('when a pod is simulated then the result is the one view: its lanes, version and the end of time used', () => {
    const input = fromText(JOB_WITH_PROXY, 'job-with-proxy.yaml');
    const template = podTemplateOf(input.objects[0]!)!;
    const scenario = findScenario(input.objects, template);
    const r = simulate(template, scenario, resolveVersion('1.29'));
    assert.equal(r.k8sVersion, '1.29');
    assert.equal(r.until, 300);
    assert.deepEqual(
      r.containers.map((c) => `${c.name}:${c.kind}`),
      ['proxy:sidecar', 'migrate:init', 'app:regular'],
    );
    assert.equal(simulate(template, scenario, resolveVersion('1.29'), { until: 7 }).until, 7);
    assert.equal(simulate(template, undefined, resolveVersion('1.29')).until, 600);
  });
});
