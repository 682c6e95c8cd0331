/**
 * Finding classic sidecars: regular containers that are helpers of the app rather than the app.
 * A container is one when the user names it (`--sidecar`), when the catalog recognises its image
 * or name (catalog/recognise.ts, as lint does), or when its name says "sidecar".
 */
import { recognise } from '../catalog/recognise.js';
import type { Catalog, CatalogEntry } from '../catalog/types.js';
import { isRecord } from '../manifest/objects.js';
import { imageRepository } from '../model/image.js';

export interface Detected {
  readonly name: string;
  readonly index: number;
  readonly entry?: CatalogEntry;
  readonly why: string;
}

/** Names that say "sidecar" (the Kubernetes docs' `sidecar-container`). */
const SIDECAR_NAME = /(^|[-_])sidecar($|[-_])/i;

function detect(
  rec: Readonly<Record<string, unknown>>,
  index: number,
  catalog: Catalog,
  explicit: readonly string[],
): Detected | null {
  const name = typeof rec['name'] === 'string' ? rec['name'] : '';
  const image = typeof rec['image'] === 'string' ? rec['image'] : '';
  const known = recognise(rec, catalog);
  const base = { name, index, ...(known !== null ? { entry: known.entry } : {}) };
  if (explicit.includes(name)) return { ...base, why: 'named with --sidecar' };
  if (known?.by === 'image')
    return { ...base, why: `image ${imageRepository(image)} is the catalog's ${known.entry.name}` };
  if (known?.by === 'name')
    return { ...base, why: `name matches the catalog's ${known.entry.name}` };
  if (SIDECAR_NAME.test(name)) return { name, index, why: 'its name says it is a sidecar' };
  return null;
}

/** The classic sidecars among a pod's regular containers. */
export function detectClassicSidecars(
  containers: readonly unknown[],
  catalog: Catalog,
  explicit: readonly string[],
): Detected[] {
  const out: Detected[] = [];
  containers.forEach((c, index) => {
    if (!isRecord(c)) return;
    const found = detect(c, index, catalog, explicit);
    if (found !== null) out.push(found);
  });
  return out;
}
