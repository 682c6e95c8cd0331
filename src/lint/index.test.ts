import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../validate/registry.js';
import { lintRuleSets } from './index.js';

describe('the lint rule catalog', () => {
  const rules = lintRuleSets.flatMap((s) => s.rules);

  it('when rules are listed then each id is kebab-case, unique among all rules, and documented in one line', () => {
    const ids = allRules().map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
    for (const r of rules) {
      assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, r.id);
      assert.ok(r.doc.length > 20 && !r.doc.includes('\n'), `${r.id} has a one-line doc`);
      assert.ok(
        ['compat', 'lifecycle', 'practice'].includes(r.category),
        `${r.id} is a lint category`,
      );
    }
  });

  it('when categories are checked then practice rules are warnings and compat rules are never info', () => {
    for (const r of rules.filter((x) => x.category === 'practice'))
      assert.equal(r.severity, 'warning', r.id);
    for (const r of rules.filter((x) => x.category === 'compat'))
      assert.notEqual(r.severity, 'info', r.id);
  });
});
