import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { builtinCatalog } from '../catalog/load.js';
import { injectObject } from '../inject/inject.js';
import { fromText } from '../manifest/load.js';
import type { ManifestObject } from '../manifest/objects.js';
import { migrateObject } from '../migrate/migrate.js';
import { resolveVersion } from '../model/versions.js';
import { rewriteInput } from './rewrite-files.js';
import { rewriteParses } from './rewrite-parses.js';

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

/** The re-parses (count, characters, largest text) one rewrite of `text` makes. */
function parsesOf(text: string, t: Transform): { calls: number; chars: number } {
  const before = { ...rewriteParses };
  rewriteInput(fromText(text, 'big.yaml'), t);
  return { calls: rewriteParses.calls - before.calls, chars: rewriteParses.chars - before.chars };
}

describe('rewriteInput parses a bounded amount per document', () => {
  const file = (n: number): string => Array.from({ length: n }, (_, i) => doc(i)).join('---\n');
  for (const [name, t] of [
    ['inject', inject],
    ['migrate', migrate],
  ] as const) {
    it(`when ${name} rewrites twice the documents then it parses twice as often and twice the text`, () => {
      const small = parsesOf(file(100), t);
      const big = parsesOf(file(200), t);
      assert.ok(small.calls > 0);
      assert.equal(big.calls, 2 * small.calls);
      // Only each document's own text is parsed again, never the file (the names grow a little).
      assert.ok(
        big.chars <= 2.1 * small.chars,
        `${String(big.chars)} > 2.1 x ${String(small.chars)}`,
      );
    });
  }

  it("when inject adds its keys then a document is parsed once, for the check (the edit uses the load's parse)", () => {
    const deployment = doc(0);
    assert.equal(parsesOf(deployment, inject).calls, 1);
  });

  it('when a document has a date-like scalar then its edit parses it again (the load reads dates as strings)', () => {
    const deployment = doc(0).replace('myapp:v0', '"2024-01-01"');
    assert.equal(parsesOf(deployment, inject).calls, 2);
  });

  it('when migrate moves two sidecars then the edit re-parses once, between the moves and the adds into the moved items', () => {
    const pod = doc(1);
    const patch = migrateObject(fromText(pod).objects[0]!.value, catalog, { version }).patch;
    assert.ok(patch.length >= 6, `the patch has ${String(patch.length)} operations`);
    // initContainers and the 2 moves into it on the load's parse (yaml-text-move-run.ts), one
    // parse for the 3 adds into the moved items and the annotation on the flow map beside them
    // (yaml-text-beside-run.ts), then the check: 2 parses (5 before, 8+ one at a time).
    assert.equal(parsesOf(pod, migrate).calls, 2);
  });
});
