/**
 * The catalog of an admission options object, loaded once per options object (serve builds one
 * options object per server and calls `admit` for every request).
 */
import { loadCatalog } from '../catalog/load.js';
import type { Catalog } from '../catalog/types.js';
import type { AdmissionOptions } from './types.js';

const loaded = new WeakMap<AdmissionOptions, Catalog>();

/**
 * The pre-loaded `catalog` of the options, else the built-in one plus `catalogPaths`.
 * @throws SidecarError SIDECAR_E_CATALOG for an invalid catalog file
 */
export function catalogOf(options: AdmissionOptions): Catalog {
  if (options.catalog !== undefined) return options.catalog;
  let catalog = loaded.get(options);
  if (catalog === undefined) {
    catalog = loadCatalog(options.catalogPaths ?? []);
    loaded.set(options, catalog);
  }
  return catalog;
}
