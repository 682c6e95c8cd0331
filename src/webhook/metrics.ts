/**
 * The webhook's Prometheus metrics (prom-client), in a registry of its own: reviews by endpoint
 * and outcome, and their latency. Istio added its injection-time histogram after timeouts on
 * large manifests (istio#44001); the buckets here start at 0.5 ms, where a review should be.
 *
 * Counting is on every review's path, so it is kept cheap: the counts are plain numbers by label
 * set, handed to prom-client when /metrics is read (its `collect`), and the histogram's child of
 * each endpoint is resolved once. What /metrics says is the same as counting each review there.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface WebhookMetrics {
  readonly registry: Registry;
  /** Counts one review: once per catalog entry it injected, once with entry "" when none. */
  count(endpoint: string, outcome: string, entries: readonly string[]): void;
  /** Records how long a review took, in seconds. */
  observe(endpoint: string, seconds: number): void;
}

interface Pending {
  readonly labels: { endpoint: string; outcome: string; entry: string };
  n: number;
}

export function webhookMetrics(): WebhookMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sidecarctl_webhook_' });
  const pending = new Map<string, Pending>();
  const add = (endpoint: string, outcome: string, entry: string): void => {
    const key = `${endpoint}\u0000${outcome}\u0000${entry}`;
    const p = pending.get(key);
    if (p !== undefined) p.n++;
    else pending.set(key, { labels: { endpoint, outcome, entry }, n: 1 });
  };
  new Counter({
    name: 'sidecarctl_webhook_reviews_total',
    help: 'Admission reviews answered, by endpoint (mutate, validate), outcome and catalog entry injected (one count per entry).',
    labelNames: ['endpoint', 'outcome', 'entry'],
    registers: [registry],
    collect() {
      for (const p of pending.values()) {
        if (p.n > 0) this.inc(p.labels, p.n);
        p.n = 0;
      }
    },
  });
  const latency = new Histogram({
    name: 'sidecarctl_webhook_review_duration_seconds',
    help: 'Time to answer an admission review, from its received body to the answer.',
    labelNames: ['endpoint'],
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const byEndpoint = new Map<string, Histogram.Internal<'endpoint'>>();
  return {
    registry,
    count(endpoint, outcome, entries) {
      if (entries.length === 0) add(endpoint, outcome, '');
      for (const entry of entries) add(endpoint, outcome, entry);
    },
    observe(endpoint, seconds) {
      let h = byEndpoint.get(endpoint);
      if (h === undefined) {
        h = latency.labels(endpoint);
        byEndpoint.set(endpoint, h);
      }
      h.observe(seconds);
    },
  };
}
