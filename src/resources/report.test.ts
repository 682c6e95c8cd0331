import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fromText } from '../manifest/load.js';
import { resolveVersion } from '../model/versions.js';
import { formatResourcesJson, formatResourcesText, resourcesReport } from './report.js';

const INPUT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      initContainers:
      - name: proxy
        image: envoyproxy/envoy:v1.28.0
        restartPolicy: Always
        resources: {requests: {cpu: 50m, memory: 64Mi}, limits: {cpu: 200m, memory: 256Mi}}
      containers:
      - name: app
        image: myapp:v1
        resources: {requests: {cpu: 750m, memory: 128Mi}, limits: {memory: 512Mi}}
---
apiVersion: v1
kind: Service
metadata: {name: web}
`;

describe('resources report', () => {
  it('when printed as JSON then it has exactly the contract keys and leaves out other kinds', () => {
    const { report } = resourcesReport(fromText(INPUT, 'web.yaml'), resolveVersion('1.33'));
    const json = JSON.parse(formatResourcesJson(report)) as { objects: Record<string, unknown>[] };
    assert.equal(json.objects.length, 1);
    assert.deepEqual(Object.keys(json.objects[0]!), [
      'file',
      'index',
      'kind',
      'namespace',
      'name',
      'requests',
      'limits',
      'containers',
    ]);
    assert.deepEqual(json.objects[0]!['requests'], { cpu: '800m', memory: '192Mi' });
    assert.deepEqual(json.objects[0]!['limits'], { cpu: '200m', memory: '768Mi' });
    assert.deepEqual(json.objects[0]!['containers'], [
      {
        name: 'proxy',
        kind: 'sidecar',
        requests: { cpu: '50m', memory: '64Mi' },
        limits: { cpu: '200m', memory: '256Mi' },
      },
      {
        name: 'app',
        kind: 'regular',
        requests: { cpu: '750m', memory: '128Mi' },
        limits: { memory: '512Mi' },
      },
    ]);
  });

  it('when printed as text then each container is a row and the pod totals come last', () => {
    const { report } = resourcesReport(fromText(INPUT, 'web.yaml'), resolveVersion('1.33'));
    const lines = formatResourcesText(report).split('\n');
    assert.equal(lines[0], 'web.yaml: Deployment shop/web (Kubernetes 1.33)');
    assert.match(
      lines[1]!,
      /^CONTAINER\s+TYPE\s+CPU REQUEST\s+CPU LIMIT\s+MEMORY REQUEST\s+MEMORY LIMIT$/,
    );
    assert.match(lines[2]!, /^proxy\s+sidecar\s+50m\s+200m\s+64Mi\s+256Mi$/);
    assert.match(lines[4]!, /^POD\s+effective\s+800m\s+200m\s+192Mi\s+768Mi$/);
    assert.equal(lines[5], 'Requests: cpu=800m, memory=192Mi');
    assert.match(lines[7]!, /not every container limits cpu/);
  });

  it('when a document is malformed then it is skipped with its position and the others are reported', () => {
    const { report, skipped } = resourcesReport(
      fromText(`${INPUT}---\nkind: [\n`, 'web.yaml'),
      resolveVersion('1.33'),
    );
    assert.equal(report.objects.length, 1);
    assert.equal(skipped.length, 1);
    assert.equal(skipped[0]!.file, 'web.yaml');
  });

  it('when the CLI is given an unreadable path then it exits 2 with one line and no stack trace', () => {
    const main = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', main, 'resources', '/nonexistent/x.yaml'],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 2);
    assert.equal(
      r.stderr,
      'sidecarctl: cannot read /nonexistent/x.yaml: no such file or directory\n',
    );
    const ok = spawnSync(
      process.execPath,
      ['--import', 'tsx', main, 'resources', '-o', 'json', '-'],
      { input: INPUT, encoding: 'utf8' },
    );
    assert.equal(ok.status, 0);
    assert.equal((JSON.parse(ok.stdout) as { objects: unknown[] }).objects.length, 1);
  });
  it('when resources are named like Object.prototype members then they are plain resource names', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '    - name: a',
      '      resources:',
      '        requests: {valueOf: 1, toString: 2, constructor: 3, __proto__: 4, hasOwnProperty: 5}',
      '        limits: {valueOf: 1}',
      '    - name: b',
      '      resources: {requests: {valueOf: 2, __proto__: 1}}',
      '',
    ].join('\n');
    const { report } = resourcesReport(fromText(text), resolveVersion('1.33'));
    const pod = report.objects[0]!;
    assert.equal(Object.getPrototypeOf(pod.requests), Object.prototype);
    assert.deepEqual(Object.entries(pod.requests).sort(), [
      ['__proto__', '5'],
      ['constructor', '3'],
      ['hasOwnProperty', '5'],
      ['toString', '2'],
      ['valueOf', '3'],
    ]);
    assert.equal(JSON.parse(formatResourcesJson(report)).objects[0].requests.valueOf, '3');
    assert.match(formatResourcesText(report), /^Requests: .*valueOf=3/m);
  });

  it('when a name holds terminal control characters then the text output shows them escaped', () => {
    const text =
      'kind: Pod\nmetadata: {name: "p\\e[31m"}\nspec: {containers: [{name: "a\\e]0;t\\a"}]}\n';
    const { report } = resourcesReport(fromText(text), resolveVersion('1.33'));
    const out = formatResourcesText(report);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(out, /[\u0000-\u0009\u000b-\u001f]/);
    assert.match(out, /default\/p\\x1b\[31m/);
    assert.match(out, /^a\\x1b\]0;t\\x07 /m);
  });
});
