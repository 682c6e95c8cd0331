import { apiRuleSet } from '../api/index.js';
import { lintRuleSets } from '../lint/index.js';
import { SidecarError } from '../errors.js';
import type { RuleMeta, RuleSet } from '../rules/rule.js';

/** The syntax rule is not a check of a template: it comes from parsing. */
export const SYNTAX_RULE: RuleMeta = {
  id: 'yaml-syntax',
  category: 'syntax',
  severity: 'error',
  doc: 'The document is not valid YAML or JSON (or the file is binary or too large).',
  example: 'metadata:\n  name: {{ .Release.Name }}   # an unrendered Helm template',
  fix: 'correct the YAML at the line and column given; render templates first (helm template ...)',
};

/** Every rule set, API first. */
export function allRuleSets(): readonly RuleSet[] {
  return [apiRuleSet, ...lintRuleSets];
}

/** Every rule, with the syntax rule first. */
export function allRules(): readonly RuleMeta[] {
  return [SYNTAX_RULE, ...allRuleSets().flatMap((s) => s.rules)];
}

/**
 * The set of enabled rule ids after `--enable`/`--disable` (each a list of ids, or a category
 * name such as `practice`, or `all`).
 * @throws SidecarError SIDECAR_E_RULE for a name that is no rule or category
 */
export function enabledRules(
  enable: readonly string[] = [],
  disable: readonly string[] = [],
): Set<string> {
  const rules = allRules();
  const byName = (name: string): RuleMeta[] => {
    if (name === 'all') return [...rules];
    const inCategory = rules.filter((r) => r.category === name);
    if (inCategory.length > 0) return inCategory;
    const rule = rules.find((r) => r.id === name);
    if (rule === undefined) {
      throw new SidecarError(
        'SIDECAR_E_RULE',
        `unknown rule "${name}" (see sidecarctl validate --list-rules)`,
      );
    }
    return [rule];
  };
  const on = new Set(rules.filter((r) => r.enabledByDefault !== false).map((r) => r.id));
  for (const name of enable) for (const r of byName(name)) on.add(r.id);
  for (const name of disable) for (const r of byName(name)) on.delete(r.id);
  return on;
}
