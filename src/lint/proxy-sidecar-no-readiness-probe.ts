/**
 * practice: a traffic proxy sidecar without a readinessProbe. A sidecar with no readiness probe
 * counts as ready as soon as it is started (reference section c.5, GenerateContainersReadyCondition
 * in pkg/kubelet/status/generate.go), so the pod is Ready and receives traffic before the proxy
 * accepts it (istio/istio#11130; Istio's own proxy probes localhost:15021/healthz/ready).
 * Limited to proxies that carry the pod's inbound traffic, to keep false positives low.
 */
import type { RuleContext, RuleFinding, RuleMeta, RuleSet } from '../rules/rule.js';
import { containerField, probeOf, sidecarsOf } from './container-facts.js';

const META: RuleMeta = {
  id: 'proxy-sidecar-no-readiness-probe',
  category: 'practice',
  severity: 'warning',
  doc: 'A traffic proxy sidecar (Envoy, Istio, Linkerd, ...) has no readinessProbe, so the pod is Ready before the proxy accepts traffic.',
};

const INBOUND = new Set([
  'Istio proxy',
  'Envoy',
  'Linkerd proxy',
  'Consul dataplane',
  'Kuma data plane',
  'OAuth2 Proxy',
]);

export const proxyReadiness: RuleSet = {
  rules: [META],
  check(ctx: RuleContext): RuleFinding[] {
    const out: RuleFinding[] = [];
    for (const s of sidecarsOf(ctx)) {
      // A native sidecar on a version without them is a plain init container: no readiness.
      if (s.known === null || !INBOUND.has(s.known.product) || s.container.kind === 'init')
        continue;
      if (probeOf(s.container, 'readinessProbe') !== null) continue;
      out.push({
        rule: META.id,
        field: containerField(ctx, s.container),
        message:
          `${s.known.product} sidecar "${s.container.name}" has no readinessProbe: the pod is marked Ready as soon as ` +
          'the proxy process starts, before it accepts traffic',
      });
    }
    return out;
  },
};
