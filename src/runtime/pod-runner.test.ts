/**
 * Real pods, real shell commands, real namespaces: the kubelet e2e cases that fit a local
 * machine (reference/kubelet-e2e-cases.md), each run for real and through `simulate`, which must
 * give the same order of starts, exits, signals and hooks. Every pod ends on its own or is
 * deleted within a few seconds.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromText } from '../manifest/load.js';
import { podTemplateOf } from '../manifest/pod-templates.js';
import { resolveVersion } from '../model/versions.js';
import type { E2ePod } from '../simulate/e2e-pod.test-support.js';
import { collectConfigSources } from './config-sources.js';
import { PodRunner } from './pod-runner.js';
import { detectCapabilities } from './isolation/host.js';
import { detectCgroups } from './isolation/cgroups.js';
import { perContainer, runBoth } from './e2e-real.test-support.js';
import { namespacesOrSkip } from './isolation/namespaces.test-support.js';
import { processesWith, until } from './process-watch.test-support.js';

const { skip } = await namespacesOrSkip();

/** The runner of the input's first pod at 1.33, with its ConfigMaps and Secrets. */
function preparedRunner(
  input: ReturnType<typeof fromText>,
  stateDir: string,
  isolation: 'pod' | 'process',
  caps: Awaited<ReturnType<typeof detectCapabilities>>,
  more: Partial<Parameters<typeof PodRunner.prepare>[0]> = {},
): PodRunner {
  return PodRunner.prepare({
    template: podTemplateOf(input.objects[0]!)!,
    version: resolveVersion('1.33'),
    sources: collectConfigSources(input.objects),
    images: new Map(),
    stateDir,
    isolation,
    caps,
    ...more,
  });
}

function before(a: number, b: number, what: string): void {
  assert.ok(a < b, what);
}

/**
 * Each container goes through the same starts, exits, signals and hooks, in the same order, for
 * real as simulated. Across containers only what a rule orders is compared (each test's
 * `before`): two things that run at the same time (a hook of one container, the exit of
 * another) end in either order on a loaded machine.
 */
function sameSequences(r: Awaited<ReturnType<typeof runBoth>>): void {
  assert.deepEqual(perContainer(r.real.events), perContainer(r.simulated.events));
}

async function sameOrder(p: E2ePod) {
  const r = await runBoth(p);
  sameSequences(r);
  return r.real;
}

