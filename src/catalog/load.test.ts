import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SidecarError } from '../errors.js';
import { builtinCatalog, entriesFromSources, loadCatalog } from './load.js';
import { CATALOG_ENTRY_SCHEMA } from './schema.js';

const GOOD = `apiVersion: sidecarctl.io/v1alpha1
kind: CatalogEntry
metadata:
  name: my-agent
spec:
  containers:
    - name: my-agent
      image: example/agent:1.0
`;

function catalogError(text: string): SidecarError {
  try {
    entriesFromSources([{ path: 'entries/bad.yaml', text }]);
  } catch (e) {
    if (e instanceof SidecarError) return e;
    throw e;
  }
  assert.fail('no error');
}

describe('catalog', () => {
  it('when the seed use-case table is read then every row has a built-in entry', () => {
    const names = [...builtinCatalog().entries.keys()];
    for (const n of [
      'fluent-bit',
      'filebeat',
      'envoy',
      'istio-proxy',
      'prometheus-exporter',
      'config-reloader',
      'vault-agent',
      'debug-toolbox',
      'logtail',
      'arms-agent',
    ]) {
      assert.ok(names.includes(n), n);
    }
  });

  it('when the envoy entry is read then it has the seed ports and resources', () => {
    const envoy = builtinCatalog().entries.get('envoy')!;
    const ports = (envoy.containers[0]!['ports'] as { name: string; containerPort: number }[]).map(
      (p) => `${p.name}:${String(p.containerPort)}`,
    );
    assert.deepEqual(ports, ['envoy-outbound:15001', 'envoy-inbound:15006', 'envoy-stats:15090']);
    assert.deepEqual(envoy.resources, {
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { cpu: '200m', memory: '256Mi' },
    });
  });

  it('when a user entry is valid then it joins the catalog', () => {
    const [e] = entriesFromSources([{ path: 'a.yaml', text: GOOD }]);
    assert.equal(e?.name, 'my-agent');
    assert.equal(e?.source, 'a.yaml');
  });

  it('when a user entry gives its product and role then they are kept, and the product defaults to the name', () => {
    const [plain] = entriesFromSources([{ path: 'a.yaml', text: GOOD }]);
    assert.equal(plain?.product, 'my-agent');
    assert.equal(plain?.role, undefined);
    const text = GOOD.replace(
      'spec:\n',
      'spec:\n  product: My Agent\n  role: secret-agent\n  match: {images: [example/agent], command: agent}\n',
    );
    const [e] = entriesFromSources([{ path: 'a.yaml', text }]);
    assert.equal(e?.product, 'My Agent');
    assert.equal(e?.role, 'secret-agent');
    assert.deepEqual(e?.match, { images: ['example/agent'], command: 'agent' });
  });

  it('when an entry has an unknown field then the error names the file, line and field', () => {
    const err = catalogError(GOOD + '  jobpolicy: skip\n');
    assert.equal(err.code, 'SIDECAR_E_CATALOG');
    assert.equal(
      err.describe(),
      'entries/bad.yaml:9:3: invalid catalog entry: unknown field "jobpolicy" (spec.jobpolicy)',
    );
  });

  it('when a container lacks its image then the error points at the container', () => {
    const err = catalogError(GOOD.replace('      image: example/agent:1.0\n', ''));
    assert.equal(err.location.line, 7);
    assert.equal(err.location.field, 'spec.containers[0].image');
  });

  it('when an entry sets restartPolicy itself then it is refused (the mode sets it)', () => {
    const err = catalogError(GOOD + '      restartPolicy: Always\n');
    assert.equal(err.location.field, 'spec.containers[0].restartPolicy');
    assert.equal(err.location.line, 9);
  });

  it('when the example entry folder is loaded then its entry is there', () => {
    assert.ok(loadCatalog(['examples/inject/catalog']).entries.has('otel-collector'));
  });

  it('when the shipped JSON Schema is read then it is the schema the loader uses', () => {
    const shipped: unknown = JSON.parse(
      readFileSync(new URL('../../schemas/catalog-entry.schema.json', import.meta.url), 'utf8'),
    );
    assert.deepEqual(shipped, JSON.parse(JSON.stringify(CATALOG_ENTRY_SCHEMA)));
  });
});

describe('catalog entry containers are Kubernetes containers', () => {
  it('when an entry container has a misspelt field then it is rejected at its file:line:col', () => {
    const e = catalogError(`${GOOD}      resoures:\n        limits: {memory: 64Mi}\n`);
    assert.equal(e.code, 'SIDECAR_E_CATALOG');
    assert.match(e.message, /unknown field "resoures"/);
    assert.deepEqual(
      [e.location.file, e.location.line, e.location.field],
      ['entries/bad.yaml', 9, 'spec.containers[0].resoures'],
    );
  });

  it('when a misspelt field sits in resources, env, ports or volumeMounts then it is rejected too', () => {
    for (const [text, field] of [
      ['      resources: {limit: {cpu: 1}}\n', 'spec.containers[0].resources.limit'],
      ['      env: [{name: A, vaule: b}]\n', 'spec.containers[0].env[0].vaule'],
      ['      ports: [{containerport: 80}]\n', 'spec.containers[0].ports[0].containerport'],
      [
        '      volumeMounts: [{name: v, mountpath: /x}]\n',
        'spec.containers[0].volumeMounts[0].mountpath',
      ],
    ] as const) {
      assert.equal(catalogError(`${GOOD}${text}`).location.field, field, field);
    }
  });

  it('when the built-in entries are read then every container has only Container fields', async () => {
    const { schemaProblems } = await import('../manifest/schema-check.js');
    const containerSchema = (
      CATALOG_ENTRY_SCHEMA.properties.spec.properties.containers as { items: object }
    ).items;
    for (const entry of builtinCatalog().entries.values()) {
      for (const c of entry.containers) {
        assert.deepEqual(
          schemaProblems(c, containerSchema),
          [],
          `${entry.name}/${String(c['name'])}`,
        );
      }
    }
  });
});
