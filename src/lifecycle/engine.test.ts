/**
 * Unit tests of the pure engine: steps are driven by hand, with no timers, no child processes and
 * no simulator.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveVersion } from '../model/versions.js';
import type { Action, Observation } from './actions.js';
import {
  buildPodModel,
  createPodState,
  podStatus,
  step,
  type EngineState,
  type StepResult,
} from './engine.js';
import type { PodEvent } from './events.js';

const V133 = resolveVersion('1.33');

function podState(spec: Record<string, unknown>, version = V133): EngineState {
  return createPodState(buildPodModel(spec, version, 'default/p'), version);
}

/** A hand driver: keeps the state, collects events, answers nothing by itself. */
class Hand {
  state: EngineState;
  events: PodEvent[] = [];
  last!: StepResult;

  constructor(state: EngineState) {
    this.state = state;
  }

  step(now: number, obs: Observation[] = []): Action[] {
    this.last = step(this.state, now, obs);
    this.state = this.last.state;
    this.events.push(...this.last.events);
    return [...this.last.actions];
  }

  /** Answers CreateSandbox and StartContainer at once, as a fast runtime would. */
  settle(now: number, obs: Observation[] = []): Action[] {
    let actions = this.step(now, obs);
    const all: Action[] = [...actions];
    for (let i = 0; i < 50; i++) {
      const answers: Observation[] = [];
      for (const a of actions) {
        if (a.type === 'CreateSandbox') answers.push({ type: 'SandboxReady' });
        if (a.type === 'StartContainer')
          answers.push({ type: 'ContainerStarted', container: a.container, instance: a.instance });
      }
      if (answers.length === 0) break;
      actions = this.step(now, answers);
      all.push(...actions);
    }
    return all;
  }

  types(): string[] {
    return this.events.map((e) => e.type);
  }
}

const started = (h: Hand): string[] =>
  h.events.flatMap((e) => (e.type === 'ContainerStarted' ? [e.container] : []));

