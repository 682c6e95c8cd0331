/**
 * The webhook's Prometheus metrics (prom-client), in a registry of its own: reviews by endpoint
 * and outcome, and their latency. Istio added its injection-time histogram after timeouts on
 * large manifests (istio#44001); the buckets here start at 0.5 ms, where a review should be.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface WebhookMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'endpoint' | 'outcome' | 'entry'>;
  readonly latency: Histogram<'endpoint'>;
}

export function webhookMetrics(): WebhookMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sidecarctl_webhook_' });
  return {
    registry,
    requests: new Counter({
      name: 'sidecarctl_webhook_reviews_total',
      help: 'Admission reviews answered, by endpoint (mutate, validate), outcome and catalog entry injected (one count per entry).',
      labelNames: ['endpoint', 'outcome', 'entry'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'sidecarctl_webhook_review_duration_seconds',
      help: 'Time to answer an admission review, from its parsed body to the answer.',
      labelNames: ['endpoint'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
  };
}
