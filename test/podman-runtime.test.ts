/**
 * `--runtime podman`: the seed's pods with real images (tests build their own from busybox-static
 * and perl-base, engine-image.test-support.ts), run by sidecarctl's kubelet on podman. Each test
 * waits for the events it needs, never for a fixed time; every pod is bounded. Skipped, with the
 * reason, where podman cannot run (not root, not installed, no image). docker runs through the
 * same code where a daemon answers; here its tests say why they skip.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PodEvent } from '../src/lifecycle/events.js';
import { fromText } from '../src/manifest/load.js';
import { podTemplateOf } from '../src/manifest/pod-templates.js';
import { parseVersion, resolveVersion } from '../src/model/versions.js';
import { collectConfigSources } from '../src/runtime/config-sources.js';
import { perContainer, runBoth } from '../src/runtime/e2e-real.test-support.js';
import { LABEL_OWNER, type ContainerEngine } from '../src/runtime/engine/types.js';
import { ownerId } from '../src/runtime/engine/reaper.js';
import { detectCapabilities } from '../src/runtime/isolation/host.js';
import { PodRunner } from '../src/runtime/pod-runner.js';
import { until } from '../src/runtime/process-watch.test-support.js';
import type { PodStatus } from '../src/lifecycle/status.js';
import { engineOrSkip, TEST_IMAGE } from './engine-image.test-support.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'src/cli/main.ts');
const podman = await engineOrSkip('podman');
const docker = await engineOrSkip('docker');

type Doc = Record<string, unknown>;

interface PodRun {
  readonly events: readonly PodEvent[];
  readonly status: PodStatus;
  readonly lines: readonly string[];
}

/**
 * Runs a pod on the engine; `react` sees each event with the runner (to delete the pod once
 * what the test waits for has happened).
 */
