/**
 * lifecycle: whether later containers wait for a native sidecar to be ready.
 *
 * The kubelet starts the next init container (or the app) as soon as a sidecar is "started":
 * running, postStart done, and its startupProbe passed if it has one (reference section c.1
 * rule 3; computeInitContainerActions in pkg/kubelet/kuberuntime/kuberuntime_container.go).
 * Readiness does not gate anything (section c.1 rule 4). So an app that needs its proxy or
 * secret agent races it unless the sidecar has a startupProbe or a blocking postStart
 * (injectors-and-linters.md section 2 item 1 and section 3b: istio/istio#11130, linkerd2#2704).
 */
import { recognise } from '../catalog/recognise.js';
import type { SidecarRole } from '../catalog/types.js';
import type { RuleContext, RuleFinding, RuleMeta, RuleSet } from '../rules/rule.js';
import { containerField, hookOf, probeOf } from './container-facts.js';

const NO_STARTUP_PROBE: RuleMeta = {
  id: 'sidecar-no-startup-probe',
  category: 'lifecycle',
  severity: 'warning',
  doc: 'A proxy or secret-agent sidecar without a startupProbe: the containers after it start as soon as it runs, before it is ready to serve them.',
};

const READINESS_NOT_GATING: RuleMeta = {
  id: 'sidecar-readiness-not-gating',
  category: 'lifecycle',
  severity: 'info',
  doc: 'A readinessProbe on a native sidecar does not hold back the containers after it (only a startupProbe does); it only feeds the pod Ready condition.',
};

const DEPENDED_ON = new Set<SidecarRole | undefined>(['proxy', 'secret-agent', 'runtime']);

export const sidecarStartupGate: RuleSet = {
  rules: [NO_STARTUP_PROBE, READINESS_NOT_GATING],
  check(ctx: RuleContext): RuleFinding[] {
    const out: RuleFinding[] = [];
    for (const c of ctx.containers) {
      if (c.kind !== 'sidecar') continue;
      if (probeOf(c, 'startupProbe') !== null || hookOf(c, 'postStart') !== null) continue;
      const known = recognise(c.spec, ctx.catalog);
      const hasReadiness = probeOf(c, 'readinessProbe') !== null;
      if (known !== null && DEPENDED_ON.has(known.role)) {
        out.push({
          rule: NO_STARTUP_PROBE.id,
          field: containerField(ctx, c),
          message:
            `${known.product} sidecar "${c.name}" has no startupProbe: the containers declared after it start as ` +
            `soon as it is running, before it can serve them${hasReadiness ? ' (its readinessProbe does not gate them)' : ''}; ` +
            'add a startupProbe on its health endpoint',
        });
      } else if (hasReadiness) {
        out.push({
          rule: READINESS_NOT_GATING.id,
          field: containerField(ctx, c, 'readinessProbe'),
          message:
            `the readinessProbe of sidecar "${c.name}" does not delay the containers after it, it only feeds pod ` +
            'readiness; add a startupProbe if they need it ready first',
        });
      }
    }
    return out;
  },
};
