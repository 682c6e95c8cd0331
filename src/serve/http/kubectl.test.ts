/**
 * `serve` driven by the real kubectl (1.29 and 1.33, chosen through /version: the gcloud
 * dispatcher runs the bundled kubectl of the server's minor). Skipped, saying so, without kubectl.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { K8sVersion } from '../../model/versions.js';
import {
  kubectlPresent,
  collectOutput,
  startTestServe,
  type TestServe,
} from './kubectl.test-support.js';

const SKIP = kubectlPresent() ? false : 'kubectl is not on PATH: the kubectl tests are skipped';

const POD = (image: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: demo
  labels:
    app: demo
spec:
  initContainers:
  - name: sidecar
    image: busybox:1.36
    restartPolicy: Always
    command: ["sleep", "3600"]
  containers:
  - name: main
    image: ${image}
    command: ["sleep", "3600"]
`;

const CM_SECRET = `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  mode: fast
---
apiVersion: v1
kind: Secret
metadata:
  name: app-secret
stringData:
  token: s3cr3t
`;

function files(): (name: string, text: string) => string {
  const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-kubectl-'));
  return (name, text) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
}

for (const version of ['1.29', '1.33'] as K8sVersion[]) {
  describe(`kubectl ${version} against serve`, { skip: SKIP, timeout: 240_000 }, () => {
    let s: TestServe;
    const file = files();
    before(async () => {
      s = await startTestServe(version);
    });
    after(async () => {
      await s.close();
    });

    it('kubectl version shows the server version and runs that kubectl', async () => {
      const r = await s.kubectl(['version', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const v = JSON.parse(r.stdout) as Record<string, Record<string, string>>;
      assert.equal(v['serverVersion']!['gitVersion'], `v${version}.0`);
      assert.equal(v['clientVersion']!['minor'], version.split('.')[1]);
    });

    it('apply -f: created, unchanged, configured', async () => {
      const path = file('pod.yaml', POD('busybox:1.36'));
      assert.deepEqual(await s.kubectl(['apply', '-f', path]), {
        stdout: 'pod/demo created\n',
        stderr: '',
        code: 0,
      });
      assert.equal((await s.kubectl(['apply', '-f', path])).stdout, 'pod/demo unchanged\n');
      const changed = file('pod2.yaml', POD('busybox:1.37'));
      assert.equal((await s.kubectl(['apply', '-f', changed])).stdout, 'pod/demo configured\n');
      const image = await s.kubectl([
        'get',
        'pod',
        'demo',
        '-o',
        'jsonpath={.spec.containers[*].image}',
      ]);
      assert.equal(image.stdout, 'busybox:1.37');
      const init = await s.kubectl([
        'get',
        'pod',
        'demo',
        '-o',
        'jsonpath={.spec.initContainers[*].name}',
      ]);
      assert.equal(init.stdout, 'sidecar');
      const immutable = file(
        'pod3.yaml',
        POD('busybox:1.37').replace(
          '"sleep", "3600"]\n  containers',
          '"sleep", "60"]\n  containers',
        ),
      );
      const refused = await s.kubectl(['apply', '-f', immutable]);
      assert.equal(refused.code, 1);
      assert.match(
        refused.stderr,
        /^The Pod "demo" is invalid: spec: Forbidden: pod updates may not change fields other than /,
      );
    });

    it('create: created, then AlreadyExists in the apiserver words', async () => {
      const path = file('cm.yaml', CM_SECRET.split('---')[0]!);
      const first = await s.kubectl(['create', '-f', path]);
      assert.equal(first.stdout, 'configmap/app-config created\n', first.stderr);
      const again = await s.kubectl(['create', '-f', path]);
      assert.equal(again.code, 1);
      assert.equal(
        again.stderr,
        `Error from server (AlreadyExists): error when creating "${path}": configmaps "app-config" already exists\n`,
      );
    });

    it('get: -o json|yaml|jsonpath|custom-columns|wide, -A, --show-labels, -l', async () => {
      const json = JSON.parse((await s.kubectl(['get', 'pod', 'demo', '-o', 'json'])).stdout) as {
        metadata: { name: string; uid: string };
      };
      assert.equal(json.metadata.name, 'demo');
      assert.match(
        (await s.kubectl(['get', 'pod', 'demo', '-o', 'yaml'])).stdout,
        /^ {2}name: demo$/m,
      );
      const cols = await s.kubectl([
        'get',
        'pods',
        '-o',
        'custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image',
      ]);
      assert.equal(cols.stdout, 'NAME   IMAGE\ndemo   busybox:1.37\n');
      const plain = await s.kubectl(['get', 'pods']);
      assert.match(plain.stdout, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\ndemo\s+0\/2\s/);
      const wide = await s.kubectl(['get', 'pods', '-o', 'wide']);
      assert.match(wide.stdout, /^NAME\s.*\ndemo\s/);
      const all = await s.kubectl(['get', 'pods', '-A']);
      assert.match(all.stdout, /^NAMESPACE\s+NAME\s.*\ndefault\s+demo\s/);
      const labels = await s.kubectl(['get', 'pods', '--show-labels']);
      assert.match(labels.stdout, /LABELS\n.*app=demo\n$/);
      assert.match((await s.kubectl(['get', 'pods', '-l', 'app=demo'])).stdout, /\ndemo\s/);
      const none = await s.kubectl(['get', 'pods', '-l', 'app=nope']);
      assert.deepEqual(
        [none.stdout, none.stderr, none.code],
        ['', 'No resources found in default namespace.\n', 0],
      );
    });

    it('get -w prints the rows of new pods as they come', { timeout: 60_000 }, async () => {
      const w = s.spawnKubectl(['get', 'pods', '-w']);
      const out = collectOutput(w);
      try {
        await out.until((t) => /\ndemo\s/.test(t));
        const other = POD('busybox:1.36').replace('name: demo\n', 'name: demo2\n');
        const created = await s.kubectl(['create', '-f', file('demo2.yaml', other)]);
        assert.equal(created.stdout, 'pod/demo2 created\n');
        await out.until((t) => /\ndemo2\s/.test(t));
      } finally {
        w.kill('SIGKILL');
      }
    });

    it('delete waits for the pod to go (DELETED on its watch)', { timeout: 60_000 }, async () => {
      const d = s.spawnKubectl(['delete', 'pod', 'demo2']);
      let out = '';
      d.stdout?.on('data', (b: Buffer) => (out += b.toString()));
      // No kubelet here: once the pod is marked, remove it as the kubelet would.
      await new Promise<void>((resolve) => {
        const stop = s.store.watch('pods', { resourceVersion: '0' }, (e) => {
          if (e.object.metadata.name === 'demo2' && e.object.metadata.deletionTimestamp) {
            setImmediate(() => {
              stop();
              s.store.remove('pods', 'default', 'demo2');
              resolve();
            });
          }
        });
      });
      const [code] = (await once(d, 'close')) as [number];
      assert.deepEqual([code, out], [0, 'pod "demo2" deleted\n']);
      const gone = await s.kubectl(['get', 'pod', 'demo2']);
      assert.equal(gone.stderr, 'Error from server (NotFound): pods "demo2" not found\n');
    });

    it('delete --grace-period=0 --force removes at once', async () => {
      const r = await s.kubectl(['delete', 'pod', 'demo', '--grace-period=0', '--force']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^pod "demo" force deleted\n$/);
    });

    it('configmaps and secrets: apply, jsonpath (stringData as base64), delete', async () => {
      const path = file('cs.yaml', CM_SECRET);
      const applied = await s.kubectl(['apply', '-f', path]);
      assert.match(
        applied.stdout,
        /configmap\/app-config (configured|unchanged)\nsecret\/app-secret created\n/,
      );
      const token = await s.kubectl([
        'get',
        'secret',
        'app-secret',
        '-o',
        'jsonpath={.data.token}',
      ]);
      assert.equal(token.stdout, 'czNjcjN0');
      const mode = await s.kubectl(['get', 'cm', 'app-config', '-o', 'jsonpath={.data.mode}']);
      assert.equal(mode.stdout, 'fast');
      const del = await s.kubectl(['delete', '-f', path]);
      assert.equal(del.stdout, 'configmap "app-config" deleted\nsecret "app-secret" deleted\n');
    });

    it('apply --server-side creates and updates', async () => {
      const path = file('ssa.yaml', CM_SECRET.split('---')[0]!.replace('app-config', 'ssa'));
      const r = await s.kubectl(['apply', '--server-side', '-f', path]);
      assert.deepEqual([r.stdout, r.code], ['configmap/ssa serverside-applied\n', 0], r.stderr);
      const again = await s.kubectl([
        'apply',
        '--server-side',
        '-f',
        path.replace('ssa.yaml', 'ssa.yaml'),
      ]);
      assert.equal(again.stdout, 'configmap/ssa serverside-applied\n', again.stderr);
      const mode = await s.kubectl(['get', 'cm', 'ssa', '-o', 'jsonpath={.data.mode}']);
      assert.equal(mode.stdout, 'fast');
    });

    it('an unknown resource is kubectl’s own error', async () => {
      const r = await s.kubectl(['get', 'foos']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, 'error: the server doesn\'t have a resource type "foos"\n');
    });

    it('strict field validation refuses unknown fields', async () => {
      const bad = POD('busybox:1.36')
        .replace('spec:\n', 'spec:\n  foo: 1\n')
        .replace('name: demo\n', 'name: strict\n');
      const path = file('strict.yaml', bad);
      const r = await s.kubectl(['create', '-f', path]);
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr,
        `Error from server (BadRequest): error when creating "${path}": strict decoding error: unknown field "spec.foo"\n`,
      );
    });
  });
}
