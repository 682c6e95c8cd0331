import type { RuleSet } from '../validate/rule.js';

// Placeholder while the API validation rules are written (issue 2); replaced by api/validate-pod.ts.
export const apiRuleSet: RuleSet = { rules: [], check: () => [] };
