/**
 * compat: `lifecycle.*.sleep` handlers on a version where the PodLifecycleSleepAction gate exists
 * but is off (1.29 by default, or turned off with --feature-gates).
 *
 * kubernetes/kubernetes pkg/api/pod/util.go dropPodLifecycleSleepAction: with the gate off and
 * no sleep action in the old object, the API server sets `sleep` to nil, and when it was the
 * only handler it removes the whole preStop/postStart hook. The pod is accepted, but the delay
 * is gone: a preStop meant to keep a sidecar or app alive while endpoints drain (reference
 * section e.2 step 2) no longer runs, so SIGTERM arrives at once.
 *
 * Where the gate does not exist yet (1.25-1.28) `sleep` is an unknown field; that is left to the
 * `api` category, as for `restartPolicy` (see compat-sidecar-gate.ts).
 */
import { isRecord } from '../manifest/objects.js';
import type { RuleContext, RuleFinding, RuleMeta, RuleSet } from '../rules/rule.js';
import { containerField, hookOf } from './container-facts.js';

const META: RuleMeta = {
  id: 'sleep-action-dropped',
  category: 'compat',
  severity: 'error',
  doc: 'A lifecycle sleep handler with the PodLifecycleSleepAction gate off is silently dropped by the API server, so the hook does nothing.',
};

const HANDLERS = ['exec', 'httpGet', 'tcpSocket'];

export const compatSleepAction: RuleSet = {
  rules: [META],
  check(ctx: RuleContext): RuleFinding[] {
    // The gate exists in this version (it is in the table) but is off.
    if (ctx.version.featureGates['PodLifecycleSleepAction'] !== false) return [];
    const out: RuleFinding[] = [];
    for (const c of ctx.containers) {
      for (const hook of ['preStop', 'postStart'] as const) {
        const h = hookOf(c, hook);
        if (h === null || !isRecord(h['sleep'])) continue;
        const others = HANDLERS.filter((k) => h[k] !== undefined);
        const what =
          others.length === 0
            ? `the whole ${hook} hook is removed`
            : `only its ${others.join(', ')} handler is kept (then validated alone)`;
        out.push({
          rule: META.id,
          field: containerField(ctx, c, `lifecycle.${hook}.sleep`),
          message:
            `Kubernetes ${ctx.version.version} with the PodLifecycleSleepAction feature gate off drops the sleep ` +
            `action of "${c.name}": ${what}, so the ${hook === 'preStop' ? 'shutdown delay' : 'start delay'} never ` +
            'happens (enable the gate, or use an exec sleep)',
        });
      }
    }
    return out;
  },
};
