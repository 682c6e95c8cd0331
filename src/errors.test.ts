import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createError, errorMessage, ERRORS, SidecarError } from './errors.js';

describe('error catalog', () => {
  it('when the catalog changes then docs/errors.md lists exactly its codes with their exit codes', () => {
    const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
    const documented = new Map(
      [...doc.matchAll(/^\| `(SIDECAR_E_[A-Z_]+)` \| (\d) \|/gm)].map((m) => [m[1]!, Number(m[2])]),
    );
    for (const [code, { exitCode }] of Object.entries(ERRORS)) {
      assert.equal(
        documented.get(code),
        exitCode,
        `${code} must be in docs/errors.md with exit ${String(exitCode)}`,
      );
    }
    for (const code of documented.keys())
      assert.ok(code in ERRORS, `stale code ${code} in docs/errors.md`);
  });

  it('when an error has a location then it is described as file:line:col with the field', () => {
    const e = new SidecarError('SIDECAR_E_SCENARIO', 'must be a duration', {
      file: 's.yaml',
      line: 3,
      column: 5,
      field: 'spec.until',
    });
    assert.equal(e.describe(), 's.yaml:3:5: must be a duration (spec.until)');
    assert.equal(e.exitCode, 2);
    assert.equal(new SidecarError('SIDECAR_E_MIGRATE_VERSION', 'x').exitCode, 1);
  });

  it('when the catalog words an error then docs/errors.md lists the same message', () => {
    const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
    for (const [code, entry] of Object.entries(ERRORS)) {
      if (!('messages' in entry)) continue;
      for (const message of Object.values(entry.messages))
        assert.ok(doc.includes(`| \`${code}\` | \`${message}\` |`), `${code}: ${message}`);
    }
  });

  it('when a catalog message is filled then its %s take the arguments in order', () => {
    assert.equal(
      errorMessage('SIDECAR_E_NO_POD', 'unknown', 'web', 'Pod/a, Pod/b'),
      'no pod or workload named "web" in the input (it has: Pod/a, Pod/b)',
    );
    const e = createError('SIDECAR_E_NO_POD', 'several', [2, 'Pod/a, Pod/b']);
    assert.equal(e.code, 'SIDECAR_E_NO_POD');
    assert.equal(e.exitCode, 2);
    assert.equal(e.message, 'the input holds 2 pods (Pod/a, Pod/b): choose one with --pod');
    assert.equal(
      createError('SIDECAR_E_PARSE', 'syntax', ['bad indentation'], {
        file: 'a.yaml',
        line: 2,
      }).describe(),
      'a.yaml:2: bad indentation',
    );
  });
});
