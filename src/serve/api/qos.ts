/**
 * A pod's QoS class, as pkg/apis/core/helper/qos/qos.go GetPodQOS computes it (cpu and memory
 * of every init and regular container): BestEffort when no container requests or limits
 * either; Guaranteed when every container limits both and the summed requests equal the summed
 * limits; Burstable otherwise. A request left out defaults to the limit (the API server's
 * SetDefaults_ResourceRequirements). Pod-level resources (1.32+ alpha) are not considered.
 */
import { isRecord } from '../../manifest/objects.js';
import { parseQuantity } from '../../model/quantity.js';

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const SUPPORTED = ['cpu', 'memory'] as const;

function quantities(v: unknown): Map<string, bigint> {
  const out = new Map<string, bigint>();
  if (!isRecord(v)) return out;
  for (const r of SUPPORTED) {
    const raw = v[r];
    const q = typeof raw === 'string' || typeof raw === 'number' ? parseQuantity(raw) : null;
    if (q !== null && q.nanos > 0n) out.set(r, q.nanos);
  }
  return out;
}

function add(sum: Map<string, bigint>, m: Map<string, bigint>): void {
  for (const [k, v] of m) sum.set(k, (sum.get(k) ?? 0n) + v);
}

/** The QoS class of a pod spec. */
export function qosClassOf(spec: Readonly<Record<string, unknown>>): QosClass {
  const requests = new Map<string, bigint>();
  const limits = new Map<string, bigint>();
  let guaranteed = true;
  for (const list of ['initContainers', 'containers']) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    for (const c of items) {
      const res = isRecord(c) && isRecord(c['resources']) ? c['resources'] : {};
      const lim = quantities(res['limits']);
      const req = quantities(res['requests']);
      for (const [k, v] of lim) if (!req.has(k)) req.set(k, v);
      add(requests, req);
      add(limits, lim);
      if (!SUPPORTED.every((r) => lim.has(r))) guaranteed = false;
    }
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed && SUPPORTED.every((r) => requests.get(r) === limits.get(r))) return 'Guaranteed';
  return 'Burstable';
}
