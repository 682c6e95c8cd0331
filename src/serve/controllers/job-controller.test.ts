import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveVersion } from '../../model/versions.js';
import type { KubeObject, ObjectStore } from '../store/types.js';
import type { ControllerClock } from './clock.js';
import { MemoryStore } from '../store/memory-store.js';
import { JobController } from './job-controller.js';

type Obj = Record<string, unknown>;

/** A clock moved by hand: timers fire when `advance` passes them. */
class ManualClock implements ControllerClock {
  private t = Date.parse('2026-01-01T00:00:00Z');
  private timers: { at: number; fn: () => void }[] = [];
  now(): number {
    return this.t;
  }
  setTimer(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + ms, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }
  advance(ms: number): void {
    this.t += ms;
    const due = this.timers.filter((x) => x.at <= this.t);
    this.timers = this.timers.filter((x) => x.at > this.t);
    for (const x of due) x.fn();
  }
}

interface Env {
  store: ObjectStore;
  clock: ManualClock;
  ctl: JobController;
}

function setup(version = '1.33', backoff = (): number => 0): Env {
  const store = new MemoryStore();
  const clock = new ManualClock();
  const ctl = new JobController({
    store,
    version: resolveVersion(version as '1.33'),
    clock,
    podFailureBackoffMs: backoff,
  });
  ctl.start();
  return { store, clock, ctl };
}

function job(name: string, spec: Obj = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' } as KubeObject['metadata'],
    spec: {
      template: {
        spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox' }] },
      },
      ...spec,
    },
  };
}

const pods = (env: Env): readonly KubeObject[] =>
  env.store.list('pods', { namespace: 'default' }).items;
const active = (env: Env): KubeObject[] =>
  pods(env).filter((p) => {
    const phase = (p['status'] as Obj | undefined)?.['phase'];
    return (
      phase !== 'Succeeded' && phase !== 'Failed' && p.metadata.deletionTimestamp === undefined
    );
  });
const status = (env: Env, name: string): Obj =>
  (env.store.get('jobs', 'default', name)?.['status'] ?? {}) as Obj;
const conditions = (env: Env, name: string): Obj[] =>
  ((status(env, name)['conditions'] ?? []) as Obj[]).map(({ type, reason, message }) => ({
    type,
    ...(reason === undefined ? {} : { reason }),
    ...(message === undefined ? {} : { message }),
  }));

/** Plays the kubelet: posts a pod's phase (and container exit codes). */
function finish(env: Env, pod: KubeObject, phase: 'Succeeded' | 'Failed', exitCode = 1): void {
  const current = env.store.get('pods', 'default', pod.metadata.name)!;
  const code = phase === 'Succeeded' ? 0 : exitCode;
  const containerStatuses = [{ name: 'app', state: { terminated: { exitCode: code } } }];
  env.store.update('pods', { ...current, status: { phase, containerStatuses } }, { status: true });
}

