/**
 * practice: sidecars that run privileged or as root. A sidecar shares the pod's network (and
 * often volumes) with the app, so a privileged or root sidecar widens what a compromised
 * third-party image can do (kube-linter privileged-container / run-as-non-root, Polaris
 * privilegeEscalationAllowed / runAsRootAllowed). Only explicit settings are reported, to keep
 * false positives low: a missing runAsNonRoot depends on the image, which we cannot see.
 */
import { isRecord } from '../manifest/objects.js';
import type { RuleContext, RuleFinding, RuleMeta, RuleSet } from '../rules/rule.js';
import { containerField, sidecarsOf, specOf } from './container-facts.js';

const PRIVILEGED: RuleMeta = {
  id: 'sidecar-privileged',
  category: 'practice',
  severity: 'warning',
  doc: 'A sidecar runs with securityContext.privileged: true.',
};

const ROOT: RuleMeta = {
  id: 'sidecar-runs-as-root',
  category: 'practice',
  severity: 'warning',
  doc: 'A sidecar explicitly runs as user 0 (its own or the pod securityContext).',
};

export const sidecarSecurity: RuleSet = {
  rules: [PRIVILEGED, ROOT],
  check(ctx: RuleContext): RuleFinding[] {
    const out: RuleFinding[] = [];
    const podSc = specOf(ctx)['securityContext'];
    const podUser = isRecord(podSc) ? podSc['runAsUser'] : undefined;
    for (const s of sidecarsOf(ctx)) {
      const c = s.container;
      const sc = isRecord(c.spec['securityContext']) ? c.spec['securityContext'] : {};
      if (sc['privileged'] === true) {
        out.push({
          rule: PRIVILEGED.id,
          field: containerField(ctx, c, 'securityContext.privileged'),
          message: `sidecar "${c.name}" runs privileged; grant only the capabilities it needs`,
        });
      }
      const user = sc['runAsUser'] ?? podUser;
      if (user === 0) {
        out.push({
          rule: ROOT.id,
          field: containerField(
            ctx,
            c,
            sc['runAsUser'] === undefined ? 'securityContext' : 'securityContext.runAsUser',
          ),
          message: `sidecar "${c.name}" runs as root (runAsUser 0); run it as a non-root user`,
        });
      }
    }
    return out;
  },
};
