import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContainerConfigError } from '../container-config-error.js';
import { commandOf, engineContainerSpec, pullPolicyOf } from './container-spec.js';
import { DOCKER, PODMAN } from './flavors.js';
import { runArgs } from './oci-cli.js';

const vars = new Map([['GREETING', 'hi']]);

test('command replaces the entrypoint and the CMD; args alone keep the entrypoint', () => {
  assert.deepEqual(commandOf({ command: ['sh', '-c', 'echo $(GREETING)'] }, vars), {
    entrypoint: ['sh', '-c', 'echo hi'],
    args: [],
  });
  assert.deepEqual(commandOf({ args: ['--v=$(GREETING)'] }, vars), {
    entrypoint: null,
    args: ['--v=hi'],
  });
  assert.deepEqual(commandOf({ command: ['a'], args: ['b'] }, vars), {
    entrypoint: ['a'],
    args: ['b'],
  });
  assert.deepEqual(commandOf({}, vars), { entrypoint: null, args: null });
});

test('imagePullPolicy defaults as the API does: Always for :latest or no tag', () => {
  assert.equal(pullPolicyOf({ image: 'nginx' }), 'Always');
  assert.equal(pullPolicyOf({ image: 'nginx:latest' }), 'Always');
  assert.equal(pullPolicyOf({ image: 'localhost:5000/nginx' }), 'Always');
  assert.equal(pullPolicyOf({ image: 'localhost:5000/nginx:1.25' }), 'IfNotPresent');
  assert.equal(pullPolicyOf({ image: 'nginx@sha256:abc' }), 'IfNotPresent');
  assert.equal(pullPolicyOf({ image: 'nginx', imagePullPolicy: 'Never' }), 'Never');
});

const base = {
  name: 'p-c-0',
  podSpec: { securityContext: { runAsUser: 1000, runAsGroup: 3000 } },
  vars,
  mounts: [{ source: '/state/v', target: '/data', readOnly: true }],
  labels: { 'io.sidecarctl.run': 'r1' },
  allowPrivileged: false,
};

test('the engine start carries securityContext (container over pod), limits, stdin/tty', () => {
  const s = engineContainerSpec({
    ...base,
    container: {
      image: 'img:1',
      command: ['sleep', '9'],
      workingDir: '/w',
      stdin: true,
      tty: true,
      securityContext: {
        runAsUser: 10,
        readOnlyRootFilesystem: true,
        capabilities: { add: ['net_admin'], drop: ['ALL'] },
      },
      resources: { limits: { memory: '64Mi', cpu: '250m' } },
    },
  });
  assert.equal(s.user, '10:3000');
  assert.equal(s.memoryBytes, 64 * 1024 * 1024);
  assert.equal(s.cpus, '0.25');
  assert.deepEqual(runArgs(PODMAN, { name: 'pod1', joinArgs: [] }, s), [
    'run',
    '-d',
    '--name',
    'p-c-0',
    '--pod',
    'pod1',
    '--label',
    'io.sidecarctl.run=r1',
    '--entrypoint',
    '["sleep","9"]',
    '--env',
    'GREETING=hi',
    '--workdir',
    '/w',
    '--mount',
    'type=bind,source=/state/v,destination=/data,ro=true',
    '--user',
    '10:3000',
    '--read-only',
    '--cap-add',
    'NET_ADMIN',
    '--cap-drop',
    'ALL',
    '--memory',
    '67108864',
    '--memory-swap',
    '67108864',
    '--cpus',
    '0.25',
    '--interactive',
    '--tty',
    'img:1',
  ]);
});

test('docker joins the infra container namespaces; the image CMD stays without command/args', () => {
  const s = engineContainerSpec({ ...base, podSpec: {}, container: { image: 'img:1' } });
  const a = runArgs(DOCKER, { name: 'pod1', joinArgs: [] }, s);
  assert.deepEqual(a.slice(4, 8), [
    '--network',
    'container:pod1-infra',
    '--ipc',
    'container:pod1-infra',
  ]);
  assert.equal(a.includes('--entrypoint'), false);
  assert.equal(a.at(-1), 'img:1');
});

test('a privileged container is refused unless allowed', () => {
  const container = { image: 'img:1', securityContext: { privileged: true } };
  assert.throws(() => engineContainerSpec({ ...base, container }), ContainerConfigError);
  assert.equal(engineContainerSpec({ ...base, container, allowPrivileged: true }).privileged, true);
});

test('podman writes the CRI log to the start log file itself (k8s-file); docker cannot', () => {
  const s = engineContainerSpec({
    ...base,
    container: { image: 'img:1' },
    logPath: '/state/logs/c/0.log',
  });
  const p = runArgs(PODMAN, { name: 'pod1', joinArgs: [] }, s);
  const at = p.indexOf('--log-driver');
  assert.deepEqual(p.slice(at, at + 4), [
    '--log-driver',
    'k8s-file',
    '--log-opt',
    'path=/state/logs/c/0.log',
  ]);
  assert.ok(at < p.indexOf('img:1'));
  assert.equal(runArgs(DOCKER, { name: 'pod1', joinArgs: [] }, s).includes('--log-driver'), false);
});