describe('lifecycle engine', () => {
  it('when the first step runs then it asks for a sandbox and reports the pod Pending', () => {
    const h = new Hand(podState({ containers: [{ name: 'app' }] }));
    const actions = h.step(0);
    assert.deepEqual(actions, [{ type: 'CreateSandbox' }]);
    assert.deepEqual(h.events[0], { t: 0, pod: 'default/p', type: 'PodPhase', phase: 'Pending' });
  });

  it('when step is called then the state it was given is not changed', () => {
    const s0 = podState({ initContainers: [{ name: 'i' }], containers: [{ name: 'app' }] });
    const before = JSON.stringify(s0);
    const r1 = step(s0, 0, []);
    step(r1.state, 0, [{ type: 'SandboxReady' }]);
    assert.equal(JSON.stringify(s0), before);
    assert.notEqual(r1.state, s0);
  });

  it('when containers start then init containers go first and a postStart hook holds the next start back', () => {
    const h = new Hand(
      podState({
        initContainers: [{ name: 'init' }],
        containers: [
          { name: 'a', lifecycle: { postStart: { exec: { command: ['x'] } } } },
          { name: 'b' },
          { name: 'c' },
        ],
      }),
    );
    const a1 = h.step(0);
    const a2 = h.step(0, [{ type: 'SandboxReady' }]);
    assert.deepEqual(a1, [{ type: 'CreateSandbox' }]);
    assert.deepEqual(a2, [{ type: 'StartContainer', container: 'init', instance: 1, image: '' }]);
    // Nothing else starts while init runs.
    assert.deepEqual(h.step(0, [{ type: 'ContainerStarted', container: 'init', instance: 1 }]), []);
    const a3 = h.step(2000, [
      { type: 'ContainerExited', container: 'init', instance: 1, exitCode: 0 },
    ]);
    assert.deepEqual(a3, [{ type: 'StartContainer', container: 'a', instance: 1, image: '' }]);
    const a4 = h.step(2000, [{ type: 'ContainerStarted', container: 'a', instance: 1 }]);
    assert.deepEqual(a4, [
      { type: 'RunHook', container: 'a', instance: 1, hook: 'postStart', timeoutSeconds: null },
    ]);
    // b and c have no hook: once a's postStart is done they are asked for together, in order.
    const a5 = h.step(3000, [
      { type: 'HookFinished', container: 'a', instance: 1, hook: 'postStart', exitCode: 0 },
    ]);
    assert.deepEqual(a5, [
      { type: 'StartContainer', container: 'b', instance: 1, image: '' },
      { type: 'StartContainer', container: 'c', instance: 1, image: '' },
    ]);
  });

  it('when a sidecar has a startup probe then the next init container waits for it to pass', () => {
    const h = new Hand(
      podState({
        initContainers: [
          {
            name: 'proxy',
            restartPolicy: 'Always',
            startupProbe: { exec: { command: ['x'] }, periodSeconds: 1 },
          },
          { name: 'migrate' },
        ],
        containers: [{ name: 'app' }],
      }),
    );
    const actions = h.settle(0);
    assert.deepEqual(started(h), ['proxy']);
    assert.ok(actions.some((a) => a.type === 'RunProbe' && a.probe === 'startup'));
    h.step(0, [
      { type: 'ProbeResult', container: 'proxy', instance: 1, probe: 'startup', result: 'Failure' },
    ]);
    assert.equal(h.last.wakeAt, 1000);
    h.step(1000);
    const next = h.step(1000, [
      { type: 'ProbeResult', container: 'proxy', instance: 1, probe: 'startup', result: 'Success' },
    ]);
    assert.deepEqual(next, [
      { type: 'StartContainer', container: 'migrate', instance: 1, image: '' },
    ]);
    assert.equal(podStatus(h.state).initContainerStatuses![0]!.started, true);
  });

  it('when an observation names an old instance then it is ignored', () => {
    const h = new Hand(podState({ containers: [{ name: 'app' }] }));
    h.settle(0);
    const before = JSON.stringify(h.state);
    h.step(0, [{ type: 'ContainerExited', container: 'app', instance: 7, exitCode: 1 }]);
    assert.equal(h.events.filter((e) => e.type === 'ContainerExited').length, 0);
    assert.equal(JSON.stringify(h.state), before);
  });

  it('when the pod is deleted then SIGTERM is sent after the preStop hook and ContainerKilling marks the signal', () => {
    const h = new Hand(
      podState({
        terminationGracePeriodSeconds: 10,
        containers: [{ name: 'app', lifecycle: { preStop: { exec: { command: ['drain'] } } } }],
      }),
    );
    h.settle(0);
    const onDelete = h.step(5000, [{ type: 'DeletePod' }]);
    assert.deepEqual(onDelete, [
      { type: 'RunHook', container: 'app', instance: 1, hook: 'preStop', timeoutSeconds: 10 },
    ]);
    assert.ok(
      !h.types().includes('ContainerKilling'),
      'no ContainerKilling before a signal is sent',
    );
    assert.equal(h.last.wakeAt, 15000, 'the engine wakes at the end of the grace period');
    const afterHook = h.step(7500, [
      { type: 'HookFinished', container: 'app', instance: 1, hook: 'preStop', exitCode: 0 },
    ]);
    assert.deepEqual(afterHook, [
      { type: 'Signal', container: 'app', instance: 1, signal: 'SIGTERM' },
    ]);
    // G = 10 - 2 whole seconds of preStop = 8 s after SIGTERM.
    assert.equal(h.last.wakeAt, 15500);
    const kill = h.step(15500);
    assert.deepEqual(kill, [{ type: 'Signal', container: 'app', instance: 1, signal: 'SIGKILL' }]);
    const order = h.events.filter((e) => e.t >= 5).map((e) => e.type);
    assert.deepEqual(order.slice(0, 5), [
      'PodDeleting',
      'HookStarted',
      'HookFinished',
      'ContainerKilling',
      'ContainerKilling',
    ]);
    const r = h.step(15500, [
      { type: 'ContainerExited', container: 'app', instance: 1, exitCode: 137 },
    ]);
    assert.ok(r.some((a) => a.type === 'RemoveSandbox'));
    assert.equal(h.last.finished, true);
    assert.equal(podStatus(h.state).phase, 'Failed');
  });

  it('when a container crashes repeatedly then it is in CrashLoopBackOff with its last state', () => {
    const h = new Hand(podState({ containers: [{ name: 'app' }] }));
    h.settle(0);
    h.settle(1000, [{ type: 'ContainerExited', container: 'app', instance: 1, exitCode: 2 }]);
    assert.deepEqual(started(h), ['app', 'app'], 'the first restart is immediate');
    h.step(2000, [{ type: 'ContainerExited', container: 'app', instance: 2, exitCode: 2 }]);
    assert.equal(h.last.wakeAt, 12000);
    const st = podStatus(h.state).containerStatuses[0]!;
    assert.equal(st.state.waiting?.reason, 'CrashLoopBackOff');
    assert.equal(st.lastState.terminated?.exitCode, 2);
    assert.equal(st.lastState.terminated?.reason, 'Error');
    assert.equal(st.restartCount, 1);
    const backoff = h.events.find((e) => e.type === 'BackOff');
    assert.ok(backoff?.type === 'BackOff' && backoff.delaySeconds === 10);
    assert.deepEqual(h.step(12000), [
      { type: 'StartContainer', container: 'app', instance: 3, image: '' },
    ]);
  });

  it('when activeDeadlineSeconds passes then the pod is Failed with reason DeadlineExceeded and killed', () => {
    const h = new Hand(podState({ activeDeadlineSeconds: 30, containers: [{ name: 'app' }] }));
    h.settle(0);
    assert.equal(h.last.wakeAt, 30000);
    const a = h.step(30000);
    assert.deepEqual(a, [{ type: 'Signal', container: 'app', instance: 1, signal: 'SIGTERM' }]);
    const s = podStatus(h.state);
    assert.equal(s.phase, 'Failed');
    assert.equal(s.reason, 'DeadlineExceeded');
  });

  it('when the version has no sidecars then a restartPolicy Always init container blocks initialization', () => {
    const spec = {
      initContainers: [{ name: 'proxy', restartPolicy: 'Always' }],
      containers: [{ name: 'app' }],
    };
    const old = new Hand(podState(spec, resolveVersion('1.27')));
    old.settle(0);
    old.step(600_000);
    assert.deepEqual(started(old), ['proxy']);
    assert.equal(podStatus(old.state).phase, 'Pending');
    const now = new Hand(podState(spec));
    now.settle(0);
    assert.deepEqual(started(now), ['proxy', 'app']);
    assert.equal(podStatus(now.state).phase, 'Running');
  });

  it('when the version names the sandbox condition differently then the condition follows it', () => {
    const spec = { containers: [{ name: 'app' }] };
    const conditions = (v: ReturnType<typeof resolveVersion>): string[] => {
      const h = new Hand(podState(spec, v));
      h.settle(0);
      return podStatus(h.state).conditions.map((c) => c.type);
    };
    assert.deepEqual(conditions(V133), [
      'PodReadyToStartContainers',
      'Initialized',
      'Ready',
      'ContainersReady',
      'PodScheduled',
    ]);
    assert.deepEqual(conditions(resolveVersion('1.27')), [
      'Initialized',
      'Ready',
      'ContainersReady',
      'PodScheduled',
    ]);
    assert.deepEqual(
      conditions(resolveVersion('1.27', { PodHasNetworkCondition: true }))[0],
      'PodHasNetwork',
    );
  });

  it('when containers are not created yet then they wait with PodInitializing, or ContainerCreating without init containers', () => {
    const withInit = new Hand(
      podState({ initContainers: [{ name: 'i' }], containers: [{ name: 'app' }] }),
    );
    withInit.step(0);
    assert.equal(
      podStatus(withInit.state).containerStatuses[0]!.state.waiting?.reason,
      'PodInitializing',
    );
    const plain = new Hand(podState({ containers: [{ name: 'app' }] }));
    plain.step(0);
    assert.equal(
      podStatus(plain.state).containerStatuses[0]!.state.waiting?.reason,
      'ContainerCreating',
    );
  });

  it('when a regular container exits 0 under OnFailure then the pod completes and sidecars are stopped, not restarted', () => {
    const h = new Hand(
      podState({
        restartPolicy: 'OnFailure',
        initContainers: [{ name: 'proxy', restartPolicy: 'Always' }],
        containers: [{ name: 'job' }],
      }),
    );
    h.settle(0);
    const a = h.step(3000, [
      { type: 'ContainerExited', container: 'job', instance: 1, exitCode: 0 },
    ]);
    assert.deepEqual(a, [{ type: 'Signal', container: 'proxy', instance: 1, signal: 'SIGTERM' }]);
    const k = h.events.find((e) => e.type === 'ContainerKilling');
    assert.ok(k?.type === 'ContainerKilling' && k.reason === 'PodCompleted');
    const end = h.step(3000, [
      { type: 'ContainerExited', container: 'proxy', instance: 1, exitCode: 143 },
    ]);
    assert.ok(!end.some((x) => x.type === 'StartContainer'));
    assert.equal(podStatus(h.state).phase, 'Succeeded');
  });

  it('when a driver reports the liveness failure of the only regular container under Never then the whole pod is killed with the pod grace, not the probe grace', () => {
    const h = new Hand(
      podState({
        restartPolicy: 'Never',
        terminationGracePeriodSeconds: 20,
        initContainers: [{ name: 'proxy', restartPolicy: 'Always' }],
        containers: [
          {
            name: 'app',
            livenessProbe: {
              exec: { command: ['x'] },
              failureThreshold: 1,
              terminationGracePeriodSeconds: 1,
            },
          },
        ],
      }),
    );
    h.settle(0);
    const a = h.step(10_000, [
      { type: 'ProbeResult', container: 'app', instance: 1, probe: 'liveness', result: 'Failure' },
    ]);
    assert.deepEqual(a, [{ type: 'Signal', container: 'app', instance: 1, signal: 'SIGTERM' }]);
    // The sidecar waits for the app; SIGKILL is due at the pod's 20 s.
    assert.equal(h.last.wakeAt, 30_000);
    assert.equal(h.state.kill?.grace, 20_000);
    const k = h.events.find((e) => e.type === 'ContainerKilling');
    assert.ok(k?.type === 'ContainerKilling' && k.reason === 'LivenessProbe');
  });

  it('when the pod is deleted with grace 0 then 1.33 uses 1 s and 1.31 the spec grace', () => {
    for (const [v, grace] of [
      ['1.31', 20_000],
      ['1.33', 1000],
    ] as const) {
      const h = new Hand(
        podState(
          { terminationGracePeriodSeconds: 20, containers: [{ name: 'app' }] },
          resolveVersion(v),
        ),
      );
      h.settle(0);
      h.step(5000, [{ type: 'DeletePod', gracePeriodSeconds: 0 }]);
      assert.equal(h.state.kill?.grace, grace, v);
    }
  });

  it('when the pod is deleted then liveness and startup probes stop and readiness goes on', () => {
    const probe = { exec: { command: ['x'] }, periodSeconds: 1 };
    const h = new Hand(
      podState({
        terminationGracePeriodSeconds: 30,
        containers: [
          {
            name: 'app',
            livenessProbe: probe,
            readinessProbe: probe,
            lifecycle: { preStop: { exec: { command: ['x'] } } },
          },
        ],
      }),
    );
    h.settle(0);
    h.step(0, [
      { type: 'ProbeResult', container: 'app', instance: 1, probe: 'liveness', result: 'Success' },
      { type: 'ProbeResult', container: 'app', instance: 1, probe: 'readiness', result: 'Success' },
    ]);
    h.step(500, [{ type: 'DeletePod' }]);
    const a = h.step(1000);
    assert.deepEqual(
      a.filter((x) => x.type === 'RunProbe').map((x) => (x.type === 'RunProbe' ? x.probe : '')),
      ['readiness'],
    );
  });

  it('when the driver reports a failed image pull then the start is asked again after the image back-off and is no restart', () => {
    const h = new Hand(podState({ containers: [{ name: 'app', image: 'bad:1' }] }));
    h.step(0);
    const a = h.step(0, [{ type: 'SandboxReady' }]);
    assert.deepEqual(a, [
      { type: 'StartContainer', container: 'app', instance: 1, image: 'bad:1' },
    ]);
    assert.deepEqual(h.step(0, [{ type: 'ImagePullFailed', container: 'app', instance: 1 }]), []);
    assert.equal(h.last.wakeAt, 10_000);
    assert.equal(podStatus(h.state).containerStatuses[0]!.state.waiting?.reason, 'ErrImagePull');
    const again = h.step(10_000);
    assert.deepEqual(again, [
      { type: 'StartContainer', container: 'app', instance: 2, image: 'bad:1' },
    ]);
    h.step(10_000, [{ type: 'ContainerStarted', container: 'app', instance: 2 }]);
    const st = podStatus(h.state).containerStatuses[0]!;
    assert.ok(st.state.running !== undefined);
    assert.equal(st.restartCount, 0);
  });

  it('when a running container gets a new image then it is stopped and started from the new image', () => {
    const h = new Hand(
      podState({ restartPolicy: 'Never', containers: [{ name: 'app', image: 'a:1' }] }),
    );
    h.settle(0);
    h.step(5_000, [{ type: 'SetImage', container: 'app', image: 'a:2' }]);
    assert.deepEqual(h.last.actions, [
      { type: 'Signal', container: 'app', instance: 1, signal: 'SIGTERM' },
    ]);
    const next = h.settle(6_000, [
      { type: 'ContainerExited', container: 'app', instance: 1, exitCode: 0 },
    ]);
    assert.deepEqual(next[0], {
      type: 'StartContainer',
      container: 'app',
      instance: 2,
      image: 'a:2',
    });
    const st = podStatus(h.state).containerStatuses[0]!;
    assert.equal(st.image, 'a:2');
    assert.equal(st.restartCount, 1);
  });
  it('when the pod has reached its phase and nothing runs or is due then the step is settled', () => {
    const h = new Hand(
      podState({
        restartPolicy: 'OnFailure',
        initContainers: [{ name: 'proxy', restartPolicy: 'Always' }],
        containers: [{ name: 'job' }],
      }),
    );
    h.settle(0);
    assert.equal(h.last.settled, false);
    h.step(3000, [{ type: 'ContainerExited', container: 'job', instance: 1, exitCode: 0 }]);
    // The job is done, but the sidecar is still being stopped.
    assert.equal(h.last.settled, false);
    h.step(3100, [{ type: 'ContainerExited', container: 'proxy', instance: 1, exitCode: 143 }]);
    assert.equal(h.last.settled, true);
    assert.equal(podStatus(h.state).phase, 'Succeeded');
  });

  it('when a pod that never restarts fails then the step that sees the exit is settled', () => {
    const h = new Hand(podState({ restartPolicy: 'Never', containers: [{ name: 'app' }] }));
    h.settle(0);
    assert.equal(h.last.settled, false);
    h.step(1000, [{ type: 'ContainerExited', container: 'app', instance: 1, exitCode: 2 }]);
    assert.equal(podStatus(h.state).phase, 'Failed');
    assert.equal(h.last.settled, true);
  });

  it('when a container waits for its restart or the pod is deleted then settled follows, and finished is settled', () => {
    const h = new Hand(podState({ restartPolicy: 'Always', containers: [{ name: 'app' }] }));
    h.settle(0);
    h.step(1000, [{ type: 'ContainerExited', container: 'app', instance: 1, exitCode: 1 }]);
    assert.equal(h.last.settled, false);
    h.settle(h.last.wakeAt ?? 0);
    h.step(20_000, [{ type: 'DeletePod', gracePeriodSeconds: 5 }]);
    assert.equal(h.last.settled, false);
    h.step(20_100, [{ type: 'ContainerExited', container: 'app', instance: 2, exitCode: 143 }]);
    assert.equal(h.last.finished, true);
    assert.equal(h.last.settled, true);
  });
});