describe('JobController: pods as the job controller makes them', () => {
  it('creates one pod named, labelled and owned as pkg/controller/job does (1.33)', async () => {
    const env = setup();
    const j = env.store.create('jobs', job('pi'));
    await env.ctl.settled();
    const stored = env.store.get('jobs', 'default', 'pi')!;
    const spec = stored['spec'] as Obj;
    assert.deepEqual(spec['selector'], {
      matchLabels: { 'batch.kubernetes.io/controller-uid': j.metadata.uid },
    });
    assert.deepEqual(
      [spec['completions'], spec['parallelism'], spec['backoffLimit'], spec['completionMode']],
      [1, 1, 6, 'NonIndexed'],
    );
    assert.equal(spec['podReplacementPolicy'], 'TerminatingOrFailed');
    const [pod, ...more] = pods(env);
    assert.equal(more.length, 0);
    assert.equal(pod!.metadata.generateName, 'pi-');
    assert.match(pod!.metadata.name, /^pi-/);
    assert.deepEqual(pod!.metadata.labels, {
      'batch.kubernetes.io/controller-uid': j.metadata.uid,
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': j.metadata.uid,
      'job-name': 'pi',
    });
    assert.deepEqual(pod!.metadata.ownerReferences, [
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        name: 'pi',
        uid: j.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    assert.deepEqual(pod!.metadata.finalizers, ['batch.kubernetes.io/job-tracking']);
    const s = status(env, 'pi');
    assert.equal(s['active'], 1);
    assert.equal(s['ready'], 0);
    assert.equal(s['terminating'], 0);
    assert.equal(s['startTime'], '2026-01-01T00:00:00Z');
    assert.equal(s['conditions'], undefined);
    env.ctl.stop();
  });

  it('labels only controller-uid and job-name before 1.27, with the Job tracking annotation', async () => {
    const env = setup('1.26');
    const j = env.store.create('jobs', job('old'));
    await env.ctl.settled();
    assert.deepEqual(pods(env)[0]!.metadata.labels, {
      'controller-uid': j.metadata.uid,
      'job-name': 'old',
    });
    const stored = env.store.get('jobs', 'default', 'old')!;
    assert.deepEqual(stored.metadata.annotations, { 'batch.kubernetes.io/job-tracking': '' });
    assert.equal(status(env, 'old')['terminating'], undefined);
    env.ctl.stop();
  });

  it('runs parallelism pods at a time up to completions, Indexed pods by index', async () => {
    const env = setup('1.28');
    env.store.create(
      'jobs',
      job('ix', { completions: 3, parallelism: 2, completionMode: 'Indexed' }),
    );
    await env.ctl.settled();
    const first = pods(env);
    assert.deepEqual(first.map((p) => p.metadata.generateName).sort(), ['ix-0-', 'ix-1-']);
    const p0 = first.find((p) => p.metadata.generateName === 'ix-0-')!;
    assert.equal(p0.metadata.labels?.['batch.kubernetes.io/job-completion-index'], '0');
    assert.equal(p0.metadata.annotations?.['batch.kubernetes.io/job-completion-index'], '0');
    assert.equal((p0['spec'] as Obj)['hostname'], 'ix-0');
    finish(env, p0, 'Succeeded');
    await env.ctl.settled();
    assert.deepEqual(
      active(env)
        .map((p) => p.metadata.generateName)
        .sort(),
      ['ix-1-', 'ix-2-'],
    );
    assert.equal(status(env, 'ix')['completedIndexes'], '0');
    for (const p of active(env)) finish(env, p, 'Succeeded');
    await env.ctl.settled();
    assert.equal(status(env, 'ix')['completedIndexes'], '0-2');
    assert.equal(status(env, 'ix')['succeeded'], 3);
    assert.deepEqual(conditions(env, 'ix'), [{ type: 'Complete' }]);
    env.ctl.stop();
  });
});

describe('JobController: conditions by version', () => {
  it('1.33: SuccessCriteriaMet then Complete, both CompletionsReached; the finalizer goes', async () => {
    const env = setup('1.33');
    env.store.create('jobs', job('ok'));
    await env.ctl.settled();
    finish(env, pods(env)[0]!, 'Succeeded');
    await env.ctl.settled();
    const reached = {
      reason: 'CompletionsReached',
      message: 'Reached expected number of succeeded pods',
    };
    assert.deepEqual(conditions(env, 'ok'), [
      { type: 'SuccessCriteriaMet', ...reached },
      { type: 'Complete', ...reached },
    ]);
    const s = status(env, 'ok');
    assert.equal(s['succeeded'], 1);
    assert.equal(s['active'], undefined);
    assert.equal(typeof s['completionTime'], 'string');
    assert.deepEqual(pods(env)[0]!.metadata.finalizers, []);
    env.ctl.stop();
  });

  it('1.29: Complete alone, with no reason', async () => {
    const env = setup('1.29');
    env.store.create('jobs', job('ok'));
    await env.ctl.settled();
    finish(env, pods(env)[0]!, 'Succeeded');
    await env.ctl.settled();
    assert.deepEqual(conditions(env, 'ok'), [{ type: 'Complete' }]);
    env.ctl.stop();
  });

  it('backoffLimit: failed pods are replaced until failed > backoffLimit, then BackoffLimitExceeded', async () => {
    const env = setup('1.33');
    env.store.create('jobs', job('bo', { backoffLimit: 1 }));
    await env.ctl.settled();
    finish(env, active(env)[0]!, 'Failed');
    await env.ctl.settled();
    assert.equal(active(env).length, 1);
    assert.equal(status(env, 'bo')['failed'], 1);
    assert.deepEqual(conditions(env, 'bo'), []);
    finish(env, active(env)[0]!, 'Failed');
    await env.ctl.settled();
    const limit = {
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
    };
    assert.deepEqual(conditions(env, 'bo'), [
      { type: 'FailureTarget', ...limit },
      { type: 'Failed', ...limit },
    ]);
    assert.equal(status(env, 'bo')['failed'], 2);
    assert.equal(pods(env).length, 2);
    env.ctl.stop();
  });

  it('backs off pod creation after a failure (10 s by default) and retries when the time comes', async () => {
    const store = new MemoryStore();
    const clock = new ManualClock();
    const ctl = new JobController({ store, version: resolveVersion('1.33'), clock });
    const env = { store, clock, ctl };
    ctl.start();
    store.create('jobs', job('slow'));
    await ctl.settled();
    finish(env, active(env)[0]!, 'Failed');
    await ctl.settled();
    assert.equal(active(env).length, 0);
    clock.advance(9_999);
    await ctl.settled();
    assert.equal(active(env).length, 0);
    clock.advance(1);
    await ctl.settled();
    assert.equal(active(env).length, 1);
    ctl.stop();
  });

  it('activeDeadlineSeconds: DeadlineExceeded, active pods deleted, Failed once they are gone (1.33)', async () => {
    const env = setup('1.33');
    env.store.create('jobs', job('dl', { activeDeadlineSeconds: 30 }));
    await env.ctl.settled();
    const pod = active(env)[0]!;
    env.clock.advance(30_000);
    await env.ctl.settled();
    const deadline = {
      reason: 'DeadlineExceeded',
      message: 'Job was active longer than specified deadline',
    };
    assert.deepEqual(conditions(env, 'dl'), [{ type: 'FailureTarget', ...deadline }]);
    assert.equal(status(env, 'dl')['terminating'], 1);
    assert.equal(status(env, 'dl')['failed'], 1); // counted as failed at once, finalizer off
    assert.notEqual(
      env.store.get('pods', 'default', pod.metadata.name)!.metadata.deletionTimestamp,
      undefined,
    );
    env.store.remove('pods', 'default', pod.metadata.name); // the kubelet's final delete
    await env.ctl.settled();
    assert.deepEqual(conditions(env, 'dl'), [
      { type: 'FailureTarget', ...deadline },
      { type: 'Failed', ...deadline },
    ]);
    assert.equal(status(env, 'dl')['terminating'], 0);
    env.ctl.stop();
  });

  it('activeDeadlineSeconds before 1.31: Failed at once', async () => {
    const env = setup('1.30');
    env.store.create('jobs', job('dl', { activeDeadlineSeconds: 5 }));
    await env.ctl.settled();
    env.clock.advance(5_000);
    await env.ctl.settled();
    assert.deepEqual(conditions(env, 'dl'), [
      {
        type: 'Failed',
        reason: 'DeadlineExceeded',
        message: 'Job was active longer than specified deadline',
      },
    ]);
    env.ctl.stop();
  });

  it('podFailurePolicy: Ignore replaces without counting, FailJob fails with PodFailurePolicy', async () => {
    const env = setup('1.29');
    const rules = [
      { action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } },
      { action: 'FailJob', onExitCodes: { containerName: 'app', operator: 'In', values: [42] } },
    ];
    env.store.create('jobs', job('pf', { backoffLimit: 0, podFailurePolicy: { rules } }));
    await env.ctl.settled();
    finish(env, active(env)[0]!, 'Failed', 3);
    await env.ctl.settled();
    assert.equal(active(env).length, 1);
    assert.equal(status(env, 'pf')['failed'], undefined);
    const victim = active(env)[0]!;
    finish(env, victim, 'Failed', 42);
    await env.ctl.settled();
    const message = `Container app for pod default/${victim.metadata.name} failed with exit code 42 matching FailJob rule at index 1`;
    assert.deepEqual(conditions(env, 'pf'), [
      { type: 'FailureTarget', reason: 'PodFailurePolicy', message },
      { type: 'Failed', reason: 'PodFailurePolicy', message },
    ]);
    env.ctl.stop();
  });
});

describe('JobController: cleanup', () => {
  it('ttlSecondsAfterFinished deletes the Job and its pods', async () => {
    const env = setup('1.33');
    env.store.create('jobs', job('ttl', { ttlSecondsAfterFinished: 60 }));
    await env.ctl.settled();
    finish(env, pods(env)[0]!, 'Succeeded');
    await env.ctl.settled();
    env.clock.advance(59_000);
    await env.ctl.settled();
    assert.notEqual(env.store.get('jobs', 'default', 'ttl'), undefined);
    env.clock.advance(1_000);
    await env.ctl.settled();
    assert.equal(env.store.get('jobs', 'default', 'ttl'), undefined);
    assert.deepEqual(pods(env), []); // Succeeded pods go at once once the finalizer is off
    env.ctl.stop();
  });

  it('a pod that vanishes before it was counted counts as failed', async () => {
    const env = setup('1.33');
    env.store.create('jobs', job('gone', { backoffLimit: 3 }));
    await env.ctl.settled();
    env.store.remove('pods', 'default', active(env)[0]!.metadata.name);
    await env.ctl.settled();
    assert.equal(status(env, 'gone')['failed'], 1);
    assert.equal(active(env).length, 1);
    env.ctl.stop();
  });

  it("deleting the Job deletes its pods (the garbage collector's part)", async () => {
    const env = setup('1.33');
    env.store.create('jobs', job('del', { parallelism: 2, completions: 2 }));
    await env.ctl.settled();
    assert.equal(active(env).length, 2);
    env.store.delete('jobs', 'default', 'del');
    await env.ctl.settled();
    for (const p of pods(env)) {
      assert.notEqual(p.metadata.deletionTimestamp, undefined);
      assert.deepEqual(p.metadata.finalizers, []);
    }
    env.ctl.stop();
  });
});

describe('JobController: reads only pod phases', () => {
  it('a pod left Running (a classic sidecar after the app exited) keeps the Job from completing', async () => {
    const env = setup('1.33');
    env.store.create('jobs', job('classic'));
    await env.ctl.settled();
    const pod = active(env)[0]!;
    const current = env.store.get('pods', 'default', pod.metadata.name)!;
    const containerStatuses = [
      { name: 'app', state: { terminated: { exitCode: 0 } } },
      { name: 'proxy', state: { running: {} } },
    ];
    env.store.update(
      'pods',
      { ...current, status: { phase: 'Running', containerStatuses } },
      { status: true },
    );
    await env.ctl.settled();
    assert.deepEqual(conditions(env, 'classic'), []);
    assert.equal(status(env, 'classic')['active'], 1);
    env.ctl.stop();
  });
});
