import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  duplicate,
  forbidden,
  invalid,
  notFound,
  notSupported,
  regexError,
  required,
} from './field-error.js';
import { apiRuleSet } from './index.js';
import { allRules } from '../validate/registry.js';

describe('field error bodies', () => {
  it('when each constructor is used then the body reads as apimachinery ErrorBody prints it', () => {
    assert.equal(required(), 'Required value');
    assert.equal(
      required('must specify a handler type'),
      'Required value: must specify a handler type',
    );
    assert.equal(
      forbidden('may not be set for non-init containers'),
      'Forbidden: may not be set for non-init containers',
    );
    assert.equal(invalid('Foo', 'bad'), 'Invalid value: "Foo": bad');
    assert.equal(
      invalid(-3, 'must be greater than or equal to 0'),
      'Invalid value: -3: must be greater than or equal to 0',
    );
    assert.equal(invalid(null, 'x'), 'Invalid value: null: x');
    assert.equal(
      notSupported('Never', ['Always']),
      'Unsupported value: "Never": supported values: "Always"',
    );
    assert.equal(duplicate('app'), 'Duplicate value: "app"');
    assert.equal(notFound('data'), 'Not found: "data"');
  });

  it('when a string has quotes and control characters then it is quoted as Go %q does', () => {
    assert.equal(invalid('a"b\\c\n\u0001', 'x'), 'Invalid value: "a\\"b\\\\c\\n\\x01": x');
  });

  it('when RegexError has two examples then they are joined with the double space Kubernetes prints', () => {
    assert.equal(
      regexError('msg', 're', 'a', 'b'),
      "msg (e.g. 'a',  or 'b', regex used for validation is 're')",
    );
    assert.equal(regexError('msg', 're'), "msg (regex used for validation is 're')");
  });
});

describe('api rule catalog', () => {
  it('when the rules are listed then every api rule has an api- id, an error severity and a doc, and is registered', () => {
    const registered = new Set(allRules().map((r) => r.id));
    assert.ok(apiRuleSet.rules.length >= 15);
    for (const r of apiRuleSet.rules) {
      assert.match(r.id, /^api-[a-z-]+$/);
      assert.equal(r.category, 'api');
      assert.equal(r.severity, 'error');
      assert.ok(r.doc.length > 20, r.id);
      assert.ok(registered.has(r.id), r.id);
    }
  });
});
