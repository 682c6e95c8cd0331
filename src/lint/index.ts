import type { RuleSet } from '../validate/rule.js';

// Placeholder while the lint rules are written (issue 2).
export const lintRuleSets: readonly RuleSet[] = [];
