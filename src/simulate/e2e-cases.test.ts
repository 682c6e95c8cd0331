/**
 * The kubelet's own e2e tests (reference/kubelet-e2e-cases.md), restated as single-pod
 * simulations and named after their case ids. Orderings are checked on the event stream, whose
 * order is the causal order (events at the same virtual time keep the order they happened in).
 *
 * Image pulls (B6, D5, D14) use the Scenario's `containers.NAME.image: {pullFails: true}`, image
 * updates (A1-A5, C1-C3, D2, D4, D10b, the D13 variant, E2, E5, F2) its `setImage` events; the
 * e2e tests' "wait until ..." moments are fixed times here.
 *
 * Skipped, because a single-pod simulation cannot express them:
 * - node reboot and kubelet restart: S1-S7 (S7 is an image update during a reboot);
 * - kubelet restart status preservation (after 1.34): NC-1 to NC-12.
 * P13's ContainerProbeWarning event (a redirect to another host) is an HTTP detail of the real
 * prober; only its "no restart" outcome is checked.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runE2e, type E2eContainer, type E2eRun } from './e2e-pod.test-support.js';

const FOREVER = null;
const ALWAYS_FAILS = { passFrom: 0, failFrom: 0 } as const;

function before(a: number, b: number, what: string): void {
  assert.ok(a < b, `${what} (positions ${String(a)} and ${String(b)})`);
}

describe('e2e group B: init and regular containers', () => {
  it('B1: init containers run serially before the regular container', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      containers: [
        { name: 'init-1', init: 'regular', delay: 1 },
        { name: 'init-2', init: 'regular', delay: 1 },
        { name: 'init-3', init: 'regular', delay: 1 },
        { name: 'regular-1', startDelay: 5, delay: 1, startupProbe: { passFrom: 5 } },
      ],
    });
    before(r.exit('init-1'), r.start('init-2'), 'init-1 exits before init-2 starts');
    before(r.exit('init-2'), r.start('init-3'), 'init-2 exits before init-3 starts');
    before(r.exit('init-3'), r.start('regular-1'), 'init-3 exits before regular-1 starts');
    assert.equal(r.status.phase, 'Succeeded');
    assert.ok(r.lastExitT()! <= 60);
  });

  it('B2: a failing init container stops the pod under Never', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      containers: [
        { name: 'init-1', init: 'regular', delay: 1, exitCode: 1 },
        { name: 'regular-1', delay: FOREVER },
      ],
    });
    assert.equal(r.status.phase, 'Failed');
    assert.deepEqual(r.exitCodes('init-1'), [1]);
    assert.equal(r.started('regular-1'), false);
    assert.equal(r.containerStatus('init-1').state.terminated?.reason, 'Error');
  });

  it('B3: the init container completes before the regular container postStart', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      containers: [
        { name: 'init-1', init: 'regular', delay: 1 },
        { name: 'regular-1', delay: 10, postStart: { takes: 1 } },
      ],
    });
    const hook = r.hookStarts('regular-1', 'postStart')[0]!;
    before(r.exit('init-1'), hook, 'init-1 exits before PostStart-regular-1 starts');
    before(r.start('regular-1'), hook, 'postStart runs inside regular-1');
    before(
      r.hookEnds('regular-1', 'postStart')[0]!,
      r.exit('regular-1'),
      'postStart ends while regular-1 runs',
    );
  });

  it('B4: a failing regular container is restarted under Always', () => {
    const r = runE2e({
      restartPolicy: 'Always',
      until: 120,
      containers: [{ name: 'regular-1', delay: 1, exitCode: 1 }],
    });
    assert.ok(r.containerStatus('regular-1').restartCount >= 3);
    assert.ok(r.exitCodes('regular-1').length >= 4);
    assert.ok(r.exitCodes('regular-1').every((c) => c === 1));
  });

  it('B5: postStart blocks the start of the next regular container', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      containers: [
        { name: 'regular-1', delay: 10, postStart: { takes: 1 } },
        { name: 'regular-2', delay: 1 },
      ],
    });
    before(
      r.hookEnds('regular-1', 'postStart')[0]!,
      r.start('regular-2'),
      'PostStart-regular-1 exits before regular-2 starts',
    );
    assert.ok(r.t(r.start('regular-2')) >= 1);
  });

  it('B7: regular container restarts do not re-run init containers', () => {
    const r = runE2e({
      restartPolicy: 'Always',
      until: 120,
      containers: [
        { name: 'init-1', init: 'regular', delay: 1 },
        { name: 'init-2', init: 'regular', delay: 1 },
        { name: 'init-3', init: 'regular', delay: 1 },
        { name: 'regular-1', delay: 10, exitCode: 255 },
      ],
    });
    assert.ok(r.containerStatus('regular-1').restartCount >= 3);
    for (const n of ['init-1', 'init-2', 'init-3']) {
      assert.equal(r.starts(n).length, 1, `${n} runs once`);
      assert.equal(r.containerStatus(n).restartCount, 0);
    }
    before(r.exit('init-1'), r.start('init-2'), 'init-1 before init-2');
    before(r.exit('init-2'), r.start('init-3'), 'init-2 before init-3');
    before(r.exit('init-3'), r.start('regular-1'), 'init-3 before regular-1');
    assert.equal(r.exitCodes('regular-1')[0], 255);
  });

  it('B8: the grace period is respected, also with a preStop that never ends', () => {
    const plain = runE2e({
      terminationGracePeriodSeconds: 30,
      deleteAt: 5,
      containers: [{ name: 'regular1', delay: FOREVER, ignoreTerm: true }],
    });
    // sleep as PID 1 ignores SIGTERM: SIGKILL at the 30 s grace.
    assert.equal(plain.lastExitT(), 35);
    assert.deepEqual(plain.exitCodes('regular1'), [137]);
    const hung = runE2e({
      terminationGracePeriodSeconds: 30,
      deleteAt: 5,
      containers: [
        { name: 'regular1', delay: FOREVER, ignoreTerm: true, preStop: { takes: 10000 } },
      ],
    });
    // The hung preStop is cut at the grace period, then the 2 s minimum window: 30 + 2 s.
    assert.equal(hung.lastExitT(), 37);
    assert.ok(hung.lastExitT()! - 5 <= 60);
  });

  for (const [id, probe] of [
    ['B9', 'startupProbe'],
    ['B10', 'livenessProbe'],
  ] as const) {
    it(`${id}: a ${probe === 'startupProbe' ? 'startup' : 'liveness'}-probe failure runs the preStop hook`, () => {
      const r = runE2e({
        restartPolicy: 'Never',
        containers: [
          {
            name: 'regular-1',
            delay: 100,
            terminationSeconds: 15,
            [probe]: { initialDelaySeconds: 10, failureThreshold: 1, ...ALWAYS_FAILS },
            preStop: { takes: 1 },
          },
        ],
      });
      const pre = r.hookStarts('regular-1', 'preStop')[0]!;
      before(r.start('regular-1'), pre, 'PreStop-regular-1 starts while regular-1 runs');
      before(pre, r.exit('regular-1'), 'PreStop-regular-1 starts before regular-1 exits');
      before(
        r.hookEnds('regular-1', 'preStop')[0]!,
        r.signals('regular-1', 'SIGTERM')[0]!,
        'SIGTERM after the preStop',
      );
      assert.equal(r.starts('regular-1').length, 1, 'not restarted under Never');
      assert.equal(r.t(r.exit('regular-1')), 10 + 1 + 15);
    });
  }

  it('B11: readiness runs during preStop, liveness does not', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 100,
      containers: [
        {
          name: 'regular-1',
          delay: 100,
          terminationSeconds: 15,
          livenessProbe: {
            initialDelaySeconds: 10,
            periodSeconds: 1,
            failureThreshold: 1,
            ...ALWAYS_FAILS,
          },
          readinessProbe: { initialDelaySeconds: 1, periodSeconds: 1 },
          preStop: { takes: 10 },
        },
      ],
    });
    const killing = r.signals('regular-1', 'SIGTERM')[0]!;
    const e = r.events[killing]!;
    assert.ok(e.type === 'ContainerKilling' && e.reason === 'LivenessProbe');
    const preStart = r.hookStarts('regular-1', 'preStop')[0]!;
    const preEnd = r.hookEnds('regular-1', 'preStop')[0]!;
    assert.ok(
      r.probeRuns('regular-1', 'readiness').some((p) => p > preStart && p < preEnd),
      'readiness during preStop',
    );
    assert.ok(
      !r.probeRuns('regular-1', 'liveness').some((p) => p > preStart),
      'no liveness after the preStop started',
    );
  });

  it('B12: during termination a sidecar gets no liveness runs and is not restarted', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 100,
      containers: [
        {
          name: 'restartable-init-1',
          init: 'sidecar',
          delay: 100,
          terminationSeconds: 1,
          livenessProbe: {
            initialDelaySeconds: 1,
            periodSeconds: 1,
            failureThreshold: 1,
            ...ALWAYS_FAILS,
          },
        },
        {
          name: 'regular-1',
          delay: 100,
          terminationSeconds: 15,
          livenessProbe: {
            initialDelaySeconds: 10,
            periodSeconds: 1,
            failureThreshold: 1,
            ...ALWAYS_FAILS,
          },
          readinessProbe: { initialDelaySeconds: 1, periodSeconds: 1 },
          preStop: { takes: 50 },
        },
      ],
    });
    const preStart = r.hookStarts('regular-1', 'preStop')[0]!;
    assert.ok(
      r.probeRuns('restartable-init-1', 'liveness').length > 0,
      'the sidecar liveness ran before',
    );
    assert.ok(
      !r.probeRuns('restartable-init-1', 'liveness').some((p) => p > preStart),
      'no sidecar liveness after PreStop',
    );
    assert.ok(
      !r.starts('restartable-init-1').some((p) => p > preStart),
      'the sidecar is not restarted',
    );
  });
});

describe('e2e group D: sidecar start-up ordering and restart policy', () => {
  it('D1: sidecars interleaved with init containers start serially and the pod succeeds', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      containers: [
        { name: 'init-1', init: 'regular', delay: 1 },
        { name: 'restartable-init-1', init: 'sidecar', delay: 600 },
        { name: 'init-2', init: 'regular', delay: 1 },
        { name: 'restartable-init-2', init: 'sidecar', delay: 600 },
        { name: 'init-3', init: 'regular', delay: 1 },
        { name: 'regular-1', delay: 1 },
      ],
    });
    assert.equal(r.status.phase, 'Succeeded');
    before(r.exit('init-1'), r.start('restartable-init-1'), 'init-1 exits before RI-1 starts');
    before(r.start('restartable-init-1'), r.start('init-2'), 'RI-1 first');
    assert.ok(r.overlap('restartable-init-1', 'init-2'));
    before(r.exit('init-2'), r.start('restartable-init-2'), 'init-2 exits before RI-2 starts');
    before(r.start('restartable-init-2'), r.start('init-3'), 'RI-2 before init-3');
    assert.ok(
      r.overlap('restartable-init-1', 'init-3') && r.overlap('restartable-init-2', 'init-3'),
    );
    before(r.exit('init-3'), r.start('regular-1'), 'init-3 exits before regular-1 starts');
    assert.ok(
      r.overlap('restartable-init-1', 'regular-1') && r.overlap('restartable-init-2', 'regular-1'),
    );
    assert.ok(r.lastExitT()! <= 300);
  });

  for (const [id, policy] of [
    ['D3', 'Never'],
    ['D10', 'OnFailure'],
  ] as const) {
    it(`${id}: a long-running sidecar does not block completion under ${policy}`, () => {
      const r = runE2e({
        restartPolicy: policy,
        containers: [
          { name: 'restartable-init-1', init: 'sidecar', delay: 600 },
          { name: 'regular-1', delay: 1 },
        ],
      });
      assert.equal(r.status.phase, 'Succeeded');
      assert.equal(r.starts('restartable-init-1').length, 1);
      assert.deepEqual(r.exitCodes('regular-1'), [0]);
      before(
        r.exit('regular-1'),
        r.exit('restartable-init-1'),
        'the sidecar is stopped after the main container',
      );
    });
  }

  for (const [id, policy, code] of [
    ['D6', 'Never', 0],
    ['D6', 'OnFailure', 0],
    ['D7', 'Never', 1],
    ['D7', 'OnFailure', 1],
  ] as const) {
    it(`${id}: a sidecar that keeps exiting ${String(code)} is restarted under ${policy} and the pod succeeds`, () => {
      const r = runE2e({
        restartPolicy: policy,
        containers: [
          { name: 'restartable-init-1', init: 'sidecar', delay: 5, exitCode: code },
          { name: 'init-1', init: 'regular', delay: 5 },
          { name: 'regular-1', delay: 60 },
        ],
      });
      assert.equal(r.status.phase, 'Succeeded');
      before(r.start('restartable-init-1'), r.start('regular-1'), 'RI-1 starts before regular-1');
      assert.ok(
        r.starts('restartable-init-1').some((p) => p > r.start('regular-1')),
        'RI-1 starts again after regular-1',
      );
      assert.deepEqual(r.exitCodes('regular-1'), [0]);
    });
  }

  it('D8: a regular init container failing before the sidecar fails the pod under Never', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      containers: [
        { name: 'init-1', init: 'regular', delay: 1, exitCode: 1 },
        { name: 'restartable-init-1', init: 'sidecar', delay: 600 },
        { name: 'regular-1', delay: 600 },
      ],
    });
    assert.equal(r.status.phase, 'Failed');
    assert.deepEqual(r.exitCodes('init-1'), [1]);
    assert.equal(r.started('restartable-init-1'), false);
    assert.ok(r.lastExitT()! <= 60);
  });

  it('D9: a regular init container failing after the sidecar fails the pod under Never', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      containers: [
        { name: 'restartable-init-1', init: 'sidecar', delay: 5, exitCode: 1 },
        { name: 'init-1', init: 'regular', delay: 1, exitCode: 1 },
        { name: 'regular-1', delay: 600 },
      ],
    });
    assert.equal(r.status.phase, 'Failed');
    assert.deepEqual(r.exitCodes('init-1'), [1]);
    assert.ok(r.overlap('restartable-init-1', 'init-1'));
    assert.equal(r.started('regular-1'), false);
  });

  for (const [id, policy] of [
    ['D11', 'OnFailure'],
    ['D16', 'Always'],
  ] as const) {
    it(`${id}: under ${policy}, a failing init container before the sidecar keeps the pod Pending`, () => {
      const r = runE2e({
        restartPolicy: policy,
        until: 300,
        containers: [
          { name: 'init-1', init: 'regular', delay: 1, exitCode: 1 },
          { name: 'restartable-init-1', init: 'sidecar', delay: 600 },
          { name: 'regular-1', delay: 600 },
        ],
      });
      assert.deepEqual(r.phases(), ['Pending']);
      assert.ok(r.status.initContainerStatuses![0]!.restartCount >= 3);
      assert.equal(r.started('restartable-init-1'), false);
    });
  }

  for (const [id, policy] of [
    ['D12', 'OnFailure'],
    ['D17', 'Always'],
  ] as const) {
    it(`${id}: under ${policy}, a failing init container after the sidecar keeps the pod Pending`, () => {
      const r = runE2e({
        restartPolicy: policy,
        until: 300,
        containers: [
          { name: 'restartable-init-1', init: 'sidecar', delay: 5, exitCode: 1 },
          { name: 'init-1', init: 'regular', delay: 1, exitCode: 1 },
          { name: 'regular-1', delay: 600 },
        ],
      });
      assert.deepEqual(r.phases(), ['Pending']);
      assert.ok(r.status.initContainerStatuses![0]!.restartCount >= 3);
      assert.ok(r.starts('init-1').length >= 2, 'init-1 restarted');
      assert.ok(r.overlap('restartable-init-1', 'init-1'));
      assert.equal(r.started('regular-1'), false);
    });
  }

  it('D13: a long-running sidecar is not restarted while the regular container restarts under Always', () => {
    const r = runE2e({
      restartPolicy: 'Always',
      until: 120,
      containers: [
        { name: 'restartable-init-1', init: 'sidecar', delay: 600 },
        { name: 'regular-1', delay: 1 },
      ],
    });
    assert.ok(r.containerStatus('regular-1').restartCount >= 2);
    assert.equal(r.starts('restartable-init-1').length, 1);
    assert.equal(r.status.phase, 'Running');
  });

  for (const code of [0, 1]) {
    it(`D15: a sidecar exiting ${String(code)} continuously under Always is restarted around the regular container`, () => {
      const r = runE2e({
        restartPolicy: 'Always',
        until: 120,
        containers: [
          { name: 'restartable-init-1', init: 'sidecar', delay: 5, exitCode: code },
          { name: 'init-1', init: 'regular', delay: 5 },
          { name: 'regular-1', delay: 60 },
        ],
      });
      assert.ok(r.containerStatus('regular-1').restartCount >= 1);
      before(r.start('restartable-init-1'), r.start('regular-1'), 'RI-1 starts before regular-1');
      assert.ok(r.starts('restartable-init-1').some((p) => p > r.start('regular-1')));
    });
  }
});

describe('e2e group E and G: sidecar startup, liveness and readiness interplay', () => {
  it('E1: the startup probe gates the next container', () => {
    const sidecar = (name: string): E2eContainer => ({
      name,
      init: 'sidecar',
      startDelay: 10,
      delay: 600,
      startupProbe: { passFrom: 10 },
    });
    const r = runE2e({
      restartPolicy: 'Never',
      containers: [
        sidecar('restartable-init-1'),
        sidecar('restartable-init-2'),
        { name: 'regular-1', delay: 1 },
      ],
    });
    assert.equal(r.status.phase, 'Succeeded');
    const passed = (c: string): number =>
      r.events.findIndex(
        (e) =>
          e.type === 'ProbeResult' &&
          e.container === c &&
          e.probe === 'startup' &&
          e.result === 'Success',
      );
    before(
      passed('restartable-init-1'),
      r.start('restartable-init-2'),
      'RI-2 created after RI-1 passed its startup probe',
    );
    before(
      passed('restartable-init-2'),
      r.start('regular-1'),
      'regular-1 created after RI-2 passed its startup probe',
    );
    assert.ok(r.t(r.start('restartable-init-2')) >= 10 && r.t(r.start('regular-1')) >= 20);
  });

  it('E3: a sidecar startup-probe failure runs preStop, restarts it, and the next container does not start', () => {
    const r = runE2e({
      restartPolicy: 'Always',
      until: 120,
      containers: [
        {
          name: 'restartable-init-1',
          init: 'sidecar',
          delay: 600,
          terminationSeconds: 15,
          startupProbe: { initialDelaySeconds: 5, failureThreshold: 1, ...ALWAYS_FAILS },
          preStop: { takes: 1 },
        },
        { name: 'regular-1', delay: 1 },
      ],
    });
    assert.ok(r.containerStatus('restartable-init-1').restartCount >= 2);
    assert.deepEqual(r.phases(), ['Pending']);
    const pre = r.hookStarts('restartable-init-1', 'preStop')[0]!;
    before(r.start('restartable-init-1'), pre, 'PreStop runs inside RI-1');
    before(pre, r.exit('restartable-init-1'), 'RI-1 exits after its preStop');
    assert.equal(r.started('regular-1'), false);
  });

  it('E4: a sidecar liveness failure runs preStop and restarts it, and the next container starts', () => {
    const r = runE2e({
      restartPolicy: 'Always',
      until: 120,
      containers: [
        {
          name: 'restartable-init-1',
          init: 'sidecar',
          delay: 600,
          terminationSeconds: 15,
          livenessProbe: { initialDelaySeconds: 5, failureThreshold: 1, ...ALWAYS_FAILS },
          preStop: { takes: 1 },
        },
        { name: 'regular-1', delay: 1 },
      ],
    });
    assert.ok(r.containerStatus('restartable-init-1').restartCount >= 2);
    assert.ok(r.containerStatus('regular-1').restartCount >= 1);
    const pre = r.hookStarts('restartable-init-1', 'preStop')[0]!;
    before(pre, r.exit('restartable-init-1'), 'RI-1 exits after its preStop');
    assert.ok(r.started('regular-1'));
  });

  it('G1: a sidecar startup probe keeps working after its first run fails under Never', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      until: 120,
      containers: [
        {
          name: 'buggy-restartable-init',
          init: 'sidecar',
          startupProbe: { initialDelaySeconds: 3, periodSeconds: 2, failureThreshold: 10 },
          runs: [{ exitAfter: 1, exitCode: 1 }, { exitAfter: 120 }],
        },
        {
          name: 'regular-container',
          delay: FOREVER,
          startupProbe: { initialDelaySeconds: 5, periodSeconds: 5 },
        },
      ],
    });
    assert.ok(r.containerStatus('buggy-restartable-init').restartCount > 0);
    assert.ok(r.containerStatus('buggy-restartable-init').state.running !== undefined);
    before(
      r.start('buggy-restartable-init', 1),
      r.start('regular-container'),
      'the regular container starts after the restart',
    );
    assert.ok(r.containerStatus('regular-container').state.running !== undefined);
    assert.equal(r.status.phase, 'Running');
  });
});

describe('e2e group F: termination with sidecars (1.29+ ordering)', () => {
  const sidecars = (extra: Partial<E2eContainer> = {}): E2eContainer[] =>
    ['restartable-init-1', 'restartable-init-2', 'restartable-init-3'].map((name) => ({
      name,
      init: 'sidecar',
      delay: 60,
      terminationSeconds: 5,
      ...extra,
    }));

  it('F1: sidecars stop in reverse order after the main container', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      containers: [...sidecars(), { name: 'regular-1', delay: 5 }],
    });
    for (const n of ['restartable-init-1', 'restartable-init-2', 'restartable-init-3']) {
      const t = r.containerStatus(n).state.terminated;
      assert.equal(t?.exitCode, 0);
      assert.equal(t?.reason, 'Completed');
      before(r.exit('regular-1'), r.exit(n), `regular-1 exits before ${n}`);
    }
    before(r.start('restartable-init-1'), r.start('restartable-init-2'), 'RI-1 < RI-2');
    before(r.start('restartable-init-2'), r.start('restartable-init-3'), 'RI-2 < RI-3');
    before(r.start('restartable-init-3'), r.start('regular-1'), 'RI-3 < regular-1');
    before(r.exit('restartable-init-3'), r.exit('restartable-init-2'), 'RI-3 exits before RI-2');
    before(r.exit('restartable-init-2'), r.exit('restartable-init-1'), 'RI-2 exits before RI-1');
    assert.equal(r.status.phase, 'Succeeded');
  });

  it('F3: preStop hooks that never finish are cut at grace + 2 s and the sidecars are killed', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      containers: [...sidecars({ preStop: { takes: 10_000 } }), { name: 'regular-1', delay: 5 }],
    });
    const ends: number[] = [];
    for (const n of ['restartable-init-1', 'restartable-init-2', 'restartable-init-3']) {
      const t = r.containerStatus(n).state.terminated;
      assert.equal(t?.exitCode, 137);
      assert.equal(t?.reason, 'Error');
      const lived = r.t(r.hookEnds(n, 'preStop')[0]) - r.t(r.hookStarts(n, 'preStop')[0]);
      assert.ok(Math.abs(lived - 32) <= 1.5, `${n} preStop lived ${String(lived)} s`);
      ends.push(r.t(r.hookEnds(n, 'preStop')[0]));
    }
    assert.ok(Math.max(...ends) - Math.min(...ends) <= 1);
    before(r.start('restartable-init-3'), r.start('regular-1'), 'RI-3 < regular-1');
    assert.equal(r.status.phase, 'Succeeded');
  });

  it('F4: sidecar preStop hooks start simultaneously and sidecars exit in reverse order', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      containers: [...sidecars({ preStop: { takes: 1 } }), { name: 'regular-1', delay: 5 }],
    });
    const starts = ['restartable-init-1', 'restartable-init-2', 'restartable-init-3'].map((n) =>
      r.t(r.hookStarts(n, 'preStop')[0]),
    );
    assert.ok(Math.max(...starts) - Math.min(...starts) <= 1);
    before(r.exit('regular-1'), r.exit('restartable-init-3'), 'regular-1 exits first');
    before(r.exit('restartable-init-3'), r.exit('restartable-init-2'), 'RI-3 then RI-2');
    before(r.exit('restartable-init-2'), r.exit('restartable-init-1'), 'RI-2 then RI-1');
    for (const n of ['restartable-init-1', 'restartable-init-2', 'restartable-init-3']) {
      assert.equal(r.containerStatus(n).state.terminated?.reason, 'Completed');
    }
  });

  it('F5: deleting during initialization does not wait for sidecars that never started', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      deleteAt: 10,
      deleteGrace: 3,
      containers: [
        { name: 'start-init', init: 'regular', delay: 300, terminationSeconds: 0 },
        ...sidecars({ preStop: { takes: 1 } }),
        { name: 'regular-1', delay: 5 },
      ],
    });
    assert.ok(r.lastExitT()! - 10 < 6);
    for (const n of [
      'restartable-init-1',
      'restartable-init-2',
      'restartable-init-3',
      'regular-1',
    ]) {
      assert.equal(r.started(n), false);
    }
    assert.equal(r.status.phase, 'Failed');
    // The ContainerStatusUnknown that TerminatePod gives regular-1 does not make it "started":
    // initialisation never finished, so the pod is not Initialized.
    const initialized = r.status.conditions.find((c) => c.type === 'Initialized');
    assert.equal(initialized?.status, 'False');
    assert.equal(r.status.containerStatuses[0]?.state.terminated?.reason, 'ContainerStatusUnknown');
  });

  it('F6: a sidecar that has not passed its startup probe still terminates gracefully', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 180,
      deleteAt: 20,
      deleteGrace: 180,
      containers: [
        { name: 'init-1', init: 'regular', delay: 1, terminationSeconds: 5 },
        {
          name: 'restartable-init-2',
          init: 'sidecar',
          delay: 600,
          terminationSeconds: 1,
          startupProbe: { failureThreshold: 600, ...ALWAYS_FAILS },
        },
        { name: 'restartable-init-3', init: 'sidecar', delay: 600 },
        { name: 'regular-1', delay: 600 },
      ],
    });
    assert.equal(r.status.initContainerStatuses!.length, 3);
    assert.equal(r.started('restartable-init-3'), false);
    assert.ok(r.lastExitT()! - 20 <= 61);
  });

  const deleted = (containers: E2eContainer[]): E2eRun =>
    runE2e({
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 30,
      deleteAt: 10,
      deleteGrace: 30,
      containers,
    });

  it("F7: a sidecar's non-zero exit on SIGTERM does not fail the pod", () => {
    const r = deleted([
      { name: 'restartable-init-1', init: 'sidecar', delay: 600, terminationSeconds: 1 },
      {
        name: 'restartable-init-2',
        init: 'sidecar',
        delay: 600,
        terminationSeconds: 1,
        exitCode: 1,
      },
      { name: 'restartable-init-3', init: 'sidecar', delay: 600, terminationSeconds: 1 },
      { name: 'regular-1', delay: 600, terminationSeconds: 1 },
    ]);
    assert.equal(r.status.phase, 'Succeeded');
    assert.deepEqual(r.containerStatus('regular-1').state.terminated?.exitCode, 0);
    assert.equal(r.containerStatus('restartable-init-2').state.terminated?.exitCode, 1);
    assert.equal(r.containerStatus('restartable-init-2').state.terminated?.reason, 'Error');
    assert.equal(r.containerStatus('restartable-init-1').state.terminated?.reason, 'Completed');
    assert.equal(r.containerStatus('restartable-init-3').state.terminated?.reason, 'Completed');
  });

  it('F8: a sidecar preStop failure does not fail the pod', () => {
    const r = deleted([
      {
        name: 'restartable-init-1',
        init: 'sidecar',
        delay: 600,
        terminationSeconds: 1,
        preStop: { takes: 1 },
      },
      {
        name: 'restartable-init-2',
        init: 'sidecar',
        delay: 600,
        terminationSeconds: 1,
        preStop: { takes: 1, exitCode: 1 },
      },
      {
        name: 'restartable-init-3',
        init: 'sidecar',
        delay: 600,
        terminationSeconds: 1,
        preStop: { takes: 1 },
      },
      { name: 'regular-1', delay: 600, terminationSeconds: 1 },
    ]);
    assert.equal(r.status.phase, 'Succeeded');
    for (const n of [
      'restartable-init-1',
      'restartable-init-2',
      'restartable-init-3',
      'regular-1',
    ]) {
      assert.equal(r.containerStatus(n).state.terminated?.exitCode, 0, n);
    }
    const failed = r.events.find(
      (e) => e.type === 'HookFinished' && e.container === 'restartable-init-2',
    );
    assert.ok(failed?.type === 'HookFinished' && failed.exitCode === 1);
  });

  const tight = (containers: E2eContainer[]): E2eRun =>
    runE2e({
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 5,
      deleteAt: 10,
      deleteGrace: 5,
      containers,
    });
  const codes = (r: E2eRun): number[] =>
    ['regular-1', 'restartable-init-1', 'restartable-init-2', 'restartable-init-3'].map(
      (n) => r.containerStatus(n).state.terminated?.exitCode ?? -1,
    );

  it('F9: a regular container exceeding the grace period fails the pod', () => {
    const r = tight([
      { name: 'restartable-init-1', init: 'sidecar', delay: 600, terminationSeconds: 20 },
      { name: 'restartable-init-2', init: 'sidecar', delay: 600, terminationSeconds: 1 },
      { name: 'restartable-init-3', init: 'sidecar', delay: 600, terminationSeconds: 20 },
      { name: 'regular-1', delay: 600, terminationSeconds: 20 },
    ]);
    assert.equal(r.status.phase, 'Failed');
    assert.deepEqual(codes(r), [137, 137, 0, 137]);
    assert.equal(r.containerStatus('regular-1').state.terminated?.reason, 'Error');
  });

  it('F10: a sidecar exceeding the grace period does not fail the pod', () => {
    const r = tight([
      { name: 'restartable-init-1', init: 'sidecar', delay: 600, terminationSeconds: 1 },
      { name: 'restartable-init-2', init: 'sidecar', delay: 600, terminationSeconds: 20 },
      { name: 'restartable-init-3', init: 'sidecar', delay: 600, terminationSeconds: 1 },
      { name: 'regular-1', delay: 600, terminationSeconds: 1 },
    ]);
    assert.equal(r.status.phase, 'Succeeded');
    assert.deepEqual(codes(r), [0, 0, 137, 0]);
  });

  it("F11: a regular container's preStop exceeding the grace period fails the pod", () => {
    const r = tight([
      { name: 'restartable-init-1', init: 'sidecar', delay: 600, terminationSeconds: 1 },
      { name: 'restartable-init-2', init: 'sidecar', delay: 600, terminationSeconds: 20 },
      { name: 'restartable-init-3', init: 'sidecar', delay: 600, terminationSeconds: 1 },
      { name: 'regular-1', delay: 600, terminationSeconds: 20, preStop: { takes: 20 } },
    ]);
    assert.equal(r.status.phase, 'Failed');
    assert.deepEqual(codes(r), [137, 0, 137, 0]);
  });

  it("F12: a sidecar's preStop exceeding the grace period does not fail the pod", () => {
    const r = tight([
      {
        name: 'restartable-init-1',
        init: 'sidecar',
        delay: 600,
        terminationSeconds: 1,
        preStop: { takes: 1 },
      },
      {
        name: 'restartable-init-2',
        init: 'sidecar',
        delay: 600,
        terminationSeconds: 20,
        preStop: { takes: 30 },
      },
      {
        name: 'restartable-init-3',
        init: 'sidecar',
        delay: 600,
        terminationSeconds: 1,
        preStop: { takes: 1 },
      },
      { name: 'regular-1', delay: 600, terminationSeconds: 1 },
    ]);
    assert.equal(r.status.phase, 'Succeeded');
    assert.deepEqual(codes(r), [0, 0, 137, 0]);
  });
});

describe('e2e group P: probes on sidecars', () => {
  /** One sidecar "sc" carrying the probes, one regular "main"; pod restartPolicy Always. */
  const probePod = (
    sc: Partial<E2eContainer>,
    until = 240,
    extra: { tgps?: number; deleteAt?: number } = {},
  ): E2eRun =>
    runE2e({
      until,
      ...(extra.tgps !== undefined ? { terminationGracePeriodSeconds: extra.tgps } : {}),
      ...(extra.deleteAt !== undefined ? { deleteAt: extra.deleteAt } : {}),
      containers: [
        { name: 'sc', init: 'sidecar', delay: FOREVER, ...sc },
        { name: 'main', delay: FOREVER },
      ],
    });
  const restarts = (r: E2eRun): number => r.containerStatus('sc').restartCount;
  const readyAt = (r: E2eRun): number | undefined =>
    r.events.find(
      (e) => e.type === 'PodCondition' && e.condition === 'Ready' && e.status === 'True',
    )?.t;

  it('P1: readiness with an initial delay makes the pod Ready no earlier than the delay', () => {
    const r = probePod({ readinessProbe: { initialDelaySeconds: 15 } });
    assert.ok(readyAt(r)! >= r.t(r.start('sc')) + 15);
    assert.equal(restarts(r), 0);
  });

  it('P2: a readiness probe that always fails keeps the pod un-Ready and never restarts', () => {
    const r = probePod({ readinessProbe: ALWAYS_FAILS }, 60);
    assert.equal(readyAt(r), undefined);
    assert.equal(restarts(r), 0);
    assert.ok(r.started('main'), 'readiness does not gate the next container');
  });

  const livenessCases: [string, string, Partial<E2eContainer>, boolean][] = [
    [
      'P3',
      'exec liveness on a file that disappears',
      {
        livenessProbe: {
          initialDelaySeconds: 15,
          timeoutSeconds: 5,
          failureThreshold: 1,
          failFrom: 10,
        },
      },
      true,
    ],
    [
      'P4',
      'exec liveness on a file that stays',
      { livenessProbe: { initialDelaySeconds: 15, timeoutSeconds: 5, failureThreshold: 1 } },
      false,
    ],
    [
      'P5',
      'http liveness that starts failing',
      {
        livenessProbe: {
          initialDelaySeconds: 15,
          timeoutSeconds: 5,
          failureThreshold: 1,
          failFrom: 10,
        },
      },
      true,
    ],
    [
      'P6',
      'tcp liveness on an open port',
      { livenessProbe: { initialDelaySeconds: 15, timeoutSeconds: 5, failureThreshold: 1 } },
      false,
    ],
    [
      'P8',
      'http liveness that keeps succeeding',
      { livenessProbe: { failureThreshold: 5 } },
      false,
    ],
    [
      'P9',
      'exec liveness that times out',
      {
        livenessProbe: {
          initialDelaySeconds: 15,
          timeoutSeconds: 1,
          failureThreshold: 1,
          ...ALWAYS_FAILS,
        },
      },
      true,
    ],
    [
      'P11',
      'exec liveness that fails and outlives its timeout',
      { livenessProbe: { timeoutSeconds: 1, ...ALWAYS_FAILS } },
      true,
    ],
    [
      'P12',
      'liveness redirected to a local path that fails',
      { livenessProbe: ALWAYS_FAILS },
      true,
    ],
    [
      'P13',
      'liveness redirected to another host (treated as success)',
      { livenessProbe: {} },
      false,
    ],
    ['P20', 'grpc liveness that succeeds', { livenessProbe: {} }, false],
    ['P21', 'grpc liveness on the wrong port', { livenessProbe: ALWAYS_FAILS }, true],
  ];
  for (const [id, what, sc, restarted] of livenessCases) {
    it(`${id}: ${what} ${restarted ? 'restarts' : 'never restarts'} the sidecar`, () => {
      const r = probePod(sc);
      if (restarted) assert.ok(restarts(r) >= 1, `${String(restarts(r))} restarts`);
      else assert.equal(restarts(r), 0);
    });
  }

  it('P7: the restart count increases monotonically to at least 5', () => {
    const r = probePod(
      { livenessProbe: { initialDelaySeconds: 5, failureThreshold: 1, failFrom: 10 } },
      1200,
    );
    const counts = r.events.flatMap((e) =>
      e.type === 'ContainerStarted' && e.container === 'sc' ? [e.restartCount] : [],
    );
    assert.ok(counts.every((c, i) => i === 0 || c > counts[i - 1]!));
    assert.ok(restarts(r) >= 5);
    // Crash-loop back-off between restarts: the gaps grow.
    const backoffs = r.events.flatMap((e) =>
      e.type === 'BackOff' && e.container === 'sc' ? [e.delaySeconds] : [],
    );
    assert.deepEqual(backoffs.slice(0, 3), [10, 20, 40]);
  });

  it('P10: an exec readiness probe that times out keeps the pod un-Ready', () => {
    const r = probePod({ readinessProbe: { timeoutSeconds: 1, ...ALWAYS_FAILS } }, 60);
    assert.equal(readyAt(r), undefined);
  });

  it('P14: a failing startup probe restarts the sidecar', () => {
    const r = probePod({
      startupProbe: { initialDelaySeconds: 15, failureThreshold: 3, ...ALWAYS_FAILS },
      livenessProbe: {},
    });
    assert.ok(restarts(r) >= 1);
    assert.equal(r.started('main'), false);
  });

  it('P15: the startup probe delays liveness', () => {
    const r = probePod({
      startupProbe: { failureThreshold: 60, ...ALWAYS_FAILS },
      livenessProbe: { initialDelaySeconds: 15, failureThreshold: 1, ...ALWAYS_FAILS },
    });
    assert.equal(restarts(r), 0);
    assert.equal(r.probeRuns('sc', 'liveness').length, 0);
  });

  it('P16: liveness takes effect after the startup probe succeeds', () => {
    const r = probePod({
      startupProbe: { initialDelaySeconds: 15, failureThreshold: 60, passFrom: 10 },
      livenessProbe: { failureThreshold: 1, ...ALWAYS_FAILS },
    });
    assert.ok(restarts(r) >= 1);
  });

  it('P17: readiness runs right after the startup probe succeeds', () => {
    const r = probePod({
      readinessProbe: { periodSeconds: 30 },
      startupProbe: { periodSeconds: 5, failureThreshold: 120, passFrom: 32 },
    });
    const started = r.t(
      r.events.findIndex(
        (e) => e.type === 'ProbeResult' && e.probe === 'startup' && e.result === 'Success',
      ),
    );
    const ready = readyAt(r)!;
    assert.ok(
      ready >= started && ready - started <= 25,
      `started ${String(started)}, ready ${String(ready)}`,
    );
  });

  for (const [id, probe] of [
    ['P18', 'livenessProbe'],
    ['P19', 'startupProbe'],
  ] as const) {
    it(`${id}: a ${probe === 'livenessProbe' ? 'liveness' : 'startup'} probe's terminationGracePeriodSeconds overrides the pod's`, () => {
      const r = probePod(
        {
          ignoreTerm: true,
          [probe]: {
            initialDelaySeconds: 10,
            failureThreshold: 1,
            terminationGracePeriodSeconds: 5,
            ...ALWAYS_FAILS,
          },
          ...(probe === 'startupProbe' ? { livenessProbe: {} } : {}),
        },
        280,
        { tgps: 500 },
      );
      assert.ok(restarts(r) >= 1);
      const term = r.t(r.signals('sc', 'SIGTERM')[0]);
      const kill = r.t(r.signals('sc', 'SIGKILL')[0]);
      assert.equal(kill - term, 5);
      assert.deepEqual(r.exitCodes('sc')[0], 137);
    });
  }

  it('P22: readiness turns false during termination before the pod is gone', () => {
    const r = probePod(
      {
        terminationSeconds: 30,
        readinessProbe: {
          initialDelaySeconds: 5,
          periodSeconds: 2,
          failureThreshold: 1,
          failFrom: 30,
        },
      },
      600,
      { tgps: 30, deleteAt: 30 },
    );
    assert.ok(readyAt(r)! < 30);
    const unready = r.events.find(
      (e) =>
        e.type === 'PodCondition' && e.condition === 'Ready' && e.status === 'False' && e.t >= 30,
    );
    assert.ok(unready !== undefined && unready.t < r.lastExitT()!);
    assert.ok(
      r.probeRuns('sc', 'readiness').some((p) => r.t(p) > 30),
      'readiness keeps running while terminating',
    );
  });

  it('P23: liveness is disabled during termination', () => {
    const r = probePod(
      {
        terminationSeconds: 20,
        readinessProbe: {
          initialDelaySeconds: 5,
          periodSeconds: 2,
          failureThreshold: 1,
          failFrom: 30,
        },
        livenessProbe: { periodSeconds: 1, failureThreshold: 1, failFrom: 30 },
      },
      600,
      { deleteAt: 30 },
    );
    assert.ok(
      !r.events.some(
        (e) => e.type === 'ProbeResult' && e.probe === 'liveness' && e.result === 'Failure',
      ),
    );
    assert.equal(restarts(r), 0);
    assert.ok(
      r.events.some(
        (e) =>
          e.type === 'PodCondition' && e.condition === 'Ready' && e.status === 'False' && e.t >= 30,
      ),
    );
  });
});