describe('sidecarctl run drives the engine with real processes', { skip, timeout: 120_000 }, () => {
  it('D1: init containers and sidecars start one after another and the pod succeeds, sidecars stopped in reverse order', async () => {
    const r = await sameOrder({
      restartPolicy: 'Never',
      containers: [
        { name: 'init-1', init: 'regular', delay: 0.2 },
        { name: 'restartable-init-1', init: 'sidecar' },
        { name: 'init-2', init: 'regular', delay: 0.2 },
        { name: 'restartable-init-2', init: 'sidecar' },
        { name: 'regular-1', delay: 0.5 },
      ],
    });
    before(r.exit('init-1'), r.start('restartable-init-1'), 'init-1 exits before RI-1 starts');
    before(r.start('restartable-init-1'), r.start('init-2'), 'RI-1 starts before init-2');
    before(r.exit('init-2'), r.start('restartable-init-2'), 'init-2 exits before RI-2 starts');
    before(r.exit('restartable-init-2'), r.exit('restartable-init-1'), 'RI-2 stops before RI-1');
    assert.equal(r.status.phase, 'Succeeded');
  });

  it('E1: a sidecar startup probe gates the next container until it passes', async () => {
    const r = await sameOrder({
      restartPolicy: 'Never',
      containers: [
        {
          name: 'restartable-init-1',
          init: 'sidecar',
          startupProbe: { periodSeconds: 1, passFrom: 1.5, failureThreshold: 10 },
        },
        { name: 'regular-1', delay: 0.3 },
      ],
    });
    const pass = r.probeRuns('restartable-init-1', 'startup').find((i) => {
      const e = r.events[i]!;
      return e.type === 'ProbeResult' && e.result === 'Success';
    });
    assert.ok(pass !== undefined, 'the startup probe passed');
    before(pass, r.start('regular-1'), 'regular-1 starts only after the startup probe passed');
    assert.ok(r.t(r.start('regular-1')) >= 1.5, 'regular-1 waited for the probe');
  });

  it('D1 with --isolation process: plain process groups give the same order of events', async () => {
    const r = await runBoth(
      {
        restartPolicy: 'Never',
        containers: [
          { name: 'init-1', init: 'regular', delay: 0.2 },
          {
            name: 'restartable-init-1',
            init: 'sidecar',
            startupProbe: { periodSeconds: 1, passFrom: 0.5 },
          },
          { name: 'regular-1', delay: 0.5 },
        ],
      },
      'process',
    );
    sameSequences(r);
    const real = r.real;
    before(
      real.exit('init-1'),
      real.start('restartable-init-1'),
      'init-1 exits before RI-1 starts',
    );
    before(
      real.start('restartable-init-1'),
      real.start('regular-1'),
      'RI-1 starts before regular-1',
    );
    before(real.exit('regular-1'), real.exit('restartable-init-1'), 'regular-1 stops before RI-1');
    assert.equal(real.status.phase, 'Succeeded');
  });

  it('B2: a failing init container fails the pod under Never and the regular container never starts', async () => {
    const r = await sameOrder({
      restartPolicy: 'Never',
      containers: [
        { name: 'init-1', init: 'regular', delay: 0.2, exitCode: 1 },
        { name: 'regular-1' },
      ],
    });
    assert.equal(r.started('regular-1'), false);
    assert.equal(r.status.phase, 'Failed');
  });

  it('D10: a failing init container under Always is restarted with back-off and the pod stays Pending', async () => {
    const r = await sameOrder({
      restartPolicy: 'Always',
      containers: [
        { name: 'init-1', init: 'regular', delay: 0.2, exitCode: 1 },
        { name: 'regular-1' },
      ],
      deleteAt: 2,
    });
    assert.ok(r.starts('init-1').length >= 2, 'init-1 restarted');
    assert.ok(
      r.events.some((e) => e.type === 'BackOff' && e.container === 'init-1'),
      'a BackOff was reported',
    );
    assert.equal(r.started('regular-1'), false);
    assert.ok(!r.phases().includes('Running'), 'the pod never ran');
  });

  it('D5: a sidecar that keeps failing is restarted with back-off and the Job pod still succeeds', async () => {
    const r = await sameOrder({
      restartPolicy: 'Never',
      containers: [
        { name: 'restartable-init-1', init: 'sidecar', delay: 0.3, exitCode: 1 },
        { name: 'regular-1', delay: 2 },
      ],
    });
    assert.deepEqual(r.exitCodes('restartable-init-1').slice(0, 2), [1, 1]);
    assert.ok(r.events.some((e) => e.type === 'BackOff' && e.container === 'restartable-init-1'));
    assert.equal(r.status.phase, 'Succeeded');
  });

  it('B8: a container ignoring SIGTERM is killed when the grace period runs out, exit 137', async () => {
    const r = await sameOrder({
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'regular-1', ignoreTerm: true }],
      deleteAt: 0.5,
    });
    before(
      r.signals('regular-1', 'SIGTERM')[0]!,
      r.signals('regular-1', 'SIGKILL')[0]!,
      'SIGTERM, then SIGKILL',
    );
    assert.deepEqual(r.exitCodes('regular-1'), [137]);
    const killAfter =
      r.t(r.signals('regular-1', 'SIGKILL')[0]) - r.t(r.signals('regular-1', 'SIGTERM')[0]);
    assert.ok(killAfter >= 0.9, `SIGKILL came after the grace period (${String(killAfter)} s)`);
  });

  it('B5: a postStart hook blocks the start of the next regular container until it finishes', async () => {
    const r = await sameOrder({
      restartPolicy: 'Never',
      containers: [
        { name: 'regular-1', delay: 1.5, postStart: { takes: 0.5 } },
        { name: 'regular-2', delay: 0.2 },
      ],
    });
    before(
      r.hookEnds('regular-1', 'postStart')[0]!,
      r.start('regular-2'),
      'PostStart-regular-1 ends before regular-2 starts',
    );
    assert.ok(r.t(r.start('regular-2')) >= 0.5, 'regular-2 waited for the hook');
  });

  it('E4: a sidecar liveness failure runs its preStop, restarts it, and the regular container still runs', async () => {
    const r = await sameOrder({
      restartPolicy: 'Never',
      containers: [
        {
          name: 'restartable-init-1',
          init: 'sidecar',
          livenessProbe: {
            initialDelaySeconds: 1,
            periodSeconds: 1,
            failureThreshold: 1,
            failFrom: 0,
          },
          preStop: { takes: 0.2 },
        },
        { name: 'regular-1', delay: 1.7 },
      ],
    });
    const pre = r.hookStarts('restartable-init-1', 'preStop')[0]!;
    before(pre, r.signals('restartable-init-1', 'SIGTERM')[0]!, 'the preStop runs before SIGTERM');
    assert.ok(r.starts('restartable-init-1').length >= 2, 'the sidecar was restarted');
    assert.equal(r.status.phase, 'Succeeded');
  });

  it('activeDeadlineSeconds: the pod fails with DeadlineExceeded and its containers are stopped', async () => {
    // The deadline is wall-clock time from the pod's creation, and on a loaded machine it can
    // come before a container has started (or set its trap): the rule is checked on what did
    // start, not compared with the simulated run.
    const { real: r } = await runBoth({
      restartPolicy: 'Always',
      activeDeadlineSeconds: 1,
      terminationGracePeriodSeconds: 2,
      containers: [{ name: 'restartable-init-1', init: 'sidecar' }, { name: 'regular-1' }],
    });
    assert.equal(r.status.phase, 'Failed');
    assert.equal(r.status.reason, 'DeadlineExceeded');
    const started = [
      ...new Set(r.events.flatMap((e) => (e.type === 'ContainerStarted' ? [e.container] : []))),
    ];
    assert.ok(started.length > 0, 'something started');
    for (const c of started) {
      const term = r.events.find(
        (e) =>
          e.type === 'ContainerKilling' && e.container === c && e.reason === 'DeadlineExceeded',
      );
      assert.ok(term !== undefined, `${c} was stopped for the deadline`);
      assert.ok(term.t >= 1, `${c} was stopped at ${String(term.t)} s, not before the deadline`);
      before(r.events.indexOf(term), r.exit(c), `${c} exits after it was stopped`);
    }
  });

  it('F4: on deletion the sidecars run their preStop hooks at once, get SIGTERM after them, and stop after the regular container in reverse order', async () => {
    const r = await sameOrder({
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 5,
      containers: [
        // Different hook lengths, so that the two hooks, which run at the same time, end in
        // a known order on a loaded machine too.
        { name: 'restartable-init-1', init: 'sidecar', preStop: { takes: 0.3 } },
        { name: 'restartable-init-2', init: 'sidecar', preStop: { takes: 0.7 } },
        { name: 'regular-1' },
      ],
      deleteAt: 0.8,
    });
    before(
      r.exit('regular-1'),
      r.exit('restartable-init-2'),
      'regular-1 stops before the sidecars',
    );
    for (const n of ['restartable-init-1', 'restartable-init-2']) {
      before(
        r.hookEnds(n, 'preStop')[0]!,
        r.signals(n, 'SIGTERM')[0]!,
        `${n}: preStop finishes before SIGTERM`,
      );
    }
    before(r.exit('restartable-init-2'), r.exit('restartable-init-1'), 'RI-2 exits before RI-1');
  });
});

