/**
 * The built-in catalog: one entry per row of the seed's "common sidecar use cases" table (log
 * collection, service mesh, monitoring agent, config refresh, security proxy, debugging) and the
 * Alibaba Cloud ACK rows (Logtail, ARMS, ASM's Istio proxy). Images, ports and paths follow the
 * seed and the conventions in reference/injectors-and-linters.md ("Catalog conventions").
 *
 * The match lists hold what lint's recogniser knew about each product (whole path segments from
 * the right, so `envoy` is any `.../envoy` repository); recognise.ts reads them.
 *
 * The entries live by product family in builtin-logging.ts, builtin-proxies.ts, builtin-agents.ts
 * and builtin-ack.ts, and the recognise-only ones in builtin-recognised.ts; this file puts them
 * together in one fixed order (recognition and listing follow it).
 */
import { ACK_ENTRIES } from './builtin-ack.js';
import { AGENT_ENTRIES } from './builtin-agents.js';
import { LOGGING_ENTRIES } from './builtin-logging.js';
import { PROXY_ENTRIES } from './builtin-proxies.js';
import { BUILTIN_RECOGNISED } from './builtin-recognised.js';
import type { Catalog, CatalogEntry } from './types.js';

export { BUILTIN_RECOGNISED };

export const BUILTIN_ENTRIES: readonly CatalogEntry[] = [
  ...LOGGING_ENTRIES,
  ...PROXY_ENTRIES,
  ...AGENT_ENTRIES,
  ...ACK_ENTRIES,
];

/** The built-in catalog (load.ts adds the user's entries; it is here so validate need not load ajv). */
export function builtinCatalog(): Catalog {
  return {
    entries: new Map(BUILTIN_ENTRIES.map((e) => [e.name, e])),
    recogniseOnly: BUILTIN_RECOGNISED,
  };
}