describe('e2e group L: lifecycle hooks on sidecars', () => {
  const hookPod = (hook: 'postStart' | 'preStop', handler: Record<string, unknown>): E2eRun =>
    runE2e({
      deleteAt: 20,
      deleteGrace: 15,
      containers: [
        { name: 'sc', init: 'sidecar', delay: FOREVER, [hook]: { takes: 0.1, handler } },
        { name: 'main', delay: FOREVER },
      ],
    });
  const exec = { exec: { command: ['sh', '-c', 'curl http://handler:8080/echo'] } };
  const http = { httpGet: { path: '/echo', port: 8080 } };
  const https = { httpGet: { path: '/echo', port: 9090, scheme: 'HTTPS' } };

  for (const [id, handler] of [
    ['L1', exec],
    ['L3', http],
    ['L4', https],
  ] as const) {
    it(`${id}: a sidecar postStart hook runs within 2 minutes of pod creation and before the main container`, () => {
      const r = hookPod('postStart', handler);
      const h = r.hookStarts('sc', 'postStart')[0]!;
      assert.ok(r.t(h) <= 120);
      before(
        r.hookEnds('sc', 'postStart')[0]!,
        r.start('main'),
        'main starts after the sidecar postStart',
      );
    });
  }

  for (const [id, handler] of [
    ['L2', exec],
    ['L5', http],
    ['L6', https],
  ] as const) {
    it(`${id}: a sidecar preStop hook runs within 30 s of the deletion`, () => {
      const r = hookPod('preStop', handler);
      const h = r.hookStarts('sc', 'preStop')[0]!;
      assert.ok(r.t(h) >= 20 && r.t(h) <= 50);
      before(h, r.exit('sc'), 'preStop before the sidecar exits');
    });
  }
});