async function runPod(
  engine: ContainerEngine,
  pod: Doc,
  react?: (e: PodEvent, r: PodRunner) => void,
): Promise<PodRun> {
  const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-podman-'));
  try {
    const input = fromText(JSON.stringify(pod), 'pod.yaml');
    const lines: string[] = [];
    let runner: PodRunner | null = null;
    runner = PodRunner.prepare({
      template: podTemplateOf(input.objects[0]!)!,
      version: resolveVersion(parseVersion('1.33'), {}),
      sources: collectConfigSources(input.objects),
      images: new Map(),
      stateDir: join(dir, 'state'),
      isolation: 'pod',
      caps: await detectCapabilities(),
      engine,
      onEvent: (e) => {
        const r = runner;
        if (r !== null) setImmediate(() => react?.(e, r));
      },
      onLine: (c, line) => lines.push(`${c}: ${line}`),
    });
    // Bounded: a pod that never ends is deleted at once (the test then fails on its events).
    const r0 = runner;
    const bound = setTimeout(() => r0.killNow(), 150_000);
    const result = await runner.run();
    clearTimeout(bound);
    return { events: result.events, status: result.status, lines };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function pod(spec: Doc, name = 'p'): Doc {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec };
}

const c = (name: string, script: string, more: Doc = {}): Doc => ({
  name,
  image: TEST_IMAGE,
  command: ['sh', '-c', script],
  ...more,
});

/** `t` of the first event matching. */
function at(events: readonly PodEvent[], pred: (e: PodEvent) => boolean, what: string): number {
  const e = events.find(pred);
  assert.ok(e !== undefined, `no event: ${what}`);
  return e.t;
}
const started =
  (name: string, n = 0) =>
  (e: PodEvent) =>
    e.type === 'ContainerStarted' && e.container === name && e.restartCount === n;
const exited = (name: string) => (e: PodEvent) =>
  e.type === 'ContainerExited' && e.container === name;

/** A sidecar that ends on SIGTERM (its shell as PID 1 traps it). */
const TERM_EXITS = `trap 'exit 0' TERM;`;

describe(
  '--runtime podman: real images under the kubelet',
  { skip: podman.skip, timeout: 1_500_000 },
  () => {
    const engine = podman.engine!;

    it('a startup-probe-gated sidecar starts before the app, which reaches it on localhost; an emptyDir is shared; the Job-like pod completes', async () => {
      const vol = [{ name: 'shared', mountPath: '/shared' }];
      const r = await runPod(
        engine,
        pod({
          restartPolicy: 'Never',
          volumes: [{ name: 'shared', emptyDir: {} }],
          initContainers: [
            c('init', 'echo from-init > /shared/index.html', { volumeMounts: vol }),
            c('web', `${TERM_EXITS} httpd -f -p 8080 -h /shared & wait`, {
              restartPolicy: 'Always',
              volumeMounts: vol,
              startupProbe: {
                httpGet: { path: '/index.html', port: 8080 },
                periodSeconds: 1,
                failureThreshold: 60,
              },
            }),
          ],
          containers: [
            c(
              'app',
              'printf "GET /index.html HTTP/1.0\\r\\n\\r\\n" | nc 127.0.0.1 8080 | tail -1; echo "v=$V"',
              {
                env: [{ name: 'V', value: 'k8s' }],
              },
            ),
          ],
        }),
      );
      const ev = r.events;
      assert.ok(at(ev, exited('init'), 'init exits') <= at(ev, started('web'), 'web starts'));
      const probed = at(
        ev,
        (e) => e.type === 'ProbeResult' && e.container === 'web' && e.result === 'Success',
        'startup probe passes',
      );
      assert.ok(
        probed <= at(ev, started('app'), 'app starts'),
        'the app waits for the startup probe',
      );
      assert.ok(r.lines.includes('app: from-init'), r.lines.join('\n'));
      assert.ok(r.lines.includes('app: v=k8s'), r.lines.join('\n'));
      assert.equal(r.status.phase, 'Succeeded');
      const web = ev.find((e) => e.type === 'ContainerExited' && e.container === 'web');
      assert.equal(
        web?.type === 'ContainerExited' ? web.exitCode : null,
        0,
        'the sidecar ended on SIGTERM',
      );
    });

    it('two images talk over a Unix socket in a shared emptyDir', async () => {
      const server =
        'use IO::Socket::UNIX; unlink "/run/ipc/s.sock"; $SIG{TERM} = sub { exit 0 };' +
        ' my $s = IO::Socket::UNIX->new(Local => "/run/ipc/s.sock", Listen => 5) or die $!;' +
        ' while (my $c = $s->accept) { my $l = <$c>; print $c "pong: $l"; close $c }';
      const client =
        'use IO::Socket::UNIX; for my $i (1..2) { my $c = IO::Socket::UNIX->new(Peer => "/opt/shared/s.sock") or die $!;' +
        ' print $c "ping $i\\n"; my $a = <$c>; print "app: $a" }';
      const r = await runPod(
        engine,
        pod({
          restartPolicy: 'Never',
          terminationGracePeriodSeconds: 5,
          volumes: [{ name: 'ipc', emptyDir: {} }],
          initContainers: [
            {
              name: 'ipc-server',
              image: TEST_IMAGE,
              restartPolicy: 'Always',
              command: ['perl', '-e', server],
              volumeMounts: [{ name: 'ipc', mountPath: '/run/ipc' }],
              startupProbe: {
                exec: { command: ['test', '-S', '/run/ipc/s.sock'] },
                periodSeconds: 1,
                failureThreshold: 60,
              },
            },
          ],
          containers: [
            {
              name: 'app',
              image: TEST_IMAGE,
              command: ['perl', '-e', client],
              volumeMounts: [{ name: 'ipc', mountPath: '/opt/shared' }],
            },
          ],
        }),
      );
      assert.ok(r.lines.includes('app: app: pong: ping 1'), r.lines.join('\n'));
      assert.ok(r.lines.includes('app: app: pong: ping 2'), r.lines.join('\n'));
      assert.equal(r.status.phase, 'Succeeded');
    });

    it('sidecars stop in reverse order and past the grace period are killed (137), as simulate orders it', async () => {
      const r = await runBoth(
        {
          restartPolicy: 'Never',
          terminationGracePeriodSeconds: 3,
          containers: [
            { name: 'sidecar-1', init: 'sidecar', ignoreTerm: true },
            { name: 'sidecar-2', init: 'sidecar', ignoreTerm: true },
            { name: 'app', delay: 1 },
          ],
        },
        'pod',
        { engine, image: TEST_IMAGE },
      );
      assert.deepEqual(perContainer(r.real.events), perContainer(r.simulated.events));
      const term = (name: string) => (e: PodEvent) =>
        e.type === 'ContainerKilling' && e.container === name && e.signal === 'SIGTERM';
      const ev = r.real.events;
      assert.ok(
        at(ev, term('sidecar-2'), 'sidecar-2 SIGTERM') <=
          at(ev, term('sidecar-1'), 'sidecar-1 SIGTERM'),
      );
      for (const s of ['sidecar-1', 'sidecar-2']) {
        const e = ev.find(exited(s));
        assert.equal(e?.type === 'ContainerExited' ? e.exitCode : null, 137, `${s} SIGKILLed`);
      }
    });

    it('init containers and sidecars start one after another, as simulate orders them', async () => {
      const r = await runBoth(
        {
          restartPolicy: 'Never',
          containers: [
            { name: 'init-1', init: 'regular', delay: 0.2 },
            { name: 'sidecar-1', init: 'sidecar', startupProbe: { passFrom: 1 } },
            { name: 'app', delay: 0.5 },
          ],
        },
        'pod',
        { engine, image: TEST_IMAGE },
      );
      assert.deepEqual(perContainer(r.real.events), perContainer(r.simulated.events));
      assert.equal(r.real.status.phase, 'Succeeded');
    });

    it('a crash-looping sidecar is restarted with the kubelet back-off', async () => {
      const r = await runPod(
        engine,
        pod({
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 1,
          initContainers: [c('crasher', 'echo crash; exit 3', { restartPolicy: 'Always' })],
          containers: [c('app', `${TERM_EXITS} sleep 600 & wait`)],
        }),
        (e, runner) => {
          if (e.type === 'ContainerStarted' && e.container === 'crasher' && e.restartCount === 2)
            runner.delete(0);
        },
      );
      const ev = r.events;
      const backOff = ev.find((e) => e.type === 'BackOff' && e.container === 'crasher');
      assert.ok(backOff?.type === 'BackOff', 'BackOff event');
      assert.ok(backOff.delaySeconds >= 10, `delay ${String(backOff.delaySeconds)}`);
      // The restart waits for the back-off after the exit (event times in seconds).
      const next = ev.find(
        (e) => e.type === 'ContainerStarted' && e.container === 'crasher' && e.t > backOff.t,
      );
      const lastExit = ev.filter((e) => exited('crasher')(e) && e.t <= backOff.t).at(-1);
      assert.ok(next !== undefined && lastExit !== undefined);
      assert.ok(
        next.t - lastExit.t >= backOff.delaySeconds - 0.001,
        `exit at ${String(lastExit.t)}, restart at ${String(next.t)}`,
      );
      const ex = ev.find(exited('crasher'));
      assert.equal(ex?.type === 'ContainerExited' ? ex.exitCode : null, 3);
      assert.ok(r.lines.includes('crasher: crash'));
    });

    it('an image that cannot be pulled is ErrImagePull, then ImagePullBackOff; nothing starts', async () => {
      const r = await runPod(
        engine,
        pod({
          restartPolicy: 'Always',
          containers: [{ name: 'app', image: 'localhost:1/sidecarctl/no-such-image:1' }],
        }),
        (e, runner) => {
          if (e.type === 'ImagePullFailed' && e.reason === 'ImagePullBackOff') runner.delete(0);
        },
      );
      const reasons = r.events.flatMap((e) => (e.type === 'ImagePullFailed' ? [e.reason] : []));
      // The pod worker's first retry pulls again (10 s back-off over); the next finds it in back-off.
      assert.equal(reasons[0], 'ErrImagePull');
      assert.ok(reasons.includes('ImagePullBackOff'), reasons.join(', '));
      assert.equal(
        r.events.some((e) => e.type === 'ContainerStarted'),
        false,
      );
    });

    it('a container past its memory limit is OOMKilled (137)', async (t) => {
      const r = await runPod(
        engine,
        pod({
          restartPolicy: 'Never',
          containers: [
            c('hog', 'x=a; while :; do x="$x$x"; done', {
              resources: { limits: { memory: '16Mi' } },
            }),
          ],
        }),
      );
      const e = r.events.find(exited('hog'));
      assert.equal(e?.type === 'ContainerExited' ? e.exitCode : null, 137);
      const reason = e?.type === 'ContainerExited' ? e.reason : undefined;
      if (reason !== 'OOMKilled') {
        t.skip(
          `the OOM kill happened (137) but podman's State.OOMKilled is false on this host (${reason ?? 'Error'}): podman on cgroups v1 does not record it, and the kernel log does not say so either`,
        );
        return;
      }
      assert.equal(reason, 'OOMKilled');
    });

    it('SIGKILL of sidecarctl leaves no container behind (the reaper removes the run)', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-podman-kill-'));
      try {
        const manifest = JSON.stringify(
          pod({ containers: [c('app', 'echo up; sleep 600')] }, 'killed'),
        );
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            MAIN,
            'run',
            '--runtime',
            'podman',
            '--state-dir',
            join(dir, 's'),
            '--events',
            '-',
            '-',
          ],
          { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
        );
        child.stdin.end(manifest);
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
        const up = await until(() => out.includes('"ContainerStarted"'), 120_000);
        assert.ok(up, `the app never started: ${out}`);
        const owner = ownerId(child.pid!);
        const [bin, ...pre] = engine.cli;
        const left = (): string =>
          spawnSync(bin!, [...pre, 'ps', '-a', '-q', '--filter', `label=${LABEL_OWNER}=${owner}`], {
            encoding: 'utf8',
          }).stdout.trim();
        assert.notEqual(left(), '', 'the running container carries its owner label');
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await gone;
        assert.ok(await until(() => left() === '', 60_000), `left behind: ${left()}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);

describe(
  '--runtime with no engine reachable',
  { skip: process.getuid?.() !== 0 && 'runs as root', timeout: 120_000 },
  () => {
    it('fails before starting anything, with one line saying what was tried and the fix (exit 2)', () => {
      const manifest = JSON.stringify(pod({ containers: [c('app', 'true')] }));
      for (const [runtime, env] of [
        ['podman', { ...process.env, PATH: '/nonexistent' }],
        ['docker', { ...process.env, DOCKER_HOST: 'unix:///nonexistent.sock' }],
      ] as const) {
        const r = spawnSync(
          process.execPath,
          ['--import', 'tsx', MAIN, 'run', '--runtime', runtime, '-'],
          {
            cwd: ROOT,
            input: manifest,
            encoding: 'utf8',
            env,
            timeout: 60_000,
          },
        );
        if (runtime === 'docker' && docker.skip === false) continue;
        assert.equal(r.status, 2, r.stderr);
        const lines = r.stderr.trim().split('\n');
        assert.equal(lines.length, 1, r.stderr);
        assert.match(lines[0]!, new RegExp(`--runtime ${runtime}: .*; .*(install|start)`));
        assert.equal(r.stdout, '');
      }
    });
  },
);

describe('--runtime podman that does not work', { timeout: 120_000 }, () => {
  it('run and serve fail with one line naming the command tried and the fix (exit 2); no container starts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-broken-podman-'));
    try {
      // A podman on PATH that fails every command, as one without storage or rights does.
      const log = join(dir, 'calls');
      writeFileSync(
        join(dir, 'podman'),
        `#!/bin/sh\necho "$*" >> ${log}\necho 'Error: cannot set up storage: permission denied' >&2\nexit 125\n`,
        { mode: 0o755 },
      );
      const env = { ...process.env, PATH: `${dir}:${process.env['PATH'] ?? ''}` };
      const manifest = JSON.stringify(pod({ containers: [c('app', 'true')] }));
      for (const args of [
        ['run', '--runtime', 'podman', '-', '--state-dir', join(dir, 'run')],
        ['serve', '--runtime', 'podman', '--state-dir', join(dir, 'serve')],
      ]) {
        const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
          cwd: ROOT,
          input: manifest,
          encoding: 'utf8',
          env,
          timeout: 60_000,
        });
        assert.equal(r.status, 2, r.stderr);
        const errors = r.stderr.split('\n').filter((l) => l.startsWith('sidecarctl: --runtime'));
        assert.equal(errors.length, 1, r.stderr);
        assert.match(
          errors[0]!,
          /^sidecarctl: --runtime podman: `\S+podman (pod create|version)` failed \(cannot set up storage: permission denied\); check that podman works/,
        );
        assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
      }
      // Nothing but the pod's creation and the check was asked of it.
      const calls = readFileSync(log, 'utf8');
      assert.doesNotMatch(calls, /^(run|create|start) /m, calls);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('--runtime docker: the same code', { skip: docker.skip, timeout: 300_000 }, () => {
  it('runs a pod whose app reaches its sidecar on localhost', async () => {
    const r = await runPod(
      docker.engine!,
      pod({
        restartPolicy: 'Never',
        initContainers: [
          c('web', `${TERM_EXITS} httpd -f -p 8080 & wait`, { restartPolicy: 'Always' }),
        ],
        containers: [c('app', 'until nc -z 127.0.0.1 8080; do sleep 0.2; done; echo reached')],
      }),
    );
    assert.ok(r.lines.includes('app: reached'));
  });
});
