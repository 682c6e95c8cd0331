/**
 * practice: sidecars without resource requests or a memory limit. A sidecar counts towards the
 * pod's effective requests like any container (reference section g); without requests the
 * scheduler under-counts the pod, and without a memory limit a leaking agent can take the node's
 * memory (kube-linter unset-cpu-requirements / unset-memory-requirements, Polaris
 * cpuRequestsMissing / memoryLimitsMissing; injectors-and-linters.md section 1 row 20).
 * The suggestion is the seed's: requests cpu 50m / memory 64Mi, limits cpu 200m / memory 256Mi.
 */
import { isRecord } from '../manifest/objects.js';
import type { RuleContext, RuleFinding, RuleMeta, RuleSet } from '../rules/rule.js';
import { containerField, sidecarsOf } from './container-facts.js';

const NO_RESOURCES: RuleMeta = {
  id: 'sidecar-no-resources',
  category: 'practice',
  severity: 'warning',
  doc: 'A sidecar sets no resource requests or limits (suggested: requests cpu 50m/memory 64Mi, limits cpu 200m/memory 256Mi).',
};

const NO_MEMORY_LIMIT: RuleMeta = {
  id: 'sidecar-no-memory-limit',
  category: 'practice',
  severity: 'warning',
  doc: 'A sidecar sets resources but no memory limit: a leaking sidecar can exhaust the node and take the app with it.',
};

function nonEmpty(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && Object.keys(v).length > 0;
}

export const sidecarResources: RuleSet = {
  rules: [NO_RESOURCES, NO_MEMORY_LIMIT],
  check(ctx: RuleContext): RuleFinding[] {
    const out: RuleFinding[] = [];
    for (const s of sidecarsOf(ctx)) {
      const c = s.container;
      const res = isRecord(c.spec['resources']) ? c.spec['resources'] : {};
      const requests = res['requests'];
      const limits = res['limits'];
      const kind = s.native ? 'sidecar' : `${s.known?.product ?? 'classic'} sidecar`;
      if (!nonEmpty(requests) && !nonEmpty(limits)) {
        out.push({
          rule: NO_RESOURCES.id,
          field: containerField(ctx, c, 'resources'),
          message:
            `${kind} "${c.name}" has no resource requests or limits, so the scheduler does not account for it; ` +
            'set e.g. requests cpu 50m, memory 64Mi and limits cpu 200m, memory 256Mi',
        });
      } else if (!nonEmpty(limits) || limits['memory'] === undefined) {
        out.push({
          rule: NO_MEMORY_LIMIT.id,
          field: containerField(ctx, c, 'resources.limits'),
          message: `${kind} "${c.name}" has no memory limit; set one (e.g. 256Mi) so a leak cannot exhaust the node`,
        });
      }
    }
    return out;
  },
};