describe('e2e image pulls: unpullable images (B6, D5, D14)', () => {
  const BAD = 'registry.invalid/does-not-exist:1';

  it('B6: an init container with an unpullable image waits in ImagePullBackOff and nothing starts', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      until: 300,
      containers: [
        { name: 'init-1', init: 'regular', delay: 1, image: BAD, pullFails: true },
        { name: 'regular-1', delay: FOREVER },
      ],
    });
    const s = r.containerStatus('init-1');
    assert.equal(s.state.waiting?.reason, 'ImagePullBackOff');
    assert.equal(s.state.waiting?.message, `Back-off pulling image "${BAD}"`);
    assert.equal(s.restartCount, 0);
    assert.equal(s.started, false);
    assert.equal(s.image, BAD);
    assert.equal(r.started('init-1'), false);
    assert.equal(r.started('regular-1'), false);
    assert.equal(r.containerStatus('regular-1').state.waiting?.reason, 'PodInitializing');
    // A failed pull under Never does not fail the pod: it stays Pending.
    assert.deepEqual(r.phases(), ['Pending']);
    before(
      r.pullFailures('init-1', 'ErrImagePull')[0]!,
      r.pullFailures('init-1', 'ImagePullBackOff')[0]!,
      'ErrImagePull comes first, ImagePullBackOff once the kubelet backs off',
    );
    // image_manager.go: the pull back-off of the image doubles from 10 s up to 300 s.
    const delays = r
      .pullFailures('init-1', 'ErrImagePull')
      .map((p) => r.events[p]!)
      .map((e) => (e.type === 'ImagePullFailed' ? [e.t, e.retryAfterSeconds] : []));
    assert.deepEqual(delays, [
      [0, 10],
      [10, 20],
      [30, 40],
      [70, 80],
      [150, 160],
    ]);
  });

  for (const [id, policy] of [
    ['D5', 'Never'],
    ['D5', 'OnFailure'],
    ['D14', 'Never'],
    ['D14', 'Always'],
  ] as const) {
    it(`${id}: a sidecar with an unpullable image blocks everything and the pod stays Pending under ${policy}`, () => {
      const r = runE2e({
        restartPolicy: policy,
        containers: [
          { name: 'restartable-init-1', init: 'sidecar', delay: 600, image: BAD, pullFails: true },
          { name: 'regular-1', delay: 1 },
        ],
      });
      const s = r.containerStatus('restartable-init-1');
      assert.equal(s.state.waiting?.reason, 'ImagePullBackOff');
      assert.equal(s.started, false);
      assert.equal(s.restartCount, 0);
      assert.equal(r.started('restartable-init-1'), false);
      assert.equal(r.started('regular-1'), false);
      assert.equal(r.status.phase, 'Pending');
      assert.deepEqual(r.phases(), ['Pending']);
      const initialized = r.status.conditions.find((c) => c.type === 'Initialized');
      assert.equal(initialized?.status, 'False');
    });
  }
});

