/**
 * `sidecarctl serve` end to end, driven by the real kubectl on this machine (issue 10's "Must
 * show"): the built CLI serves, the local kubelet runs the pods with real processes, and kubectl
 * (through the gcloud dispatcher, which picks its version from /version) does what a user does.
 * Every wait is for an event (a kubectl wait, a watch, a log line), bounded by a deadline.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processesWith, until } from '../src/runtime/process-watch.test-support.js';
import { namespacesOrSkip } from '../src/runtime/isolation/namespaces.test-support.js';
import { CLI, ROOT, runCli } from './cli-helper.js';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
const { skip: nsSkip } = await namespacesOrSkip();
const skip = hasKubectl ? nsSkip : 'kubectl is not on PATH: the serve tests drive the real kubectl';

interface Kubectl {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let dir = '';
let kubeconfig = '';
let serve: ChildProcess | null = null;
let serveErr = '';
/** A token in every pod's commands, to find what is left running. */
const MARK = `sidecarctl-serve-e2e-${String(process.pid)}`;

function kubectl(args: readonly string[], input = '', timeoutMs = 120_000): Promise<Kubectl> {
  return new Promise((resolve) => {
    const child = spawn(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'kube-cache'), ...args],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.end(input);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Retries `kubectl args` until `ok` holds for its result, within `ms`. */
async function eventually(
  args: readonly string[],
  ok: (r: Kubectl) => boolean,
  ms = 90_000,
): Promise<Kubectl> {
  const end = Date.now() + ms;
  let r = await kubectl(args);
  while (!ok(r) && Date.now() < end) {
    await new Promise((res) => setTimeout(res, 200));
    r = await kubectl(args);
  }
  return r;
}

function write(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('sidecarctl serve with the real kubectl', { skip, timeout: 1_200_000 }, () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sidecarctl-serve-e2e-'));
    kubeconfig = join(dir, 'kubeconfig');
    serve = spawn(
      process.execPath,
      [CLI, 'serve', '--state-dir', join(dir, 'state'), '--kubeconfig', kubeconfig, '--inject'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    serve.stderr!.setEncoding('utf8').on('data', (d: string) => (serveErr += d));
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      serve!.stdout!.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('\n')) resolve(out);
      });
      serve!.once('exit', (code) => reject(new Error(`serve exited ${String(code)}: ${serveErr}`)));
    });
    assert.match(line, /^serving the Kubernetes API on https:\/\/127\.0\.0\.1:\d+/);
    assert.ok(line.includes(`export KUBECONFIG=${kubeconfig}`), line);
    assert.equal(statSync(kubeconfig).mode & 0o777, 0o600);
  });

  after(async () => {
    if (serve !== null && serve.exitCode === null && serve.signalCode === null) {
      serve.kill('SIGKILL');
      await new Promise((r) => serve!.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("when the seed's native-sidecar pod is applied then the sheet's three monitoring commands answer as on a cluster", async () => {
    const applied = await kubectl(['apply', '-f', join(ROOT, 'examples/run/native-sidecar.yaml')]);
    assert.equal(applied.stdout, 'pod/native-sidecar created\n', applied.stderr);
    const ready = await kubectl(
      ['wait', '--for=condition=Ready', 'pod/native-sidecar', '--timeout=120s'],
      '',
      150_000,
    );
    assert.equal(ready.stdout, 'pod/native-sidecar condition met\n', ready.stderr);
    const names = await kubectl([
      'get',
      'pod',
      'native-sidecar',
      '-o',
      'jsonpath={.status.initContainerStatuses[*].name}',
    ]);
    assert.equal(names.stdout, 'init-logs log-collector proxy');
    const readiness = await kubectl([
      'get',
      'pod',
      'native-sidecar',
      '-o',
      'jsonpath={.status.initContainerStatuses[*].ready}',
    ]);
    // A completed init container is ready (prober_manager.go UpdatePodStatus), and so is each
    // started sidecar that passes its readinessProbe.
    assert.equal(readiness.stdout, 'true true true');
    const logs = await eventually(['logs', 'native-sidecar', '-c', 'log-collector'], (r) =>
      r.stdout.includes('collected: request 1: hello from the proxy sidecar'),
    );
    assert.ok(
      logs.stdout.includes('collected: request 1: hello from the proxy sidecar'),
      logs.stdout,
    );
  });

  it('when kubectl get pods asks for a table then the columns and READY count the running sidecars', async () => {
    const r = await kubectl(['get', 'pod', 'native-sidecar']);
    assert.equal(r.code, 0, r.stderr);
    const [head, row] = r.stdout.split('\n');
    assert.match(head!, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    assert.match(row!, /^native-sidecar\s+3\/3\s+Running\s+0\s+\S+$/);
  });

  it('when kubectl describe and logs read the pod then the kubelet events and the log options answer as on a cluster', async () => {
    const d = await kubectl(['describe', 'pod', 'native-sidecar']);
    assert.equal(d.code, 0, d.stderr);
    const events = d.stdout.slice(d.stdout.indexOf('Events:'));
    for (const line of [
      /Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/native-sidecar to /,
      /Normal\s+Pulled\s+\S+\s+kubelet\s+Container image "busybox:1\.36" already present on machine/,
      /Normal\s+Created\s+\S+\s+kubelet\s+Created container: init-logs/,
      /Normal\s+Started\s+\S+\s+kubelet\s+Started container proxy/,
    ])
      assert.match(events, line);
    const tail = await kubectl(['logs', 'native-sidecar', '-c', 'init-logs', '--tail=1']);
    assert.equal(tail.stdout, 'init: preparing /var/log/app\n');
    const stamped = await kubectl(['logs', 'native-sidecar', '-c', 'init-logs', '--timestamps']);
    assert.match(
      stamped.stdout,
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z init: preparing \/var\/log\/app\n$/,
    );
    const since = await kubectl(['logs', 'native-sidecar', '-c', 'init-logs', '--since=1h']);
    assert.equal(since.stdout, 'init: preparing /var/log/app\n');
    const follow = await kubectl(['logs', '-f', 'native-sidecar', '-c', 'init-logs']);
    assert.equal(
      follow.stdout,
      'init: preparing /var/log/app\n',
      'follow of an exited container ends',
    );
    const previous = await kubectl(['logs', 'native-sidecar', '-c', 'proxy', '-p']);
    assert.equal(previous.code, 1);
    assert.match(
      previous.stderr,
      /previous terminated container "proxy" in pod "native-sidecar" not found/,
    );
    const all = await kubectl(['logs', 'native-sidecar', '--all-containers', '--prefix']);
    assert.match(
      all.stdout,
      /^\[pod\/native-sidecar\/init-logs\] init: preparing \/var\/log\/app$/m,
    );
  });

  it('when a Deployment is applied then serve says what it runs instead (405 Status)', async () => {
    const r = await kubectl(['apply', '-f', join(ROOT, 'examples/inject/web.yaml')]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /Error from server \(MethodNotAllowed\): error when creating ".*web\.yaml": sidecarctl serve runs Pods and Jobs, not Deployments/,
    );
  });

  it('when kubectl exec runs a command in a container then its output and exit code come back', async () => {
    const r = await kubectl([
      'exec',
      'native-sidecar',
      '-c',
      'app',
      '--',
      'sh',
      '-c',
      'echo out; echo err >&2; exit 3',
    ]);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.stdout, 'out\n');
    assert.match(r.stderr, /err\n[\s\S]*command terminated with exit code 3/);
  });

  it('when kubectl exec -i pipes stdin then the bytes come back unchanged', async () => {
    const input = 'line one\nline two\n'.repeat(1000);
    const r = await kubectl(['exec', '-i', 'native-sidecar', '-c', 'app', '--', 'cat'], input);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, input);
  });

  it('when a pod is invalid for the API server then kubectl prints its refusal', async () => {
    const f = write(
      'bad.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: bad}\nspec:\n  containers:\n  - name: app\n',
    );
    const r = await kubectl(['apply', '-f', f]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /The Pod "bad" is invalid: spec\.containers\[0\]\.image: Required value/,
    );
  });

  it("when serve runs with --inject then the seed's Vault pod gets its agent from kubectl apply", async () => {
    const r = await kubectl(['apply', '-f', join(ROOT, 'examples/inject/vault-sidecar.yaml')]);
    assert.equal(r.code, 0, r.stderr);
    const names = await kubectl([
      'get',
      'pod',
      'vault-sidecar',
      '-o',
      'jsonpath={.spec.initContainers[*].name}',
    ]);
    assert.match(names.stdout, /vault-agent/);
    await kubectl(['delete', 'pod', 'vault-sidecar', '--grace-period=0', '--force']);
  });

  it('when a Job has a native sidecar then it completes, and with a classic one it does not', async () => {
    const job = (name: string, sidecar: string): string =>
      `apiVersion: batch/v1\nkind: Job\nmetadata: {name: ${name}}\nspec:\n  backoffLimit: 0\n  template:\n    spec:\n      restartPolicy: Never\n      terminationGracePeriodSeconds: 2\n${sidecar}`;
    const native = job(
      'job-native',
      `      initContainers:\n      - {name: proxy, image: x, restartPolicy: Always, command: [sh, -c, 'exec sleep 600 # ${MARK}']}\n      containers:\n      - {name: app, image: x, command: [sh, -c, 'echo done']}\n`,
    );
    const classic = job(
      'job-classic',
      `      containers:\n      - {name: app, image: x, command: [sh, -c, 'echo done']}\n      - {name: proxy, image: x, command: [sh, -c, 'exec sleep 600 # ${MARK}']}\n`,
    );
    assert.equal((await kubectl(['apply', '-f', write('jn.yaml', native)])).code, 0);
    assert.equal((await kubectl(['apply', '-f', write('jc.yaml', classic)])).code, 0);
    const done = await kubectl(
      ['wait', '--for=condition=complete', 'job/job-native', '--timeout=120s'],
      '',
      150_000,
    );
    assert.equal(done.stdout, 'job.batch/job-native condition met\n', done.stderr);
    // The classic Job's app is done, yet its pod runs on: the Job is not complete.
    await eventually(
      [
        'get',
        'pods',
        '-l',
        'job-name=job-classic',
        '-o',
        'jsonpath={.items[0].status.containerStatuses[?(@.name=="app")].state.terminated.reason}',
      ],
      (r) => r.stdout === 'Completed',
    );
    const notDone = await kubectl([
      'wait',
      '--for=condition=complete',
      'job/job-classic',
      '--timeout=3s',
    ]);
    assert.equal(notDone.code, 1);
    assert.match(notDone.stderr, /timed out waiting for the condition on jobs\/job-classic/);
    await kubectl(['delete', 'job', 'job-classic', 'job-native']);
  });

  it('when a pod ignores SIGTERM then kubectl delete waits for the grace period and returns', async () => {
    const f = write(
      'stubborn.yaml',
      `apiVersion: v1\nkind: Pod\nmetadata: {name: stubborn}\nspec:\n  terminationGracePeriodSeconds: 2\n  containers:\n  - {name: app, image: x, command: [sh, -c, "trap '' TERM; while :; do sleep 1; done # ${MARK}-stubborn"]}\n`,
    );
    assert.equal((await kubectl(['apply', '-f', f])).code, 0);
    await kubectl(['wait', '--for=condition=Ready', 'pod/stubborn', '--timeout=120s'], '', 150_000);
    const r = await kubectl(['delete', 'pod', 'stubborn'], '', 60_000);
    assert.equal(r.stdout, 'pod "stubborn" deleted\n', r.stderr);
    assert.ok(await until(() => processesWith(`${MARK}-stubborn`).length === 0, 10_000));
  });

  it('when pods are in sidecar trouble then audit reports each with its evidence and why explains the Job pod', async () => {
    const crash = write(
      'crash.yaml',
      `apiVersion: v1\nkind: Pod\nmetadata: {name: crash}\nspec:\n  terminationGracePeriodSeconds: 1\n  initContainers:\n  - {name: proxy, image: envoyproxy/envoy:v1.30.0, restartPolicy: Always, command: [sh, -c, 'exit 1 # ${MARK}']}\n  containers:\n  - {name: app, image: x, command: [sh, -c, 'exec sleep 600 # ${MARK}']}\n`,
    );
    const job = write(
      'stuck-job.yaml',
      `apiVersion: batch/v1\nkind: Job\nmetadata: {name: stuck}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      terminationGracePeriodSeconds: 1\n      containers:\n      - {name: app, image: x, command: [sh, -c, 'echo done']}\n      - {name: envoy, image: envoyproxy/envoy:v1.30.0, command: [sh, -c, 'exec sleep 600 # ${MARK}']}\n`,
    );
    assert.equal((await kubectl(['apply', '-f', crash, '-f', job])).code, 0);
    const audit = (): Promise<Kubectl> =>
      new Promise((resolve) => {
        const c = spawn(process.execPath, [CLI, 'audit', '--kubeconfig', kubeconfig], {
          cwd: ROOT,
        });
        let stdout = '';
        let stderr = '';
        c.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        c.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        c.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    const end = Date.now() + 90_000;
    let r = await audit();
    while (
      !(
        /trouble\[sidecar-restarts\]/.test(r.stdout) && /trouble\[job-pod-runs-on\]/.test(r.stdout)
      ) &&
      Date.now() < end
    )
      r = await audit();
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stdout,
      /^Job\/default\/stuck: error\[classic-sidecar-blocks-completion\]: Envoy sidecar "envoy"/m,
    );
    assert.match(
      r.stdout,
      /^Pod\/default\/crash: trouble\[sidecar-restarts\]: sidecar "proxy" restarted \d+ time\(s\)/m,
    );
    assert.match(
      r.stdout,
      /^Pod\/default\/stuck-\w{5}: trouble\[job-pod-runs-on\]: Job pod runs on: "app" finished but classic sidecar "envoy" never exits/m,
    );
    const pod = (
      await kubectl([
        'get',
        'pods',
        '-l',
        'job-name=stuck',
        '-o',
        'jsonpath={.items[0].metadata.name}',
      ])
    ).stdout;
    const why = runCli(['why', pod, '--kubeconfig', kubeconfig]);
    assert.equal(why.code, 0, why.stderr);
    assert.match(why.stdout, /its Job cannot complete: a classic sidecar never exits/);
    await kubectl(['delete', '-f', crash, '-f', job, '--grace-period=0', '--force']);
  });

  it('when a program uses @kubernetes/client-node 1.x then list, watch, logs, create and delete work', async () => {
    const k8s = await import('@kubernetes/client-node');
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const pods = await core.listNamespacedPod({ namespace: 'default' });
    assert.ok(pods.items.some((p) => p.metadata?.name === 'native-sidecar'));
    const log = await core.readNamespacedPodLog({
      name: 'native-sidecar',
      namespace: 'default',
      container: 'init-logs',
    });
    assert.equal(log, 'init: preparing /var/log/app\n');
    const seen: string[] = [];
    const watched = new Promise<void>((resolve, reject) => {
      void new k8s.Watch(kc)
        .watch(
          '/api/v1/namespaces/default/configmaps',
          {},
          (type: string, obj: { metadata?: { name?: string } }) => {
            if (obj.metadata?.name === 'from-client-node') seen.push(type);
            if (type === 'DELETED' && obj.metadata?.name === 'from-client-node') resolve();
          },
          (err: unknown) => (err ? reject(err as Error) : undefined),
        )
        .then((req: { abort(): void }) => watched.finally(() => req.abort()));
    });
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'from-client-node' }, data: { a: 'b' } },
    });
    const read = await core.readNamespacedConfigMap({
      name: 'from-client-node',
      namespace: 'default',
    });
    assert.deepEqual(read.data, { a: 'b' });
    await core.deleteNamespacedConfigMap({ name: 'from-client-node', namespace: 'default' });
    await watched;
    assert.deepEqual(seen, ['ADDED', 'DELETED']);
    await assert.rejects(
      core.readNamespacedConfigMap({ name: 'from-client-node', namespace: 'default' }),
      (e: { code?: number }) => e.code === 404,
    );
  });

  it('when serve is killed with SIGKILL then no container process is left', async () => {
    assert.ok(processesWith('hello from the proxy sidecar').length > 0, 'the proxy should run');
    serve!.kill('SIGKILL');
    await new Promise((r) => serve!.once('exit', r));
    assert.ok(
      await until(() => processesWith('hello from the proxy sidecar').length === 0, 20_000),
      `left: ${processesWith('hello from the proxy sidecar').join(' ')}`,
    );
    assert.ok(await until(() => processesWith(MARK).length === 0, 20_000));
  });
});