describe('resources.limits through cgroups', { timeout: 60_000 }, () => {
  it('when a container goes over its memory limit then it ends OOMKilled with exit 137 and the pod fails', async (t) => {
    const cg = detectCgroups();
    if (skip !== false || cg.version === null) {
      const why = skip !== false ? skip : (cg.reason ?? 'no writable cgroup');
      process.stdout.write(`# skipped: ${why}\n`);
      t.skip(why);
      return;
    }
    const input = fromText(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'oom' },
        spec: {
          restartPolicy: 'Never',
          // tail keeps everything since the last newline, and /dev/zero has none.
          containers: [
            {
              name: 'hog',
              image: 'x',
              command: ['tail', '/dev/zero'],
              resources: { limits: { memory: '32Mi' } },
            },
          ],
        },
      }),
    );
    const state = mkdtempSync(join(tmpdir(), 'sidecarctl-oom-'));
    try {
      const runner = preparedRunner(input, state, 'pod', await detectCapabilities());
      const r = await runner.run();
      const exited = r.events.find((e) => e.type === 'ContainerExited');
      assert.deepEqual(
        exited?.type === 'ContainerExited' ? [exited.exitCode, exited.reason] : null,
        [137, 'OOMKilled'],
      );
      assert.equal(r.status.phase, 'Failed');
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });
});

