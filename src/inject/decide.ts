/**
 * Step 1 of inject: which of the wanted entries go into this pod, made concrete (Expansion), and
 * why the others do not: no such entry, another injector already did it, the Job policy in a
 * classic pod meant to complete (a classic sidecar keeps it running, istio/istio#11045), or a
 * container of the same name already there.
 */
import type { Catalog, CatalogEntry } from '../catalog/types.js';
import type { VersionInfo } from '../model/versions.js';
import type { Expansion } from './expand.js';
import type { InjectStatus } from './status.js';
import { expandFor } from './strategies.js';
import type { Notes } from './request.js';

/** What the decisions depend on besides the entry. */
export interface DecideInput {
  readonly wanted: readonly string[];
  readonly catalog: Catalog;
  readonly annotations: Readonly<Record<string, string>>;
  readonly previous: InjectStatus | undefined;
  readonly mode: 'native' | 'classic';
  /** The pod is meant to run to completion (manifest/objects.ts runsToCompletion). */
  readonly completes: boolean;
  /** Container names the pod already has (without a previous injection of ours). */
  readonly taken: readonly string[];
  /** `Kind/name`, for warnings. */
  readonly pod: string;
}

type Outcome = Expansion | { readonly skip: string };

/**
 * The Job policy, for a classic sidecar in a pod meant to complete: `skip` leaves the entry out,
 * `init-only` keeps only its run-once helpers (vault-k8s' agent-pre-populate-only).
 */
function jobPolicy(exp: Expansion, name: string): Outcome {
  const policy = exp.entry.jobPolicy ?? 'inject';
  if (policy === 'skip')
    return {
      skip: `the pod runs to completion and ${name} can only be a classic sidecar here (jobPolicy: skip); it would keep the pod running`,
    };
  if (policy === 'init-only') {
    if (exp.helpers.length === 0)
      return {
        skip: `the pod runs to completion; ${name} has no run-once part (jobPolicy: init-only)`,
      };
    return { ...exp, sidecars: [] };
  }
  return exp;
}

function decideOne(entry: CatalogEntry, input: DecideInput, taken: Set<string>): Outcome {
  const oursBefore = input.previous?.entries.includes(entry.name) ?? false;
  let exp = expandFor(entry, input.annotations, oursBefore);
  if ('skip' in exp) return exp;
  if (input.mode === 'classic' && input.completes) {
    exp = jobPolicy(exp, entry.name);
    if ('skip' in exp) return exp;
  }
  const added = [...exp.helpers, ...exp.sidecars].map((c) => String(c['name']));
  const clash = added.find((n) => taken.has(n));
  if (clash !== undefined) return { skip: `the pod already has a container named "${clash}"` };
  for (const n of added) taken.add(n);
  return exp;
}

/** The expansions to inject, in the order asked; the others get a decision saying why not. */
export function decide(input: DecideInput, notes: Notes): Expansion[] {
  const taken = new Set(input.taken);
  const out: Expansion[] = [];
  for (const name of input.wanted) {
    const entry = input.catalog.entries.get(name);
    if (entry === undefined) {
      const injectable = [...input.catalog.entries.keys()].join(', ');
      notes.decisions.push({
        entry: name,
        injected: false,
        reason: `no catalog entry named "${name}" (built-in: ${injectable})`,
      });
      notes.warnings.push(`${input.pod}: no catalog entry named "${name}"`);
      continue;
    }
    const outcome = decideOne(entry, input, taken);
    if ('skip' in outcome)
      notes.decisions.push({ entry: name, injected: false, reason: outcome.skip });
    else out.push(outcome);
  }
  return out;
}

/** Says what went in, and warns for a classic sidecar in a pod meant to complete. */
export function noteInjected(
  expansions: readonly Expansion[],
  mode: 'native' | 'classic',
  completes: boolean,
  version: VersionInfo,
  pod: string,
  notes: Notes,
): void {
  for (const exp of expansions) {
    const onlyHelpers = exp.sidecars.length === 0;
    notes.decisions.push({
      entry: exp.entry.name,
      injected: true,
      reason:
        mode === 'native'
          ? `asked for; native sidecar (restartPolicy: Always in initContainers) on ${version.version}${onlyHelpers ? ', run-once part only' : ''}`
          : `asked for; classic sidecar in containers on ${version.version}${onlyHelpers ? ' (run-once init container only)' : ''}`,
    });
    if (mode === 'classic' && completes && !onlyHelpers) {
      notes.warnings.push(
        `${pod}: classic sidecar ${exp.sidecars.map((s) => String(s['name'])).join(', ')} keeps this run-to-completion pod running after its main containers exit; the app must stop it, or ${version.sidecars ? `inject it as a native sidecar (--mode native: Kubernetes ${version.version} has them)` : 'use Kubernetes 1.29+ (native sidecars)'}`,
      );
    }
  }
}
