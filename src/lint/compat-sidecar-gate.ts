/**
 * compat: manifests that the API server of the chosen version accepts, or that some clients get
 * through, but that do not work there because of the SidecarContainers feature gate.
 *
 * 1.25-1.27: `restartPolicy` on a container is an unknown field. The `api` category reports what
 * kubectl does with it (strict field validation rejects the object); this rule says the other
 * outcome: a client that sends no `fieldValidation` (Helm, Argo CD, client-go; the server's
 * default is `Warn`) gets the field dropped with a warning, and the sidecar becomes an init
 * container that never exits, so the pod hangs in Init. 1.28 with the gate off: the server
 * accepts the field and drops it (dropDisabledFields), with the same result.
 */
import type { RuleContext, RuleFinding, RuleMeta, RuleSet } from '../rules/rule.js';
import { containerField } from './container-facts.js';

const GATE_DISABLED: RuleMeta = {
  id: 'sidecar-gate-disabled',
  category: 'compat',
  severity: 'error',
  doc: 'A restartPolicy: Always init container on 1.25-1.27, or on 1.28 with SidecarContainers off, becomes a plain init container that never exits where the field is dropped (1.28; 1.25-1.27 for clients without strict field validation such as Helm, Argo CD and client-go), so the pod never starts.',
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
    if (!v.sidecars) {
      // 1.28 gate off: kubernetes/kubernetes pkg/api/pod/util.go dropDisabledFields sets every
      // initContainers[i].restartPolicy to nil when the old object had none. 1.25-1.27: the
      // field does not exist; the strict decoder rejects it, the default (Warn) decoder drops it
      // and answers with a warning (apiserver fieldValidation, KEP-2885). Either way the kubelet
      // waits for the init container to exit before the next one starts (reference section c.1
      // rule 2); a sidecar does not exit, so the pod stays in Init forever
      // (aws/aws-app-mesh-controller-for-k8s#774).
      for (const c of written) {
        out.push({
          rule: GATE_DISABLED.id,
          field: containerField(ctx, c, 'restartPolicy'),
          message: v.containerRestartPolicyField
            ? gateOffMessage(v.version, c.name)
            : unknownFieldMessage(v.version, c.name),
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

const HANGS = (name: string): string =>
  `"${name}" becomes a regular init container that must exit before the pod starts; a sidecar never exits, so the pod stays in Init forever`;

function gateOffMessage(version: string, name: string): string {
  return (
    `Kubernetes ${version} with the SidecarContainers feature gate off drops restartPolicy, so ` +
    `${HANGS(name)} (enable the gate with --feature-gates SidecarContainers=true on every ` +
    'component, use 1.29+, or run it as a regular container)'
  );
}

function unknownFieldMessage(version: string, name: string): string {
  return (
    `Kubernetes ${version} has no native sidecars: kubectl (strict field validation) rejects ` +
    'restartPolicy as an unknown field, while clients that send no fieldValidation (Helm, Argo CD, ' +
    `client-go) get it dropped with a warning, so ${HANGS(name)} (use 1.29+, or run it as a ` +
    'regular container)'
  );
}
