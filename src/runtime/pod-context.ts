/**
 * What a local pod knows about itself: the values the Downward API exposes (env `fieldRef` and
 * `resourceFieldRef`, `downwardAPI` volumes), with local meanings where there is no cluster
 * (reference/local-runtime.md §6.3): the node is this host, and the pod's IP is 127.0.0.1, the
 * only address of its own network namespace.
 */
import { randomUUID } from 'node:crypto';
import { hostname, availableParallelism, totalmem } from 'node:os';
import { isRecord } from '../manifest/objects.js';
import { parseQuantity } from '../model/quantity.js';
import { ContainerConfigError } from './container-config-error.js';

export interface PodContext {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly nodeName: string;
  readonly serviceAccountName: string;
  /** `spec.hostname` when set, else the pod's name (pkg/kubelet/kubelet_pods.go GeneratePodHostNameAndDomain). */
  readonly hostname: string;
  readonly podIP: string;
  readonly hostIP: string;
  /** The pod spec as written. */
  readonly spec: Readonly<Record<string, unknown>>;
}

function stringMap(v: unknown): Record<string, string> {
  if (!isRecord(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v))
    if (val !== null && val !== undefined) out[k] = String(val);
  return out;
}

/**
 * Builds the context of a pod from its metadata and spec; the uid is new for every run.
 * @param name the pod's name as both drivers give it (manifest/pod-templates.ts podName: the
 *   object's name, so a workload's pod is named after the workload, not its template)
 * @param uid the pod's uid when an API server gave it one (serve); otherwise a new one
 */
export function podContext(
  metadata: Readonly<Record<string, unknown>>,
  spec: unknown,
  name: string,
  namespace: string,
  uid?: string,
): PodContext {
  const s = isRecord(spec) ? spec : {};
  const sa = s['serviceAccountName'] ?? s['serviceAccount'];
  return {
    name,
    namespace: namespace || 'default',
    uid: uid ?? randomUUID(),
    labels: stringMap(metadata['labels']),
    annotations: stringMap(metadata['annotations']),
    nodeName: typeof s['nodeName'] === 'string' ? s['nodeName'] : hostname(),
    serviceAccountName: typeof sa === 'string' && sa !== '' ? sa : 'default',
    hostname: typeof s['hostname'] === 'string' && s['hostname'] !== '' ? s['hostname'] : name,
    podIP: '127.0.0.1',
    hostIP: '127.0.0.1',
    spec: s,
  };
}

/**
 * `key="value"` lines, sorted by key, as pkg/fieldpath/fieldpath.go FormatMap writes labels and
 * annotations into a downwardAPI file (Go's %q quoting, which JSON's matches for printable text).
 */
export function formatMap(m: Readonly<Record<string, string>>): string {
  return Object.keys(m)
    .sort()
    .map((k) => `${k}=${JSON.stringify(m[k])}`)
    .join('\n');
}

/**
 * The value of a `fieldRef.fieldPath` (pkg/fieldpath/fieldpath.go ExtractFieldPathAsString, plus
 * the status fields the kubelet resolves itself in kubelet_pods.go podFieldSelectorRuntimeValue).
 * `allowMaps`: whole `metadata.labels`/`metadata.annotations` are allowed in volumes only.
 */
export function fieldPathValue(ctx: PodContext, fieldPath: string, allowMaps: boolean): string {
  const sub = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(fieldPath);
  if (sub !== null) {
    const m = sub[1] === 'labels' ? ctx.labels : ctx.annotations;
    return m[sub[2]!] ?? '';
  }
  switch (fieldPath) {
    case 'metadata.name':
      return ctx.name;
    case 'metadata.namespace':
      return ctx.namespace;
    case 'metadata.uid':
      return ctx.uid;
    case 'spec.nodeName':
      return ctx.nodeName;
    case 'spec.serviceAccountName':
      return ctx.serviceAccountName;
    case 'status.podIP':
    case 'status.podIPs':
      return ctx.podIP;
    case 'status.hostIP':
    case 'status.hostIPs':
      return ctx.hostIP;
    case 'metadata.labels':
      if (allowMaps) return formatMap(ctx.labels);
      break;
    case 'metadata.annotations':
      if (allowMaps) return formatMap(ctx.annotations);
      break;
  }
  throw new ContainerConfigError(`unsupported fieldPath: ${fieldPath}`);
}

function containerByName(ctx: PodContext, name: string): Record<string, unknown> | undefined {
  for (const list of ['initContainers', 'containers']) {
    const items = ctx.spec[list];
    if (!Array.isArray(items)) continue;
    for (const c of items) if (isRecord(c) && c['name'] === name) return c;
  }
  return undefined;
}

/**
 * The value of a `resourceFieldRef` (pkg/api/v1/resource/helpers.go ExtractContainerResourceValue):
 * cpu in units of the divisor rounded up (default divisor 1, so `250m` gives `1`), memory and
 * ephemeral-storage in bytes / divisor rounded up. A limit that is not set is the node's
 * allocatable (kubelet_resources.go containerResourceRuntimeValue): here the host's CPUs and memory.
 */
export function resourceFieldValue(
  ctx: PodContext,
  containerName: string,
  ref: Readonly<Record<string, unknown>>,
): string {
  const resource = typeof ref['resource'] === 'string' ? ref['resource'] : '';
  const c = containerByName(
    ctx,
    typeof ref['containerName'] === 'string' && ref['containerName'] !== ''
      ? ref['containerName']
      : containerName,
  );
  if (c === undefined)
    throw new ContainerConfigError(`container ${containerName} not found for resourceFieldRef`);
  const [section, res] = resource.split('.') as [string, string | undefined];
  if ((section !== 'limits' && section !== 'requests') || res === undefined) {
    throw new ContainerConfigError(`unsupported container resource : ${resource}`);
  }
  const resources = isRecord(c['resources']) ? c['resources'] : {};
  const limits = isRecord(resources['limits']) ? resources['limits'] : {};
  const requests = isRecord(resources['requests']) ? resources['requests'] : {};
  const raw =
    (section === 'limits' ? limits : requests)[res] ??
    (section === 'requests' ? limits[res] : undefined);
  const div = parseQuantity(
    typeof ref['divisor'] === 'string' || typeof ref['divisor'] === 'number' ? ref['divisor'] : '1',
  );
  const divisorNanos = div === null || div.nanos === 0n ? 1_000_000_000n : div.nanos;
  let nanos: bigint;
  const q = typeof raw === 'string' || typeof raw === 'number' ? parseQuantity(raw) : null;
  if (q !== null) nanos = q.nanos;
  else if (section === 'requests') nanos = 0n;
  else if (res === 'cpu') nanos = BigInt(availableParallelism()) * 1_000_000_000n;
  else nanos = BigInt(totalmem()) * 1_000_000_000n;
  if (res === 'cpu') {
    // ceil(cpu.MilliValue() / divisor.MilliValue())
    const milli = ceilDiv(nanos, 1_000_000n);
    const divMilli = ceilDiv(divisorNanos, 1_000_000n) || 1n;
    return ceilDiv(milli, divMilli).toString();
  }
  if (res === 'memory' || res === 'ephemeral-storage' || res.startsWith('hugepages-')) {
    const value = ceilDiv(nanos, 1_000_000_000n);
    const divValue = ceilDiv(divisorNanos, 1_000_000_000n) || 1n;
    return ceilDiv(value, divValue).toString();
  }
  throw new ContainerConfigError(`unsupported container resource : ${resource}`);
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return a / b + (a % b === 0n ? 0n : 1n);
}
