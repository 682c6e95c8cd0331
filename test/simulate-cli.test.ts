import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'src/cli/main.ts');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node --import tsx src/cli/main.ts simulate ...`, from the project root. */
function simulate(args: readonly string[], input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', MAIN, 'simulate', ...args],
      {
        cwd: ROOT,
        timeout: 60_000,
        maxBuffer: 32 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: '1' },
      },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(input ?? '');
  });
}

const NATIVE = [
  'examples/seed/native-sidecar.yaml',
  '--scenario',
  'examples/scenarios/seed-native-sidecar.yaml',
];

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'sidecarctl-simulate-'));
}

describe('sidecarctl simulate', () => {
  it('when the seed native-sidecar pod starts and is deleted then text shows the timeline, the kubectl status, and exit 0', async () => {
    const r = await simulate(NATIVE);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^ *T +CONTAINER +EVENT +DETAIL$/m);
    // The app starts only once the proxy's startup probe passed (3s in the scenario).
    assert.match(r.stdout, /^ *3\.000s +proxy +ProbeResult +startup Success$/m);
    assert.match(r.stdout, /^ *3\.000s +app +ContainerStarted +restartCount=0$/m);
    assert.match(
      r.stdout,
      /\nNAME +READY +STATUS +RESTARTS +AGE\nnative-sidecar +0\/3 +Completed +0 +60s\n$/,
    );
  });

  it('when -o json is asked then the output is exactly {events, status} with a PodStatus', async () => {
    const r = await simulate([...NATIVE, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as {
      events: { t: number; type: string }[];
      status: Record<string, unknown>;
    };
    assert.deepEqual(Object.keys(doc), ['events', 'status']);
    assert.equal(doc.status['phase'], 'Succeeded');
    const inits = doc.status['initContainerStatuses'] as { name: string }[];
    assert.deepEqual(
      inits.map((c) => c.name),
      ['log-collector', 'proxy'],
    );
    assert.ok(doc.events.length > 10);
  });

  it('when --events names a file then it holds the JSON Lines stream, written whole, and equal to the json events', async () => {
    const dir = tmp();
    const file = join(dir, 'events.jsonl');
    const r = await simulate([...NATIVE, '-o', 'json', '--events', file]);
    assert.equal(r.code, 0, r.stderr);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const e of events) assert.deepEqual(Object.keys(e).slice(0, 3), ['t', 'pod', 'type']);
    assert.deepEqual(events, (JSON.parse(r.stdout) as { events: unknown[] }).events);
    assert.deepEqual(readdirSync(dir), ['events.jsonl'], 'no temporary file is left behind');
  });

  it('when --events is - then stdout is the JSON Lines stream only', async () => {
    const r = await simulate([...NATIVE, '--events', '-']);
    assert.equal(r.code, 0, r.stderr);
    for (const line of r.stdout.trimEnd().split('\n')) {
      const e = JSON.parse(line) as { pod: string };
      assert.equal(e.pod, 'default/native-sidecar');
    }
  });

  it('when the same pod is drawn twice then the SVG bytes are identical and match the committed docs/native-sidecar.svg', async () => {
    const a = await simulate([...NATIVE, '-o', 'svg']);
    const b = await simulate([...NATIVE, '-o', 'svg']);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    assert.match(a.stdout, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.equal(
      a.stdout,
      readFileSync(join(ROOT, 'docs/native-sidecar.svg'), 'utf8'),
      'docs/native-sidecar.svg is out of date: regenerate it with the command in examples/scenarios/seed-native-sidecar.yaml',
    );
  });

  it('when -o html is asked then one self-contained page embeds the SVG lanes, the status row and the events', async () => {
    const r = await simulate([...NATIVE, '-o', 'html']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^<!DOCTYPE html>/);
    assert.ok(r.stdout.includes('<svg xmlns='));
    assert.ok(
      r.stdout.includes('<th>NAME</th><th>READY</th><th>STATUS</th><th>RESTARTS</th><th>AGE</th>'),
    );
    assert.ok(
      r.stdout.includes(
        '<th>LAST SEEN</th><th>TYPE</th><th>REASON</th><th>OBJECT</th><th>MESSAGE</th>',
      ),
    );
    assert.doesNotMatch(r.stdout, /<script [^>]*src|<link/);
  });

  it('when a Job keeps a classic sidecar then its pod never completes: exit 1 and stderr says so', async () => {
    const r = await simulate(['examples/scenarios/job-classic-sidecar-never-completes.yaml']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /\nreport +1\/2 +NotReady +0 +2m\n$/);
    assert.equal(
      r.stderr,
      'sidecarctl: simulate: pod default/report of a Job has not completed by 2m: still running: cloud-sql-proxy\n',
    );
  });

  it('when the same Job has a native sidecar then the pod ends Succeeded and exit is 0', async () => {
    const r = await simulate([
      'examples/scenarios/job-native-sidecar-completes.yaml',
      '-o',
      'json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { status: { phase: string } }).status.phase, 'Succeeded');
  });

  it('when a regular container fails under restartPolicy Never then the pod ends Failed and exit is 1', async () => {
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: once}
spec:
  restartPolicy: Never
  containers:
  - {name: app, image: app:1}
---
apiVersion: sidecarctl.io/v1alpha1
kind: Scenario
metadata: {name: fails}
spec:
  containers:
    app:
      runs: [{exitAfter: 2s, exitCode: 3}]
`;
    const r = await simulate(['-'], pod);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^sidecarctl: simulate: pod default\/once ended Failed at 2s: app \(exit 3 Error\)\n$/,
    );
    assert.match(r.stdout, /\nonce +0\/1 +Error +0 +10m\n$/);
  });

  it('when a native sidecar pod runs on 1.27 then the sidecar is a plain init container, the pod never initialises, and exit is 1', async () => {
    const r = await simulate([
      'examples/seed/native-sidecar.yaml',
      '--k8s-version',
      '1.27',
      '--until',
      '30s',
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /\nnative-sidecar +0\/1 +Init:0\/2 +0 +30s\n$/);
    // The note (issue 9) says which of 1.27's two outcomes is simulated: the dropped field.
    assert.equal(
      r.stderr,
      'sidecarctl: note: Kubernetes 1.27 has no native sidecars: kubectl would reject restartPolicy as an unknown field; this simulates a client that sends no fieldValidation (Helm, Argo CD, client-go), which gets it dropped, and log-collector, proxy run as ordinary init containers that never exit\n' +
        'sidecarctl: simulate: pod default/native-sidecar never got past initialisation by 30s (Init:0/2)\n',
    );
  });

  it('when a scenario is malformed then one line names the file, position and field, and exit is 2', async () => {
    const dir = tmp();
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'apiVersion: sidecarctl.io/v1alpha1\nkind: Scenario\nmetadata: {name: bad}\nspec:\n  until: soon\n',
    );
    const r = await simulate(['examples/seed/native-sidecar.yaml', '--scenario', file]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /^sidecarctl: .*bad\.yaml:5:\d+: .*spec\.until/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('when the usage is wrong then exit is 2 with one error line', async () => {
    const cases: string[][] = [
      [...NATIVE, '-o', 'yaml'],
      [...NATIVE, '--until', 'later'],
      [...NATIVE, '--compare-versions', '1.29'],
      [...NATIVE, '--pod', 'nope'],
      [...NATIVE, '--events', '-', '-o', 'json'],
      [...NATIVE, '--k8s-version', '1.19'],
      [...NATIVE, '--k8s-version', '1.29', '--compare-versions', '1.28,1.29'],
      [...NATIVE, '--compare-versions', '1.28,1.29', '--events', '-'],
      [...NATIVE, '--events', join(tmpdir(), 'no-such-dir-sidecarctl', 'e.jsonl')],
    ];
    for (const args of cases) {
      const r = await simulate(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^sidecarctl: /, args.join(' '));
      assert.equal(r.stdout, '');
    }
  });

  it('when a native sidecar pod is compared across 1.27, 1.28 and 1.29 then they first differ at 0s where only 1.29 starts the proxy', async () => {
    const args = [...NATIVE, '--compare-versions', '1.27,1.28,1.29'];
    const json = await simulate([...args, '-o', 'json']);
    const doc = JSON.parse(json.stdout) as {
      versions: { k8sVersion: string; status: { phase: string } }[];
      firstDifference: {
        t: number;
        events: Record<string, { type: string; container?: string }[]>;
      };
    };
    assert.deepEqual(
      doc.versions.map((v) => [v.k8sVersion, v.status.phase]),
      [
        ['1.27', 'Failed'],
        ['1.28', 'Failed'],
        ['1.29', 'Succeeded'],
      ],
    );
    assert.equal(doc.firstDifference.t, 0);
    assert.deepEqual(doc.firstDifference.events['1.27'], []);
    assert.deepEqual(doc.firstDifference.events['1.28'], []);
    assert.ok(
      doc.firstDifference.events['1.29']!.some(
        (e) => e.type === 'ContainerStarted' && e.container === 'proxy',
      ),
    );
    // Two versions end Failed, so the comparison exits 1 and says which.
    assert.equal(json.code, 1);
    assert.match(json.stderr, /^sidecarctl: simulate: Kubernetes 1\.27: /m);

    const text = await simulate(args);
    assert.match(
      text.stdout.split('\n')[0]!,
      /^First difference at 0\.000s: 1\.27: nothing; 1\.28: nothing; 1\.29: .*proxy ContainerStarted/,
    );
    assert.match(text.stdout, /\n1\.29 +native-sidecar +0\/3 +Completed /);
  });

  it('when 1.28 has the SidecarContainers gate on then only termination ordering differs from 1.29: the app and the sidecars get SIGTERM together', async () => {
    const r = await simulate([
      ...NATIVE,
      '--compare-versions',
      '1.28,1.29',
      '--feature-gates',
      'SidecarContainers=true',
      '-o',
      'json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as {
      firstDifference: {
        t: number;
        events: Record<string, { type: string; container?: string; signal?: string }[]>;
      };
    };
    assert.equal(doc.firstDifference.t, 20);
    const killed = (v: string): string[] =>
      doc.firstDifference.events[v]!.filter((e) => e.type === 'ContainerKilling').map(
        (e) => e.container!,
      );
    assert.deepEqual(killed('1.28').sort(), ['log-collector', 'proxy']);
    assert.deepEqual(killed('1.29'), []);
  });
});
