import type { RuleSet } from '../rules/rule.js';
import { API_RULES } from './rules.js';
import { validatePodTemplate } from './validate-pod.js';

/**
 * The `api` category: what the kube-apiserver of the context's version rejects in a pod template,
 * with Kubernetes' own field paths and messages (see validate-pod.ts).
 */
export const apiRuleSet: RuleSet = { rules: API_RULES, check: validatePodTemplate };

export { API_RULES, type ApiRuleId } from './rules.js';
export { validatePodTemplate } from './validate-pod.js';
