/**
 * practice: fields that do not exist but are believed to make a sidecar. Some posts advise
 * `type: Sidecar` on a container (injectors-and-linters.md section 0, "The sidecar is not a
 * `type:` field"); users also ask for a "SideCar type in the container's lifecycle spec"
 * (dapr/dapr#1907). Kubernetes has no such field: the API server drops or rejects it and the
 * container stays an ordinary one. A native sidecar is an initContainers entry with
 * `restartPolicy: Always` (kubernetes/kubernetes pkg/api/v1/pod/util.go IsRestartableInitContainer).
 */
import { isRecord } from '../manifest/objects.js';
import type { RuleContext, RuleFinding, RuleMeta, RuleSet } from '../rules/rule.js';
import { containerField, fieldOf, specOf } from './container-facts.js';

const META: RuleMeta = {
  id: 'invented-sidecar-field',
  category: 'practice',
  severity: 'warning',
  doc: 'A made-up sidecar field (type: Sidecar, sidecar: true, ...): Kubernetes ignores or rejects it; a sidecar is an init container with restartPolicy: Always.',
};

const CONTAINER_KEYS = ['sidecar', 'isSidecar', 'sidecarContainer', 'containerType'];
const SPEC_KEYS = ['sidecarContainers', 'sidecars'];

function mentionsSidecar(v: unknown): boolean {
  return typeof v === 'string' ? /side-?car/i.test(v) : v === true || isRecord(v);
}

export const inventedSidecarField: RuleSet = {
  rules: [META],
  check(ctx: RuleContext): RuleFinding[] {
    const out: RuleFinding[] = [];
    const how = ctx.version.sidecars
      ? 'declare it in initContainers with restartPolicy: Always'
      : `Kubernetes ${ctx.version.version} has no native sidecars; keep it a regular container`;
    for (const c of ctx.containers) {
      const found: string[] = [];
      if (typeof c.spec['type'] === 'string' && mentionsSidecar(c.spec['type'])) found.push('type');
      if (typeof c.spec['kind'] === 'string' && mentionsSidecar(c.spec['kind'])) found.push('kind');
      for (const k of CONTAINER_KEYS) if (k in c.spec && mentionsSidecar(c.spec[k])) found.push(k);
      const lc = c.spec['lifecycle'];
      if (isRecord(lc) && typeof lc['type'] === 'string' && mentionsSidecar(lc['type']))
        found.push('lifecycle.type');
      for (const key of found) {
        out.push({
          rule: META.id,
          field: containerField(ctx, c, key),
          message: `"${c.name}" sets ${key}, which is not a Kubernetes field and does not make a sidecar; ${how}`,
        });
      }
    }
    const spec = specOf(ctx);
    for (const key of SPEC_KEYS) {
      if (!(key in spec)) continue;
      out.push({
        rule: META.id,
        field: fieldOf(ctx, key),
        message: `the pod spec has no ${key} field, so these containers never run; ${how}`,
      });
    }
    return out;
  },
};
