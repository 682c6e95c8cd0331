import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERRORS, SidecarError } from './errors.js';

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
});