describe('shareProcessNamespace', { timeout: 60_000 }, () => {
  it('when the pod shares its PID namespace then a container sees the processes of another', async (t) => {
    const caps = await detectCapabilities();
    if (skip !== false || !caps.root) {
      const why = skip !== false ? skip : 'shareProcessNamespace is supported as root only';
      process.stdout.write(`# skipped: ${why}\n`);
      t.skip(why);
      return;
    }
    const see = `sleep 0.3; for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < "$f"; echo; done | grep -q '^sleep 61 '`;
    const input = fromText(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'shared' },
        spec: {
          shareProcessNamespace: true,
          restartPolicy: 'Never',
          initContainers: [
            {
              name: 'side',
              image: 'x',
              restartPolicy: 'Always',
              command: ['sh', '-c', 'trap "exit 0" TERM; sleep 61 & wait'],
            },
          ],
          containers: [{ name: 'app', image: 'x', command: ['sh', '-c', see] }],
        },
      }),
    );
    const state = mkdtempSync(join(tmpdir(), 'sidecarctl-shared-'));
    try {
      const runner = preparedRunner(input, state, 'pod', caps);
      const r = await runner.run();
      const exits = r.events.flatMap((e) =>
        e.type === 'ContainerExited' ? [`${e.container} ${String(e.exitCode)}`] : [],
      );
      assert.deepEqual(exits, ['app 0', 'side 0']);
      assert.equal(r.status.phase, 'Succeeded');
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });
});

describe('the run result', { timeout: 60_000 }, () => {
  it('when a workload runs then the result is the one view, named after the workload, until it ended', async () => {
    const input = fromText(
      JSON.stringify({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'once' },
        spec: {
          template: {
            metadata: { name: 'once-template' },
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'app', image: 'x', command: ['sh', '-c', 'sleep 0.2'] }],
            },
          },
        },
      }),
    );
    const state = mkdtempSync(join(tmpdir(), 'sidecarctl-view-'));
    try {
      const runner = preparedRunner(input, state, 'process', await detectCapabilities());
      const r = await runner.run();
      assert.equal(r.status.phase, 'Succeeded');
      assert.equal(r.pod, 'default/once');
      assert.ok(r.events.every((e) => e.pod === 'default/once'));
      assert.equal(r.k8sVersion, '1.33');
      assert.deepEqual(r.containers, [{ name: 'app', kind: 'regular' }]);
      const last = r.events.at(-1)!;
      // The engine settles on the step of the last event or soon after; the bound is loose
      // because a loaded machine can be slow to take the next step.
      assert.ok(
        r.until >= last.t && r.until < last.t + 10,
        `${String(r.until)} vs ${String(last.t)}`,
      );
      assert.equal(r.deletedAsAsked, false);
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });
});

