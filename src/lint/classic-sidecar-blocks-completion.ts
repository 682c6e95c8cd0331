/**
 * lifecycle: a classic sidecar (a long-running server among `containers`) in a pod that is meant
 * to complete. The kubelet only completes a pod when no regular container is running or will be
 * restarted (computePodActions, reference section d); a classic sidecar is a regular container
 * that never exits, so the pod stays Running and the Job never completes (injectors-and-linters.md
 * section 3a: istio/istio#11045, hashicorp/vault-k8s#620, Dapr's Job docs). Native sidecars do
 * not block completion (section d: KillPod clears InitContainersToStart).
 */
import type { ClassifiedContainer } from '../model/containers.js';
import type { RuleContext, RuleFinding, RuleMeta, RuleSet } from '../rules/rule.js';
import { commandWords } from '../catalog/recognise.js';
import {
  containerField,
  exitsByItself,
  podRestartPolicy,
  runsToCompletion,
  sidecarsOf,
  specOf,
} from './container-facts.js';

const META: RuleMeta = {
  id: 'classic-sidecar-blocks-completion',
  category: 'lifecycle',
  severity: 'error',
  doc: 'A long-running sidecar (proxy, log shipper, agent) among the containers of a Job, CronJob or Never/OnFailure pod keeps the pod running, so it never completes.',
};

/** An admin endpoint the app calls to stop the sidecar (Cloud SQL proxy, Envoy, Istio, Dapr, Linkerd). */
const SHUTDOWN_CALL = /quitquitquit|\/shutdown\b|linkerd-await\b.*--shutdown|\/v1\.0\/shutdown/;

function mentionsShutdown(c: ClassifiedContainer): boolean {
  return commandWords(c.spec).some((w) => SHUTDOWN_CALL.test(w));
}

export const classicSidecarInJob: RuleSet = {
  rules: [META],
  check(ctx: RuleContext): RuleFinding[] {
    if (!runsToCompletion(ctx)) return [];
    const out: RuleFinding[] = [];
    const apps = ctx.containers.filter((c) => c.kind === 'regular');
    const what = ctx.template.isJob ? `the ${ctx.template.object.kind}` : 'the pod';
    const policy = podRestartPolicy(specOf(ctx));
    for (const s of sidecarsOf(ctx)) {
      if (s.native || s.known === null || exitsByItself(s.container.spec)) continue;
      const c = s.container;
      const fix = ctx.version.sidecars
        ? `move it to initContainers with restartPolicy: Always: Kubernetes ${ctx.version.version} runs it as a native sidecar that does not block completion`
        : `Kubernetes ${ctx.version.version} has no native sidecars: have the app stop it when done (e.g. an admin shutdown endpoint), or upgrade to 1.29+`;
      const others = apps.filter((a) => a !== c);
      if (others.some(mentionsShutdown) || mentionsShutdown(c)) {
        // The app stops the sidecar itself; this works only when the app reaches that call.
        out.push({
          rule: META.id,
          field: containerField(ctx, c),
          severity: 'warning',
          message:
            `${s.known.product} sidecar "${c.name}" is a regular container: ${what} completes only if the app ` +
            `reaches its shutdown call; an app that crashes first leaves the pod running forever (${fix})`,
        });
        continue;
      }
      out.push({
        rule: META.id,
        field: containerField(ctx, c),
        message:
          `${s.known.product} sidecar "${c.name}" is a regular container that never exits: with restartPolicy ${policy} ` +
          `${what} never completes (${fix})`,
      });
    }
    return out;
  },
};
