import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOG_ENTRY_SCHEMA } from '../catalog/schema.js';
import { isSidecarError, type SidecarError } from '../errors.js';
import { checkAgainstSchema, firstSchemaProblem, schemaProblems } from './schema-check.js';
import { parseSource } from './parse.js';

const ENTRY = `apiVersion: sidecarctl.io/v1alpha1
kind: CatalogEntry
metadata:
  name: my-agent
spec:
  containers:
    - name: my-agent
      image: example/agent:1.0
`;

/** The catalog's check, as catalog/load.ts words it. */
function catalogError(text: string): SidecarError {
  const doc = parseSource({ path: 'entries/bad.yaml', text })[0]!;
  try {
    checkAgainstSchema(doc.value, CATALOG_ENTRY_SCHEMA, {
      code: 'SIDECAR_E_CATALOG',
      what: 'invalid catalog entry',
      document: doc,
    });
  } catch (e) {
    assert.ok(isSidecarError(e));
    return e;
  }
  assert.fail('the value was accepted');
}

describe('schema-check', () => {
  it('when a value is valid then there is no problem and checking does not throw', () => {
    const doc = parseSource({ path: 'a.yaml', text: ENTRY })[0]!;
    assert.deepEqual(schemaProblems(doc.value, CATALOG_ENTRY_SCHEMA), []);
    checkAgainstSchema(doc.value, CATALOG_ENTRY_SCHEMA, { code: 'SIDECAR_E_CATALOG', what: 'x' });
  });

  it('when a field is unknown then the error names the file, line, column and field', () => {
    const err = catalogError(ENTRY + '  jobpolicy: skip\n');
    assert.equal(err.code, 'SIDECAR_E_CATALOG');
    assert.equal(
      err.describe(),
      'entries/bad.yaml:9:3: invalid catalog entry: unknown field "jobpolicy" (spec.jobpolicy)',
    );
  });

  it('when a required field is missing then the error points at its parent, naming the field', () => {
    const err = catalogError(ENTRY.replace('      image: example/agent:1.0\n', ''));
    assert.equal(err.location.line, 7);
    assert.equal(err.location.field, 'spec.containers[0].image');
    assert.equal(err.message, 'invalid catalog entry: missing required field "image"');
  });

  it('when a forbidden field is set then it is refused where it is written', () => {
    const err = catalogError(ENTRY + '      restartPolicy: Always\n');
    assert.equal(err.location.field, 'spec.containers[0].restartPolicy');
    assert.equal(err.location.line, 9);
    assert.equal(err.message, 'invalid catalog entry: must not be set');
  });

  it('when the document itself is wrong then the field is (root)', () => {
    const err = catalogError('- 1\n');
    assert.equal(err.location.field, '(root)');
    assert.equal(err.location.line, 1);
  });

  it('when there is no document then the error has the field but no position', () => {
    assert.throws(
      () =>
        checkAgainstSchema({ kind: 'CatalogEntry' }, CATALOG_ENTRY_SCHEMA, {
          code: 'SIDECAR_E_CATALOG',
          what: 'invalid catalog entry',
        }),
      (e: unknown) =>
        isSidecarError(e) &&
        e.location.line === undefined &&
        e.location.file === undefined &&
        e.location.field === 'apiVersion',
    );
  });

  it('when a path crosses lists and maps then list indexes are numbers and map keys stay strings', () => {
    const schema = {
      type: 'object',
      additionalProperties: { type: 'array', items: { type: 'string' } },
    };
    const p = firstSchemaProblem({ '0': ['a', 1], 'a/b': [] }, schema);
    assert.deepEqual(p?.path, ['0', 1]);
    assert.equal(p?.keyword, 'type');
    const q = firstSchemaProblem({ 'a/b~c': [2] }, schema);
    assert.deepEqual(q?.path, ['a/b~c', 0]);
  });
});
