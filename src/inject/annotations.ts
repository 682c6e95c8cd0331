/**
 * Step 3 of inject: the pod template's annotations. The entries' own (vault-k8s' status), the
 * status that makes a re-run a no-op (status.ts), and kubectl's default container when a classic
 * proxy now comes before the app, so `kubectl logs`/`exec` keep picking the app (kubectl
 * cmd/util/podcmd).
 */
import { DEFAULT_CONTAINER_ANNOTATION, isRecord } from '../manifest/objects.js';
import type { PodTemplate } from '../manifest/pod-templates.js';
import type { Expansion } from './expand.js';
import type { Placed } from './place.js';
import { STATUS_ANNOTATION, type InjectStatus } from './status.js';

/** The pod template's annotations after injection. */
export function annotationsAfter(
  template: PodTemplate,
  expansions: readonly Expansion[],
  placed: Placed,
  stamp: Pick<InjectStatus, 'mode' | 'why' | 'digest' | 'skipped'>,
  appNames: readonly string[],
): Record<string, unknown> {
  const skipped = stamp.skipped ?? {};
  const status: InjectStatus = {
    entries: expansions.map((e) => e.entry.name),
    mode: stamp.mode,
    ...(stamp.why !== undefined ? { why: stamp.why } : {}),
    digest: stamp.digest,
    initContainers: placed.initContainers,
    containers: placed.containers,
    volumes: placed.volumes,
    ...(Object.keys(skipped).length > 0 ? { skipped } : {}),
  };
  const ann = template.podMetadata['annotations'];
  const out: Record<string, unknown> = { ...(isRecord(ann) ? ann : {}) };
  for (const exp of expansions) Object.assign(out, exp.annotations);
  const app = appNames[0];
  if (placed.proxyFirst && out[DEFAULT_CONTAINER_ANNOTATION] === undefined && app !== undefined)
    out[DEFAULT_CONTAINER_ANNOTATION] = app;
  out[STATUS_ANNOTATION] = JSON.stringify(status);
  return out;
}
