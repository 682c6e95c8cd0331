/**
 * compat: manifests the API server of the chosen version accepts, but that do not work there
 * because of the SidecarContainers feature gate.
 *
 * Decision for 1.25-1.27: no compat finding. There the `restartPolicy` key is an unknown field,
 * which the `api` category already reports as an error (kubectl's strict field validation
 * rejects it); a second error for the same key would add nothing the user can act on. The
 * consequence for lenient clients (field dropped, the pod hangs in Init) is the same as on 1.28
 * with the gate off and is described by `sidecar-gate-disabled` below.
 */
import type { RuleContext, RuleFinding, RuleMeta, RuleSet } from '../rules/rule.js';
import { containerField } from './container-facts.js';

const GATE_DISABLED: RuleMeta = {
  id: 'sidecar-gate-disabled',
  category: 'compat',
  severity: 'error',
  doc: 'A restartPolicy: Always init container on 1.28 with SidecarContainers off is silently made a plain init container that never exits, so the pod never starts.',
};

const UNORDERED_TERMINATION: RuleMeta = {
  id: 'sidecar-unordered-termination',
  category: 'compat',
  severity: 'warning',
  doc: 'On 1.28 (alpha) sidecars are terminated together with the app containers, not after them: the app may lose its proxy or log shipper while it shuts down.',
};

export const compatSidecarGate: RuleSet = {
  rules: [GATE_DISABLED, UNORDERED_TERMINATION],
  check(ctx: RuleContext): RuleFinding[] {
    const out: RuleFinding[] = [];
    const written = ctx.containers.filter(
      (c) => c.list === 'initContainers' && c.spec['restartPolicy'] === 'Always',
    );
    if (written.length === 0) return out;
    const v = ctx.version;
    if (v.containerRestartPolicyField && !v.sidecars) {
      // kubernetes/kubernetes pkg/api/pod/util.go dropDisabledFields: with the gate off and no
      // restartable init container in the old object, every initContainers[i].restartPolicy is
      // set to nil, so the container is an ordinary init container (reference section b.2).
      // The kubelet then waits for it to exit before the next one starts (section c.1 rule 2);
      // a sidecar does not exit, so the pod stays in Init forever
      // (aws/aws-app-mesh-controller-for-k8s#774, injectors-and-linters.md section 0).
      for (const c of written) {
        out.push({
          rule: GATE_DISABLED.id,
          field: containerField(ctx, c, 'restartPolicy'),
          message:
            `Kubernetes ${v.version} with the SidecarContainers feature gate off drops restartPolicy, so ` +
            `"${c.name}" becomes a regular init container that must exit before the pod starts; a sidecar ` +
            'never exits, so the pod stays in Init forever (enable the gate with --feature-gates ' +
            'SidecarContainers=true on every component, use 1.29+, or run it as a regular container)',
        });
      }
    } else if (v.sidecars && !v.terminationOrdering) {
      // KEP-753 "Termination of containers": "In Alpha sidecar containers will be terminated as
      // regular containers"; ordering came with #120620 in 1.29 (reference sections a.2, e.3.7).
      const first = written[0]!;
      out.push({
        rule: UNORDERED_TERMINATION.id,
        field: containerField(ctx, first, 'restartPolicy'),
        message:
          `on Kubernetes ${v.version} sidecars receive SIGTERM at the same time as the app containers ` +
          '(termination ordering arrived in 1.29): the app may lose its sidecars while shutting down',
      });
    }
    return out;
  },
};
