/**
 * compat: the startup-probe race of sidecars in restartPolicy: Never pods.
 *
 * kubernetes/kubernetes#133072 (backported to release-1.33 as #134801, release-1.34 as #134800;
 * reference section a.2, "1.33"): when a sidecar's startupProbe fails in a pod with
 * restartPolicy Never, the kubelet restarts the sidecar (section c.1 rule 3) but the probe
 * worker had stopped itself because it looked only at the pod restartPolicy; the restarted
 * sidecar is never marked started, and the app stays in "Initializing" forever. The fix was not
 * backported below 1.33, and 1.33 has it only from a later patch release on; we cannot see the
 * patch level, so it is a warning on every version with sidecars. (Lowering it to info on 1.33
 * would need a switch in model/versions.ts, the only module that may know versions.)
 */
import type { RuleContext, RuleFinding, RuleMeta, RuleSet } from '../rules/rule.js';
import { containerField, podRestartPolicy, probeOf, specOf } from './container-facts.js';

const META: RuleMeta = {
  id: 'sidecar-startup-probe-never-race',
  category: 'compat',
  severity: 'warning',
  doc: 'A sidecar startupProbe in a restartPolicy: Never pod: if it fails once, kubelets without the fix of #133072 (1.28-1.32, early 1.33.x) leave the app stuck in Initializing.',
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
          'fix of kubernetes/kubernetes#133072 (1.28 to 1.32, and 1.33 before the patch release with it) stop probing it and the app ' +
          'never starts; keep failureThreshold generous or run on a fixed patch release',
      }));
  },
};
