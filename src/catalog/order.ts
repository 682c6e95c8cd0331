/**
 * One consistent order for init containers when several catalog entries meet in a pod.
 *
 * Native sidecars start in `initContainers` order and each later init container waits for the
 * sidecars before it to be started (or to pass their startupProbe): kubernetes/kubernetes
 * pkg/kubelet/kuberuntime/kuberuntime_container.go computeInitContainerActions. So "vault-agent-init
 * needs the network" means it must come after the mesh proxy (istio/istio#43324), and a proxy
 * must come before the init containers that talk through it.
 *
 * The order is a stable topological sort: constraints first, then the original position, so an
 * order that already satisfies the constraints is kept as it is.
 */
import type { CatalogEntry } from './types.js';

export interface OrderNode {
  readonly name: string;
  /** Lower goes first when constraints allow (existing index, or after the existing ones). */
  readonly priority: number;
  /** The entry that placed this container, if any. */
  readonly entry?: CatalogEntry;
  /** A run-once helper of its entry (comes before the entry's sidecars). */
  readonly helper?: boolean;
}

export interface OrderResult {
  readonly order: string[];
  /** True when the constraints contradict each other; the order is then by priority. */
  readonly cycle: boolean;
}

function matches(node: OrderNode, name: string): boolean {
  return node.name === name || node.entry?.name === name;
}

/** Orders init containers by their entries' `after`/`before`/`needsNetwork`/`providesNetwork`. */
export function orderInitContainers(nodes: readonly OrderNode[]): OrderResult {
  const n = nodes.length;
  const edges = nodes.map(() => new Set<number>());
  const add = (from: number, to: number): void => {
    if (from !== to) edges[from]!.add(to);
  };
  nodes.forEach((node, i) => {
    const e = node.entry;
    if (e === undefined) return;
    const after = e.ordering?.after ?? [];
    const before = e.ordering?.before ?? [];
    nodes.forEach((other, j) => {
      if (i === j) return;
      const sameEntry = other.entry !== undefined && other.entry.name === e.name;
      if (sameEntry) {
        if (other.helper === true && node.helper !== true) add(j, i);
        return;
      }
      if (after.some((a) => matches(other, a))) add(j, i);
      if (before.some((b) => matches(other, b))) add(i, j);
      if (
        before.includes('*') &&
        !after.some((a) => matches(other, a)) &&
        !(other.entry?.ordering?.before ?? []).includes('*') &&
        !(other.entry?.ordering?.before ?? []).some((b) => matches(node, b))
      ) {
        add(i, j);
      }
      if (e.ordering?.needsNetwork === true && other.entry?.ordering?.providesNetwork === true)
        add(j, i);
    });
  });
  const indegree = nodes.map(() => 0);
  for (const set of edges) for (const j of set) indegree[j]!++;
  const done = new Array<boolean>(n).fill(false);
  const order: string[] = [];
  for (let step = 0; step < n; step++) {
    let pick = -1;
    for (let i = 0; i < n; i++) {
      if (done[i] || indegree[i]! > 0) continue;
      if (pick < 0 || nodes[i]!.priority < nodes[pick]!.priority) pick = i;
    }
    if (pick < 0) {
      const byPriority = [...nodes].sort((a, b) => a.priority - b.priority).map((x) => x.name);
      return { order: byPriority, cycle: true };
    }
    done[pick] = true;
    order.push(nodes[pick]!.name);
    for (const j of edges[pick]!) indegree[j]!--;
  }
  return { order, cycle: false };
}
