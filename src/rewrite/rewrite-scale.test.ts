import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { builtinCatalog } from '../catalog/load.js';
import { injectObject } from '../inject/inject.js';
import { fromText } from '../manifest/load.js';
import type { ManifestObject } from '../manifest/objects.js';
import { migrateObject } from '../migrate/migrate.js';
import { resolveVersion } from '../model/versions.js';
import { rewriteInput } from './rewrite-files.js';

const catalog = builtinCatalog();
const version = resolveVersion('1.33');

/** A few shapes of document, so that the big file mixes edited and untouched ones. */
function doc(i: number): string {
  const n = String(i);
  switch (i % 5) {
    case 0:
      return `# deployment ${n}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${n}\nspec:\n  template:\n    metadata:\n      annotations:\n        sidecarctl.io/inject: "envoy"  # ask\n    spec:\n      containers:\n        - name: app\n          image: myapp:v${n}\n`;
    case 1:
      return `apiVersion: v1\nkind: Pod\nmetadata: {name: p-${n}}\nspec:\n  containers:\n  - name: app\n    image: myapp:v1\n  - name: log-shipper\n    image: fluent/fluent-bit:3.1.9\n  - name: proxy\n    image: envoyproxy/envoy:v1.28.0\n    readinessProbe: {httpGet: {path: /ready, port: 15090}}\n`;
    case 2:
      return `kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: c-${n}\ndata:\n  a: "1"\n`;
    case 3:
      return `kind: List\napiVersion: v1\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: l-${n}\n      annotations: {sidecarctl.io/inject: fluent-bit}\n    spec:\n      containers:\n        - {name: app, image: "a:1"}\n`;
    default:
      return `apiVersion: batch/v1\nkind: Job\nmetadata:\n    name: j-${n}\nspec:\n    template:\n        metadata:\n            annotations:\n                sidecarctl.io/inject: vault-agent\n        spec:\n            restartPolicy: Never\n            containers:\n            -   name: app\n                image: job:1\n`;
  }
}

type Transform = (o: ManifestObject) => {
  patch: ReturnType<typeof injectObject>['patch'];
  result: null;
};

const inject: Transform = (o) => ({
  patch: injectObject(o.value, catalog, { version }).patch,
  result: null,
});
const migrate: Transform = (o) => ({
  patch: migrateObject(o.value, catalog, { version }).patch,
  result: null,
});

function alone(docs: readonly string[], t: Transform): string {
  return docs.map((d) => rewriteInput(fromText(d), t).files[0]!.after).join('---\n');
}

describe('rewriteInput at scale', () => {
  const docs = Array.from({ length: 2000 }, (_, i) => doc(i));
  const text = docs.join('---\n');
  for (const [name, t] of [
    ['inject', inject],
    ['migrate', migrate],
  ] as const) {
    it(`when 2,000 documents are rewritten by ${name} in one file then the output is each document rewritten alone`, () => {
      const whole = rewriteInput(fromText(text, 'big.yaml'), t).files[0]!.after;
      const each = alone(docs, t);
      assert.notEqual(whole, text);
      assert.equal(whole, each);
    });
  }
});