describe('e2e image updates (A1-A5, C1-C3, D2, D4, E2, E5, F2)', () => {
  const NEW = 'registry.example/new:2';

  for (const policy of ['Always', 'OnFailure', 'Never'] as const) {
    it(`A1: an image update restarts the running regular container under ${policy}, and only it`, () => {
      const r = runE2e({
        restartPolicy: policy,
        until: 30,
        setImage: [{ at: 10, container: 'regular-1', image: NEW }],
        containers: [
          { name: 'regular-1', delay: 60 },
          { name: 'regular-2', delay: 60 },
        ],
      });
      const s = r.containerStatus('regular-1');
      assert.ok(s.state.running !== undefined, 'regular-1 runs again');
      assert.equal(s.image, NEW);
      assert.equal(s.restartCount, 1);
      assert.ok(r.t(r.start('regular-1', 1)) <= 10 + 20, 'restarted within 20 s');
      assert.ok(r.signals('regular-1', 'SIGTERM').length === 1);
      const r2 = r.containerStatus('regular-2');
      assert.equal(r2.restartCount, 0);
      assert.equal(r2.image, 'busybox');
      assert.equal(r.starts('regular-2').length, 1);
    });
  }

  for (const policy of ['Always', 'OnFailure', 'Never'] as const) {
    it(`A2: an image update of a regular container during initialization does not start it early under ${policy}`, () => {
      const pod = (until: number): E2eRun =>
        runE2e({
          restartPolicy: policy,
          until,
          setImage: [{ at: 5, container: 'regular-1', image: NEW }],
          containers: [
            { name: 'init-1', init: 'regular', delay: 60 },
            { name: 'regular-1', delay: 10, terminationSeconds: 1 },
            { name: 'regular-2', delay: 10, terminationSeconds: 1 },
          ],
        });
      const during = pod(55);
      assert.deepEqual(during.phases(), ['Pending']);
      assert.equal(during.started('regular-1') || during.started('regular-2'), false);
      const after = pod(65);
      assert.equal(after.status.phase, 'Running');
      assert.equal(after.containerStatus('regular-1').restartCount, 0);
      assert.equal(after.containerStatus('regular-2').restartCount, 0);
      assert.equal(after.status.containerStatuses[0]!.image, NEW);
      assert.equal(after.starts('regular-1').length, 1);
    });
  }

  for (const [id, probe] of [
    ['A3', 'startupProbe'],
    ['A4', 'livenessProbe'],
  ] as const) {
    for (const policy of ['Always', 'OnFailure'] as const) {
      it(`${id}: an image update after ${probe} failures restarts the container with the new image under ${policy}`, () => {
        const r = runE2e({
          restartPolicy: policy,
          until: 120,
          setImage: [{ at: 60, container: 'regular-1', image: NEW }],
          containers: [
            {
              name: 'regular-1',
              delay: 600,
              [probe]: { ...ALWAYS_FAILS, initialDelaySeconds: 20, failureThreshold: 1 },
            },
          ],
        });
        const startsBefore = r.starts('regular-1').filter((p) => r.t(p) < 60).length;
        assert.ok(startsBefore >= 2, 'restartCount reaches 1 before the update');
        const s = r.containerStatus('regular-1');
        assert.equal(s.image, NEW);
        assert.ok(s.restartCount > 1);
        const after = r.starts('regular-1').filter((p) => r.t(p) >= 60);
        assert.ok(after.length > 0 && r.t(after[0]) <= 60 + 60, 'restarted within a minute');
      });
    }
  }

  for (const policy of ['Never', 'OnFailure', 'Always'] as const) {
    it(`A5: an image update during termination does not restart the container under ${policy}`, () => {
      const r = runE2e({
        restartPolicy: policy,
        deleteAt: 2,
        deleteGrace: 120,
        setImage: [{ at: 3, container: 'regular-1', image: NEW }],
        containers: [{ name: 'regular-1', delay: 10, terminationSeconds: 60, exitCode: 1 }],
      });
      assert.equal(r.starts('regular-1').length, 1);
      assert.equal(r.containerStatus('regular-1').restartCount, 0);
      assert.ok(r.lastExitT()! <= 2 + 60, 'the pod is gone within 60 s of the deletion');
    });
  }

  it('C1: updating a completed init container image does not re-run it', () => {
    const r = runE2e({
      restartPolicy: 'Always',
      until: 35,
      setImage: [{ at: 5, container: 'init-1', image: NEW }],
      containers: [
        { name: 'init-1', init: 'regular', delay: 1 },
        { name: 'regular-1', delay: 20 },
      ],
    });
    const s = r.containerStatus('init-1');
    assert.equal(s.state.terminated?.exitCode, 0);
    assert.equal(s.image, 'busybox');
    assert.equal(s.restartCount, 0);
    assert.equal(r.starts('init-1').length, 1);
  });

  it('C2: updating a completed init container to an unpullable image does not re-run it', () => {
    const r = runE2e({
      restartPolicy: 'Always',
      until: 60,
      setImage: [
        { at: 25, container: 'init-1', image: 'registry.invalid/nope:1', pullFails: true },
      ],
      containers: [
        { name: 'init-1', init: 'regular', delay: 20 },
        { name: 'regular-1', delay: 20, exitCode: 255 },
      ],
    });
    const s = r.containerStatus('init-1');
    assert.equal(s.state.terminated?.exitCode, 0);
    assert.equal(s.image, 'busybox');
    assert.equal(r.starts('init-1').length, 1);
    assert.equal(r.pullFailures('init-1').length, 0);
  });

  it('C3: an init container image change during termination restarts nothing', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      until: 40,
      deleteAt: 5,
      setImage: [{ at: 6, container: 'init-1', image: NEW }],
      containers: [
        { name: 'init-1', init: 'regular', delay: 1 },
        { name: 'regular-1', delay: 20, terminationSeconds: 20, exitCode: 1 },
      ],
    });
    assert.equal(r.starts('init-1').length, 1);
    assert.equal(r.starts('regular-1').length, 1);
    assert.equal(r.containerStatus('init-1').image, 'busybox');
    assert.equal(r.containerStatus('init-1').restartCount, 0);
  });

  const d2Pod = (
    policy: 'Always' | 'OnFailure' | 'Never',
    version: string,
    until: number,
  ): E2eRun =>
    runE2e({
      restartPolicy: policy,
      version,
      until,
      setImage: [{ at: 10, container: 'restartable-init-1', image: NEW }],
      containers: [
        { name: 'init-1', init: 'regular', delay: 1 },
        { name: 'restartable-init-1', init: 'sidecar', delay: 600, terminationSeconds: 5 },
        policy === 'Never'
          ? { name: 'init-2', init: 'regular', delay: 30, exitCode: 1 }
          : { name: 'init-2', init: 'regular', delay: 600 },
        { name: 'restartable-init-2', init: 'sidecar', delay: 1, terminationSeconds: 1 },
        { name: 'regular-1', delay: 1, terminationSeconds: 1 },
      ],
    });

  for (const policy of ['Always', 'OnFailure'] as const) {
    it(`D2: a sidecar image change during initialization restarts only that sidecar under ${policy}`, () => {
      const r = d2Pod(policy, '1.33', 70);
      const s = r.containerStatus('restartable-init-1');
      assert.ok(s.state.running !== undefined);
      assert.equal(s.image, NEW);
      assert.ok(s.restartCount > 0);
      assert.ok(r.t(r.start('restartable-init-1', 1)) <= 10 + 60);
      before(r.start('init-1'), r.start('restartable-init-1'), 'init-1 before RI-1');
      before(r.start('restartable-init-1'), r.start('init-2'), 'RI-1 before init-2');
      assert.equal(r.started('restartable-init-2'), false);
      assert.equal(r.started('regular-1'), false);
      assert.equal(r.starts('init-1').length, 1);
      assert.equal(r.starts('init-2').length, 1);
      assert.equal(r.status.phase, 'Pending');
    });
  }

  it('D2: under Never the failed init container ends the pod and exits before the restarted sidecar', () => {
    const r = d2Pod('Never', '1.33', 300);
    assert.equal(r.status.phase, 'Failed');
    assert.equal(r.starts('restartable-init-1').length, 2);
    before(r.exit('init-2'), r.exit('restartable-init-1', 1), 'init-2 exits before RI-1');
    assert.equal(r.containerStatus('restartable-init-1').image, NEW);
  });

  it('D2 (before 1.32, #126525): a sidecar image change does not restart the sidecar', () => {
    const r = d2Pod('Always', '1.31', 70);
    assert.equal(r.starts('restartable-init-1').length, 1);
    const s = r.containerStatus('restartable-init-1');
    assert.equal(s.restartCount, 0);
    assert.equal(s.image, 'busybox');
  });

  it('D4: a sidecar image change after initialization restarts only that sidecar under Never', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      until: 50,
      setImage: [{ at: 10, container: 'restartable-init-1', image: NEW }],
      containers: [
        { name: 'restartable-init-1', init: 'sidecar', delay: 600 },
        { name: 'restartable-init-2', init: 'sidecar', delay: 600 },
        { name: 'regular-1', delay: 60 },
      ],
    });
    const s = r.containerStatus('restartable-init-1');
    assert.ok(s.state.running !== undefined);
    assert.equal(s.image, NEW);
    assert.equal(s.restartCount, 1);
    assert.equal(r.starts('restartable-init-2').length, 1);
    assert.equal(r.starts('regular-1').length, 1);
    assert.equal(r.status.phase, 'Running');
  });

  it('D10b: after a sidecar image change the pod still ends Succeeded under OnFailure', () => {
    const r = runE2e({
      restartPolicy: 'OnFailure',
      setImage: [{ at: 10, container: 'restartable-init-1', image: NEW }],
      containers: [
        { name: 'restartable-init-1', init: 'sidecar', delay: 600 },
        { name: 'restartable-init-2', init: 'sidecar', delay: 600 },
        { name: 'regular-1', delay: 30 },
      ],
    });
    assert.equal(r.status.phase, 'Succeeded');
    assert.equal(r.starts('restartable-init-1').length, 2);
    assert.equal(r.starts('regular-1').length, 1);
  });

  for (const policy of ['Never', 'OnFailure', 'Always'] as const) {
    it(`E2: a sidecar image change after startup-probe failures restarts it with the new image under ${policy}`, () => {
      const r = runE2e({
        restartPolicy: policy,
        until: 60,
        setImage: [{ at: 30, container: 'restartable-init-2', image: NEW }],
        containers: [
          { name: 'restartable-init-1', init: 'sidecar', delay: 600 },
          {
            name: 'restartable-init-2',
            init: 'sidecar',
            delay: 600,
            startupProbe: { ...ALWAYS_FAILS, initialDelaySeconds: 20, failureThreshold: 1 },
          },
          { name: 'regular-1', delay: 1 },
        ],
      });
      assert.ok(
        r.starts('restartable-init-2').filter((p) => r.t(p) < 30).length >= 2,
        'restarted after the startup failure before the update, even under Never',
      );
      const s = r.containerStatus('restartable-init-2');
      assert.equal(s.image, NEW);
      assert.ok(s.restartCount > 1);
      assert.equal(r.status.phase, 'Pending');
      assert.equal(r.started('regular-1'), false);
      assert.equal(r.starts('restartable-init-1').length, 1);
    });
  }

  for (const policy of ['Never', 'OnFailure', 'Always'] as const) {
    it(`E5: a sidecar image change after liveness failures restarts it with the new image under ${policy}`, () => {
      const r = runE2e({
        restartPolicy: policy,
        until: 45,
        setImage: [{ at: 15, container: 'restartable-init-2', image: NEW }],
        containers: [
          { name: 'restartable-init-1', init: 'sidecar', delay: 600 },
          {
            name: 'restartable-init-2',
            init: 'sidecar',
            delay: 600,
            livenessProbe: { ...ALWAYS_FAILS, initialDelaySeconds: 10, failureThreshold: 1 },
          },
          policy === 'Always' ? { name: 'regular-1', delay: 5 } : { name: 'regular-1', delay: 600 },
        ],
      });
      assert.ok(r.starts('restartable-init-2').filter((p) => r.t(p) < 15).length >= 2);
      const s = r.containerStatus('restartable-init-2');
      assert.ok(s.restartCount >= 2);
      assert.equal(s.image, NEW);
      assert.ok(
        r.starts('restartable-init-2').some((p) => r.t(p) >= 15 && r.t(p) <= 45),
        'restarted within 30 s of the update',
      );
      assert.equal(r.starts('restartable-init-1').length, 1);
      if (policy === 'Always') assert.ok(r.starts('regular-1').length > 1);
      else assert.equal(r.starts('regular-1').length, 1);
    });
  }

  it('D13 (image update variant): a sidecar image change restarts only that sidecar while the regular container restarts under Always', () => {
    const r = runE2e({
      restartPolicy: 'Always',
      until: 120,
      setImage: [{ at: 5, container: 'restartable-init-1', image: NEW }],
      containers: [
        { name: 'restartable-init-1', init: 'sidecar', delay: 600 },
        { name: 'restartable-init-2', init: 'sidecar', delay: 600 },
        { name: 'regular-1', delay: 10 },
      ],
    });
    assert.ok(r.containerStatus('regular-1').restartCount >= 2);
    const s = r.containerStatus('restartable-init-1');
    assert.ok(s.state.running !== undefined);
    assert.equal(s.image, NEW);
    assert.equal(s.restartCount, 1);
    assert.equal(r.starts('restartable-init-2').length, 1);
  });

  for (const policy of ['Always', 'OnFailure', 'Never'] as const) {
    it(`F2: a sidecar image change during termination does not restart it under ${policy}`, () => {
      const r = runE2e({
        restartPolicy: policy,
        terminationGracePeriodSeconds: 180,
        deleteAt: 5,
        deleteGrace: 180,
        setImage: [{ at: 6, container: 'restartable-init-2', image: NEW }],
        containers: [
          { name: 'init-1', init: 'regular', delay: 1, terminationSeconds: 5 },
          { name: 'restartable-init-2', init: 'sidecar', delay: 600, terminationSeconds: 10 },
          { name: 'restartable-init-3', init: 'sidecar', delay: 600, terminationSeconds: 10 },
          { name: 'regular-1', delay: 600, terminationSeconds: 10 },
        ],
      });
      for (const c of ['init-1', 'restartable-init-2', 'restartable-init-3', 'regular-1'])
        assert.equal(r.starts(c).length, 1, `${c} is not restarted`);
      assert.equal(r.containerStatus('restartable-init-2').image, 'busybox');
      assert.ok(r.lastExitT()! <= 5 + 10 + 60, 'a graceful ordered stop, not the full 180 s');
    });
  }
});

