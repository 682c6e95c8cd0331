import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromText } from '../manifest/load.js';
import { collectConfigSources } from './config-sources.js';
import { ContainerConfigError } from './container-config-error.js';
import { containerEnv } from './env.js';
import { podContext } from './pod-context.js';

const input = fromText(`
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {MODE: fast, LEVEL: "3", bad-key!: x}
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
data: {password: c2VjcmV0}
`);
const sources = collectConfigSources(input.objects);
const spec = {
  containers: [{ name: 'app', resources: { limits: { cpu: '250m', memory: '64Mi' } } }],
};
const ctx = podContext({ name: 'web', labels: { app: 'web' } }, spec, 'web', 'default');

describe('container environment', () => {
  it('when env refers to envFrom and earlier entries then $(VAR) sees them and later entries win', () => {
    const env = containerEnv(
      {
        name: 'app',
        envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }],
        env: [
          { name: 'A', value: 'mode=$(CFG_MODE)' },
          { name: 'B', value: '$(A)/$(C)' },
          { name: 'C', value: 'late' },
          { name: 'CFG_LEVEL', value: '4' },
        ],
      },
      ctx,
      sources,
    );
    assert.equal(env.vars.get('A'), 'mode=fast');
    assert.equal(env.vars.get('B'), 'mode=fast/$(C)');
    assert.equal(env.vars.get('CFG_LEVEL'), '4');
    assert.deepEqual(env.skipped, ['CFG_bad-key!']);
  });
  it('when valueFrom uses fieldRef, resourceFieldRef and secretKeyRef then the local values are given', () => {
    const env = containerEnv(
      {
        name: 'app',
        env: [
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
          { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
          {
            name: 'CPU_M',
            valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } },
          },
          {
            name: 'MEM_MI',
            valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } },
          },
          { name: 'PW', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
        ],
      },
      ctx,
      sources,
    );
    assert.deepEqual(Object.fromEntries(env.vars), {
      POD: 'web',
      APP: 'web',
      IP: '127.0.0.1',
      CPU: '1',
      CPU_M: '250',
      MEM_MI: '64',
      PW: 'secret',
    });
  });
  it('when a configMapKeyRef names a missing key then the container gets CreateContainerConfigError with the kubelet message', () => {
    assert.throws(
      () =>
        containerEnv(
          {
            name: 'app',
            env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'nope' } } }],
          },
          ctx,
          sources,
        ),
      (e: unknown) =>
        e instanceof ContainerConfigError &&
        e.message === "couldn't find key nope in ConfigMap default/cfg",
    );
  });
  it('when an optional reference is missing then the variable is not defined', () => {
    const env = containerEnv(
      {
        name: 'app',
        env: [
          { name: 'X', valueFrom: { secretKeyRef: { name: 'none', key: 'k', optional: true } } },
        ],
      },
      ctx,
      sources,
    );
    assert.equal(env.vars.has('X'), false);
  });
});
