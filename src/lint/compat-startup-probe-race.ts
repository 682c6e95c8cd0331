/**
 * compat: the startup-probe race of sidecars in restartPolicy: Never pods.
 *
 * kubernetes/kubernetes#133072 (backported to release-1.33 as #134801, release-1.34 as #134800;
 * reference section a.2, "1.33"): when a sidecar's startupProbe fails in a pod with
 * restartPolicy Never, the kubelet restarts the sidecar (section c.1 rule 3) but the probe
 * worker had stopped itself because it looked only at the pod restartPolicy; the restarted
 * sidecar is never marked started, and the app stays in "Initializing" forever. Fixed only in
 * later 1.33 patch releases, so it applies to every version with sidecars in our range.
 */
import type { RuleContext, RuleFinding, RuleMeta, RuleSet } from '../validate/rule.js';
import { containerField, podRestartPolicy, probeOf, specOf } from './container-facts.js';

const META: RuleMeta = {
  id: 'sidecar-startup-probe-never-race',
  category: 'compat',
  severity: 'warning',
  doc: 'A sidecar startupProbe in a restartPolicy: Never pod: if it fails once, kubelets before the 1.33 patch fix (#133072) leave the app stuck in Initializing.',
};

export const compatStartupProbeRace: RuleSet = {
  rules: [META],
  check(ctx: RuleContext): RuleFinding[] {
    if (!ctx.version.sidecars || podRestartPolicy(specOf(ctx)) !== 'Never') return [];
    return ctx.containers
      .filter((c) => c.kind === 'sidecar' && probeOf(c, 'startupProbe') !== null)
      .map((c) => ({
        rule: META.id,
        field: containerField(ctx, c, 'startupProbe'),
        message:
          `if the startupProbe of sidecar "${c.name}" fails and the sidecar is restarted, kubelets without the ` +
          'fix of kubernetes/kubernetes#133072 (before late 1.33 patch releases) stop probing it and the app ' +
          'never starts; keep failureThreshold generous or run on a fixed patch release',
      }));
  },
};
