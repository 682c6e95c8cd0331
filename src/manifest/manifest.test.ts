import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SidecarError } from '../errors.js';
import { formatPath, parsePath } from './field-path.js';
import { fromSources, fromText, loadInputs } from './load.js';
import { locateField } from './objects.js';
import { podTemplateOf } from './pod-templates.js';

const POD = `# a comment
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  initContainers:
    - name: proxy
      image: envoy
      restartPolicy: Always
  containers:
    - name: app
      image: app:1
`;

describe('manifest reading', () => {
  it('when a field path is given then it maps to the line and column of its key', () => {
    const { objects } = fromText(POD, 'pod.yaml');
    const pod = objects[0]!;
    assert.equal(pod.kind, 'Pod');
    assert.equal(pod.namespace, 'shop');
    assert.deepEqual(locateField(pod, 'spec.initContainers[0].restartPolicy'), {
      line: 11,
      column: 7,
    });
    assert.deepEqual(locateField(pod, 'spec.containers[0]'), { line: 13, column: 7 });
    // A missing field points at its nearest existing parent.
    assert.deepEqual(locateField(pod, 'spec.containers[0].resources.limits'), {
      line: 13,
      column: 7,
    });
  });

  it('when each pod-bearing kind is read then its pod spec path is found', () => {
    const kinds: [string, string, string][] = [
      ['Pod', 'spec: {containers: []}', 'spec'],
      ['Deployment', 'spec: {template: {spec: {containers: []}}}', 'spec.template.spec'],
      ['StatefulSet', 'spec: {template: {spec: {}}}', 'spec.template.spec'],
      ['DaemonSet', 'spec: {template: {spec: {}}}', 'spec.template.spec'],
      ['ReplicaSet', 'spec: {template: {spec: {}}}', 'spec.template.spec'],
      ['ReplicationController', 'spec: {template: {spec: {}}}', 'spec.template.spec'],
      ['Job', 'spec: {template: {spec: {}}}', 'spec.template.spec'],
      ['PodTemplate', 'template: {spec: {}}', 'template.spec'],
      [
        'CronJob',
        'spec: {jobTemplate: {spec: {template: {spec: {}}}}}',
        'spec.jobTemplate.spec.template.spec',
      ],
    ];
    for (const [kind, body, path] of kinds) {
      const { objects } = fromText(`kind: ${kind}\nmetadata: {name: x}\n${body}\n`);
      const t = podTemplateOf(objects[0]!);
      assert.equal(t?.specField, path, kind);
      assert.equal(t.isJob, kind === 'Job' || kind === 'CronJob', kind);
    }
    const cm = fromText('kind: ConfigMap\nmetadata: {name: x}\n').objects[0]!;
    assert.equal(podTemplateOf(cm), null);
  });

  it('when a stream has several documents and a List then every object is found with its position', () => {
    const text = `kind: ConfigMap
metadata: {name: a}
---
apiVersion: v1
kind: List
items:
  - kind: Pod
    metadata: {name: p1}
    spec: {containers: [{name: c, image: i}]}
  - kind: Job
    metadata: {name: j1}
`;
    const { objects } = fromText(text);
    assert.deepEqual(
      objects.map((o) => [o.kind, o.name, o.document.index, o.item]),
      [
        ['ConfigMap', 'a', 0, undefined],
        ['Pod', 'p1', 1, 0],
        ['Job', 'j1', 1, 1],
      ],
    );
    assert.deepEqual(locateField(objects[1]!, 'spec.containers[0].image'), { line: 9, column: 35 });
  });

  it('when the input is JSON then positions are kept too', () => {
    const json =
      '{\n  "kind": "Pod",\n  "metadata": {"name": "j"},\n  "spec": {\n    "containers": [{"name": "c"}]\n  }\n}\n';
    const { objects } = fromText(json, 'pod.json');
    assert.equal(objects[0]!.name, 'j');
    assert.deepEqual(locateField(objects[0]!, 'spec.containers[0].name'), { line: 5, column: 21 });
  });

  it('when YAML 1.1 scalars are used then they read as kubectl would send them', () => {
    const { objects } = fromText('kind: Pod\nmetadata: {name: x}\nspec: {a: yes, mode: 0644}\n');
    const spec = podTemplateOf(objects[0]!)!.spec as Record<string, unknown>;
    assert.equal(spec['a'], true);
    assert.equal(spec['mode'], 420);
  });

  it('when a document is malformed then it carries a syntax problem at its line and the others are still read', () => {
    const { documents, objects } = fromText(
      'kind: Pod\nmetadata: {name: ok}\n---\nkind: [\n---\nkind: Job\nmetadata: {name: j}\n',
    );
    assert.equal(documents.length, 3);
    assert.ok(documents[1]!.error);
    assert.equal(documents[1]!.error.line >= 4, true);
    assert.deepEqual(
      objects.map((o) => o.name),
      ['ok', 'j'],
    );
  });

  it('when the input is hostile then it becomes an error, never a throw', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`,
      );
    const deep = '['.repeat(20000) + ']'.repeat(20000);
    const cases = [
      fromText(bomb.join('\n')),
      fromText(deep),
      fromSources([
        { path: 'bin', text: '', unreadable: 'binary file (contains NUL bytes), not a manifest' },
      ]),
      fromText('kind: Pod\nmetadata: {name: x}\nmetadata: {name: y}\n'),
    ];
    for (const c of cases) {
      assert.equal(c.documents.length >= 1, true);
      assert.ok(c.documents.some((d) => d.error !== undefined));
    }
  });

  it('when an alias names a node that contains it then the document is a syntax error at the alias', () => {
    const { documents, objects } = fromText(
      'kind: Pod\nmetadata: {name: p}\nspec: &a\n  containers:\n    - name: app\n      x: *a\n',
    );
    assert.equal(objects.length, 0);
    assert.match(documents[0]!.error!.message, /alias \*a .*recursive/);
    assert.deepEqual([documents[0]!.error!.line, documents[0]!.error!.column], [6, 10]);
  });

  it('when nesting is beyond MAX_DEPTH (also through aliases) then it is "nested too deeply" at its line', () => {
    const deep = (n: number): string => `kind: Pod\nspec:\n  x: ${'['.repeat(n)}${']'.repeat(n)}\n`;
    for (const n of [300, 900, 5000]) {
      const { documents } = fromText(deep(n));
      assert.match(documents[0]!.error!.message, /^document is nested too deeply/, `depth ${n}`);
      assert.equal(documents[0]!.error!.line, 3);
    }
    assert.equal(fromText(deep(200)).documents[0]!.error, undefined);
    const chain = ['a0: &a0 [' + '['.repeat(100) + ']'.repeat(100) + ']'];
    for (let i = 1; i < 4; i++)
      chain.push(`a${i}: &a${i} ${'['.repeat(100)}*a${i - 1}${']'.repeat(100)}`);
    const { documents } = fromText(chain.join('\n'));
    assert.match(documents[0]!.error!.message, /nested too deeply .*through alias \*a\d/);
  });

  it('when a mapping key is a collection then it is a syntax error, and no warning reaches stderr', () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const { documents } = fromText('kind: Pod\nmetadata:\n  labels:\n    ? [a, b]\n    : c\n');
      assert.match(documents[0]!.error!.message, /mapping key is a sequence or mapping/);
      assert.equal(documents[0]!.error!.line, 4);
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(warnings, []);
  });

  it('when a scalar is !!binary or a YAML 1.1 timestamp then it reads as the string kubectl sends', () => {
    const { objects } = fromText(
      'kind: Pod\nmetadata: {name: !!binary cA==, creationTimestamp: 2020-01-01}\nspec: {a: !!set {x}}\n',
    );
    assert.equal(objects[0]!.name, 'p');
    const md = objects[0]!.value['metadata'] as Record<string, unknown>;
    assert.equal(md['creationTimestamp'], '2020-01-01');
    assert.deepEqual(objects[0]!.value['spec'], { a: { x: null } });
  });

  it('when a folder is given then yaml, yml and json files are read recursively in order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidecarctl-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'b.yaml'), 'kind: Pod\n');
    writeFileSync(join(dir, 'sub', 'a.yml'), 'kind: Pod\n');
    writeFileSync(join(dir, 'c.json'), '{"kind": "Pod"}');
    writeFileSync(join(dir, 'notes.txt'), 'x');
    writeFileSync(join(dir, 'bin.yaml'), Buffer.from([0x6b, 0x00, 0x01]));
    const { sources } = loadInputs([dir]);
    assert.deepEqual(
      sources.map((s) => s.path.slice(dir.length + 1)),
      ['b.yaml', 'bin.yaml', 'c.json', 'sub/a.yml'],
    );
    assert.match(sources[1]!.unreadable ?? '', /binary/);
    assert.equal(loadInputs(['-'], () => 'kind: Pod\n').sources[0]!.path, '-');
    assert.throws(
      () => loadInputs([join(dir, 'missing.yaml')]),
      (e: unknown) => e instanceof SidecarError && e.exitCode === 2,
    );
  });

  it('when paths are parsed and formatted then they round-trip in the API server notation', () => {
    const p = 'spec.template.spec.initContainers[0].restartPolicy';
    assert.deepEqual(parsePath(p), [
      'spec',
      'template',
      'spec',
      'initContainers',
      0,
      'restartPolicy',
    ]);
    assert.equal(formatPath(parsePath(p)), p);
    assert.deepEqual(parsePath('metadata.annotations[sidecar.istio.io/inject]'), [
      'metadata',
      'annotations',
      'sidecar.istio.io/inject',
    ]);
  });
});