/**
 * Which kill path and which grace period (kuberuntime_manager.go computePodActions and SyncPod,
 * kuberuntime_container.go killContainer and setTerminationGracePeriod, pod_workers.go
 * calculateEffectiveGracePeriod). Not kubelet e2e cases: the K ids are this project's.
 */
describe('K: kill path and grace period', () => {
  const failingLiveness = {
    initialDelaySeconds: 10,
    failureThreshold: 1,
    terminationGracePeriodSeconds: 1,
    ...ALWAYS_FAILS,
  };

  it('K1: a liveness failure of the only regular container under Never kills the whole pod with the pod grace, the sidecar after it', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 20,
      until: 120,
      containers: [
        { name: 'sc', init: 'sidecar', delay: FOREVER },
        { name: 'app', delay: FOREVER, ignoreTerm: true, livenessProbe: failingLiveness },
      ],
    });
    const term = r.signals('app', 'SIGTERM')[0]!;
    const e = r.events[term]!;
    assert.ok(e.type === 'ContainerKilling' && e.reason === 'LivenessProbe');
    // The pod's 20 s, not the probe's 1 s (which the 2 s minimum would have made 2 s).
    assert.equal(r.t(r.signals('app', 'SIGKILL')[0]) - r.t(term), 20);
    assert.deepEqual(r.exitCodes('app'), [137]);
    assert.equal(r.starts('app').length, 1, 'not restarted under Never');
    // Termination order: the sidecar waits for the app, here for the whole shared grace period.
    const scTerm = r.signals('sc', 'SIGTERM')[0]!;
    before(term, scTerm, 'the sidecar is stopped after the app');
    assert.equal(r.t(scTerm) - r.t(term), 20);
    const sc = r.events[scTerm]!;
    assert.ok(sc.type === 'ContainerKilling' && sc.reason === 'PodCompleted');
    assert.equal(r.starts('sc').length, 1, 'the sidecar is not restarted');
    assert.equal(r.status.phase, 'Failed');
  });

  it('K1b: the same with an app that takes 5 s to exit on SIGTERM: it exits by itself, then the sidecar is stopped, and its exit code decides the phase', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 20,
      until: 120,
      containers: [
        { name: 'sc', init: 'sidecar', delay: FOREVER },
        { name: 'app', delay: FOREVER, terminationSeconds: 5, livenessProbe: failingLiveness },
      ],
    });
    const term = r.signals('app', 'SIGTERM')[0]!;
    assert.deepEqual(r.signals('app', 'SIGKILL'), [], 'no SIGKILL within the pod grace');
    assert.equal(r.t(r.exit('app')) - r.t(term), 5);
    assert.deepEqual(r.exitCodes('app'), [0]);
    const scTerm = r.signals('sc', 'SIGTERM')[0]!;
    before(r.exit('app'), scTerm, 'the sidecar gets SIGTERM once the app has exited');
    assert.equal(r.status.phase, 'Succeeded');
  });

  it('K2: a liveness failure under Never while another regular container runs kills that container alone, with the probe grace', () => {
    const r = runE2e({
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 20,
      until: 120,
      containers: [
        { name: 'sc', init: 'sidecar', delay: FOREVER },
        {
          name: 'app-1',
          delay: FOREVER,
          ignoreTerm: true,
          livenessProbe: { ...failingLiveness, terminationGracePeriodSeconds: 5 },
        },
        { name: 'app-2', delay: FOREVER },
      ],
    });
    const term = r.signals('app-1', 'SIGTERM')[0]!;
    assert.equal(r.t(r.signals('app-1', 'SIGKILL')[0]) - r.t(term), 5);
    assert.equal(r.starts('app-1').length, 1, 'not restarted under Never');
    assert.deepEqual(r.signals('app-2'), [], 'the pod goes on');
    assert.deepEqual(r.signals('sc'), []);
    assert.equal(r.status.phase, 'Running');
  });

  it('K3: liveness failures of every regular container in the same sync kill the pod with the pod grace', () => {
    const app = (name: string): E2eContainer => ({
      name,
      delay: FOREVER,
      ignoreTerm: true,
      livenessProbe: failingLiveness,
    });
    const r = runE2e({
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 20,
      until: 120,
      containers: [{ name: 'sc', init: 'sidecar', delay: FOREVER }, app('app-1'), app('app-2')],
    });
    for (const name of ['app-1', 'app-2']) {
      const term = r.t(r.signals(name, 'SIGTERM')[0]);
      assert.equal(r.t(r.signals(name, 'SIGKILL')[0]) - term, 20, name);
    }
    // The sidecar waits for both apps, until the shared deadline.
    assert.equal(r.t(r.signals('sc', 'SIGTERM')[0]) - r.t(r.signals('app-1', 'SIGTERM')[0]), 20);
    assert.equal(r.status.phase, 'Failed');
  });

  it('K4: a liveness failure under OnFailure restarts the only regular container with the probe grace, no pod kill', () => {
    const r = runE2e({
      restartPolicy: 'OnFailure',
      terminationGracePeriodSeconds: 20,
      until: 30,
      containers: [
        { name: 'sc', init: 'sidecar', delay: FOREVER },
        {
          name: 'app',
          delay: FOREVER,
          ignoreTerm: true,
          livenessProbe: { ...failingLiveness, terminationGracePeriodSeconds: 3 },
        },
      ],
    });
    const term = r.t(r.signals('app', 'SIGTERM')[0]);
    assert.equal(r.t(r.signals('app', 'SIGKILL')[0]) - term, 3);
    assert.ok(r.starts('app').length >= 2, 'restarted');
    assert.deepEqual(r.signals('sc'), []);
  });

  for (const [version, grace] of [
    ['1.31', 20],
    ['1.32', 1],
    ['1.33', 1],
  ] as const) {
    it(`K5: a deletion with grace 0 on ${version} gives the containers ${String(grace)} s (pod_workers.go calculateEffectiveGracePeriod)`, () => {
      const r = runE2e({
        version,
        restartPolicy: 'Never',
        terminationGracePeriodSeconds: 20,
        deleteAt: 5,
        deleteGrace: 0,
        containers: [{ name: 'app', delay: FOREVER, ignoreTerm: true, preStop: { takes: 100 } }],
      });
      const deleting = r.events.find((e) => e.type === 'PodDeleting');
      assert.ok(deleting?.type === 'PodDeleting' && deleting.gracePeriodSeconds === 0);
      // Before 1.32 a 0 falls back to the spec's 20 s; from 1.32 it stays 0, raised to 1 s.
      // Either way the grace is > 0, so the preStop runs and is cut at the grace period, then
      // SIGTERM gets the 2 s minimum window before SIGKILL.
      assert.equal(r.hookStarts('app', 'preStop').length, 1);
      assert.equal(r.t(r.signals('app', 'SIGTERM')[0]), 5 + grace);
      assert.equal(r.t(r.signals('app', 'SIGKILL')[0]), 5 + grace + 2);
      assert.deepEqual(r.exitCodes('app'), [137]);
    });
  }
});
