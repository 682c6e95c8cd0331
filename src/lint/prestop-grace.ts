/**
 * lifecycle: preStop hooks that need more than the termination grace period.
 *
 * On termination every container's preStop starts at once, sidecars included, and each is cut
 * off when the one pod-wide budget G (terminationGracePeriodSeconds, default 30) runs out; the
 * container then gets a 2 s minimum window and SIGKILL (reference section e.2 steps 2-5,
 * killContainer / setTerminationGracePeriod in kuberuntime_container.go; e2e F3, F11, F12).
 * Because the hooks run concurrently, what a pod needs is its longest preStop, not their sum:
 * we compare each hook with G. Sidecars stop after the app (1.29+, section e.3), so their
 * hook's end is also when the app's last moments are no longer covered.
 */
import type { RuleContext, RuleFinding, RuleMeta, RuleSet } from '../rules/rule.js';
import {
  containerField,
  graceSeconds,
  preStopSeconds,
  sidecarsOf,
  specOf,
} from './container-facts.js';

const SIDECAR: RuleMeta = {
  id: 'sidecar-prestop-exceeds-grace',
  category: 'lifecycle',
  severity: 'warning',
  doc: "A sidecar's preStop needs as long as terminationGracePeriodSeconds or more: the sidecar is killed (exit 137) before it has drained.",
};

const APP: RuleMeta = {
  id: 'prestop-exceeds-grace',
  category: 'lifecycle',
  severity: 'warning',
  doc: "An app container's preStop needs as long as terminationGracePeriodSeconds or more: it is SIGKILLed (exit 137) and the deleted pod ends Failed.",
};

export const preStopGrace: RuleSet = {
  rules: [SIDECAR, APP],
  check(ctx: RuleContext): RuleFinding[] {
    const spec = specOf(ctx);
    const grace = graceSeconds(spec);
    const graceText =
      spec['terminationGracePeriodSeconds'] === undefined
        ? `the default terminationGracePeriodSeconds of ${String(grace)}s`
        : `terminationGracePeriodSeconds ${String(grace)}s`;
    const out: RuleFinding[] = [];
    const sidecars = sidecarsOf(ctx);
    const sidecarSet = new Set(sidecars.map((s) => s.container));
    for (const s of sidecars) {
      if (s.container.kind === 'init') continue; // a native sidecar on a version without them
      const need = preStopSeconds(s.container);
      if (need === null || need < grace) continue;
      out.push({
        rule: SIDECAR.id,
        field: containerField(ctx, s.container, 'lifecycle.preStop'),
        message:
          `the preStop hook of sidecar "${s.container.name}" takes ${String(need)}s but the pod has ${graceText}: ` +
          `it is cut off and the sidecar is SIGKILLed about 2s later (exit 137); raise terminationGracePeriodSeconds above ${String(need)}`,
      });
    }
    for (const c of ctx.containers) {
      if (c.kind !== 'regular' || sidecarSet.has(c)) continue;
      const need = preStopSeconds(c);
      if (need === null || need < grace) continue;
      out.push({
        rule: APP.id,
        field: containerField(ctx, c, 'lifecycle.preStop'),
        message:
          `the preStop hook of "${c.name}" takes ${String(need)}s but the pod has ${graceText}: the container is ` +
          `SIGKILLed (exit 137) before it can stop cleanly, and a deleted pod ends Failed; raise terminationGracePeriodSeconds above ${String(need)}`,
      });
    }
    return out;
  },
};
