/**
 * `sidecarctl explain RULE`: a rule of the catalog (validate/registry.ts) explained from its
 * META: what it finds and why, an example, and the fix. Rules that carry `why`, `example` and
 * `fix` (rule.ts RuleMeta) show them; the others show their one-line doc, their category's
 * reason and fix, and how to turn them off.
 */
import { SidecarError } from '../errors.js';
import type { Category } from './diagnostic.js';
import type { RuleMeta } from './rule.js';

const CATEGORY: Record<Category, { why: string; fix: string }> = {
  syntax: {
    why: 'the document cannot be read, so nothing in it can be checked or applied',
    fix: 'correct the YAML at the position given (render templates first: helm template ...)',
  },
  api: {
    why: 'the kube-apiserver of the chosen version rejects the object: kubectl apply fails',
    fix: 'change the field as the message says, or choose the --k8s-version the cluster runs',
  },
  compat: {
    why: 'the API server accepts the object, but on this version it does not work as written',
    fix: 'use a version (or feature gate) that has the feature, or write it the old way',
  },
  lifecycle: {
    why: 'the pod is accepted but its lifecycle goes wrong (never starts, never completes, ...)',
    fix: 'change the containers as the message says; sidecarctl simulate shows the lifecycle',
  },
  practice: {
    why: 'a sidecar best practice: the pod works, but is fragile or costly',
    fix: 'follow the message, or --disable the rule if it does not apply to you',
  },
};

/** The text of `explain RULE`. @throws SidecarError SIDECAR_E_RULE for an unknown rule */
export function explainRule(rules: readonly RuleMeta[], id: string): string {
  const rule = rules.find((r) => r.id === id);
  if (rule === undefined) {
    const near = rules.filter((r) => r.id.includes(id) || id.includes(r.id)).map((r) => r.id);
    throw new SidecarError(
      'SIDECAR_E_RULE',
      `unknown rule "${id}"${near.length > 0 ? ` (did you mean ${near.slice(0, 3).join(', ')}?)` : ''}: see validate --list-rules`,
    );
  }
  const cat = CATEGORY[rule.category];
  const lines = [
    `RULE:     ${rule.id}`,
    `CATEGORY: ${rule.category}`,
    `SEVERITY: ${rule.severity}${rule.enabledByDefault === false ? ' (off by default: --enable ' + rule.id + ')' : ''}`,
    '',
    'DESCRIPTION:',
    `  ${rule.doc}`,
    '',
    'WHY:',
    `  ${rule.why ?? cat.why}`,
  ];
  if (rule.example !== undefined)
    lines.push(
      '',
      'EXAMPLE:',
      ...rule.example
        .trimEnd()
        .split('\n')
        .map((l) => `  ${l}`),
    );
  lines.push('', 'FIX:', `  ${rule.fix ?? cat.fix}`);
  lines.push('', `Turn it off with: sidecarctl validate --disable ${rule.id}`);
  return lines.join('\n') + '\n';
}
