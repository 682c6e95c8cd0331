/**
 * How an entry is made concrete for a pod: by default its parameters filled from defaults and
 * `sidecarctl.io/<entry>.<param>` annotations (expand.ts); an entry may declare a strategy
 * (`expand` in the catalog) that also honours another injector's annotations, so pods written
 * for that injector work unchanged. vault-k8s is the one built in (vault.ts).
 */
import type { CatalogEntry, ExpandStrategy } from '../catalog/types.js';
import { expandEntry, type Expansion } from './expand.js';
import { expandVault, vaultStatus, wantsVault } from './vault.js';

type Annotations = Readonly<Record<string, string>>;

export interface Strategy {
  /** Whether the pod asks for the entry with the strategy's own annotations. */
  asks(annotations: Annotations): boolean;
  /** Why the other injector already did it (its own status annotation), or null. */
  alreadyDone(annotations: Annotations): string | null;
  expand(entry: CatalogEntry, annotations: Annotations): Expansion;
}

const PLAIN: Strategy = {
  asks: () => false,
  alreadyDone: () => null,
  expand: expandEntry,
};

const STRATEGIES: Readonly<Record<ExpandStrategy, Strategy>> = {
  'vault-k8s': {
    asks: wantsVault,
    alreadyDone(annotations) {
      // vault-k8s' status: `injected` blocks another injection, `update` allows it.
      const st = vaultStatus(annotations);
      return st !== undefined && st.trim().toLowerCase() !== 'update'
        ? `vault.hashicorp.com/agent-inject-status is "${st}": already injected`
        : null;
    },
    expand: expandVault,
  },
};

export function strategyOf(entry: CatalogEntry): Strategy {
  return entry.expand !== undefined ? STRATEGIES[entry.expand] : PLAIN;
}

/**
 * The entry made concrete for a pod, or why it is not injected. The strategy applies only when
 * the pod uses its annotations; its "already done" check is skipped when the previous injection
 * was ours (a re-run must be able to update it).
 */
export function expandFor(
  entry: CatalogEntry,
  annotations: Annotations,
  oursBefore: boolean,
): Expansion | { readonly skip: string } {
  const s = strategyOf(entry);
  if (!s.asks(annotations)) return expandEntry(entry, annotations);
  const done = oursBefore ? null : s.alreadyDone(annotations);
  return done !== null ? { skip: done } : s.expand(entry, annotations);
}