describe('a forced kill (second Ctrl-C)', { timeout: 60_000 }, () => {
  it('when killNow is called on a running pod then every running container has ContainerKilling SIGKILL PodDeleted before its exit', async () => {
    const input = fromText(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'forced' },
        spec: {
          initContainers: [
            {
              name: 'proxy',
              image: 'x',
              restartPolicy: 'Always',
              command: ['sh', '-c', 'trap "" TERM; while :; do sleep 0.05; done'],
            },
          ],
          containers: [
            {
              name: 'app',
              image: 'x',
              command: ['sh', '-c', 'trap "" TERM; while :; do sleep 0.05; done'],
            },
          ],
        },
      }),
    );
    const state = mkdtempSync(join(tmpdir(), 'sidecarctl-force-'));
    try {
      let runner: PodRunner | null = null;
      runner = preparedRunner(input, state, 'process', await detectCapabilities(), {
        onEvent: (e) => {
          if (e.type === 'ContainerStarted' && e.container === 'app') runner?.killNow();
        },
      });
      const r = await runner.run();
      const kills = r.events.filter((e) => e.type === 'ContainerKilling');
      assert.deepEqual(
        kills.map((e) => [e.container, e.signal, e.reason]),
        [
          ['proxy', 'SIGKILL', 'PodDeleted'],
          ['app', 'SIGKILL', 'PodDeleted'],
        ],
      );
      const at = (type: string, c: string): number =>
        r.events.findIndex((e) => e.type === type && 'container' in e && e.container === c);
      for (const c of ['proxy', 'app']) {
        before(at('ContainerKilling', c), at('ContainerExited', c), `${c}: killed, then exits`);
        const exit = r.events[at('ContainerExited', c)]!;
        assert.equal(exit.type === 'ContainerExited' && exit.exitCode, 137);
      }
      const deleting = r.events.find((e) => e.type === 'PodDeleting');
      assert.equal(deleting?.type === 'PodDeleting' && deleting.gracePeriodSeconds, 0);
      assert.equal(r.deletedAsAsked, true);
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });
});

describe('containers started ahead (prestart.ts)', { skip, timeout: 120_000 }, () => {
  it('when the app never starts (its init container fails) then its chain, waiting since the sandbox, ends with the pod', async () => {
    const token = `sidecarctl-never-${String(process.pid)}-${String(Date.now())}`;
    const state = mkdtempSync(join(tmpdir(), 'sidecarctl-ahead-'));
    const go = join(state, 'go');
    const input = fromText(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'ahead' },
        spec: {
          restartPolicy: 'Never',
          initContainers: [
            {
              name: 'init',
              image: 'x',
              command: ['sh', '-c', `while [ ! -e ${go} ]; do sleep 0.05; done; exit 1`],
            },
          ],
          containers: [{ name: 'app', image: 'x', command: ['sh', '-c', 'sleep 300', token] }],
        },
      }),
    );
    try {
      const caps = await detectCapabilities();
      const runner = preparedRunner(input, state, 'pod', caps);
      const run = runner.run();
      if (caps.tools.bash !== null) {
        // unshare and the init waiting for its script, both with the app's argv
        assert.ok(await until(() => processesWith(token).length >= 2, 60_000), 'the app waits');
      }
      writeFileSync(go, '');
      const r = await run;
      assert.equal(r.status.phase, 'Failed');
      assert.ok(!r.events.some((e) => e.type === 'ContainerStarted' && e.container === 'app'));
      assert.ok(
        await until(() => processesWith(token).length === 0, 30_000),
        `left behind: ${processesWith(token).join(', ')}`,
      );
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });
});
