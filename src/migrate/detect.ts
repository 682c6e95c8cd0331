/**
 * Finding classic sidecars: regular containers that are helpers of the app rather than the app.
 * A container is one when the user names it (`--sidecar`), when its image is a known sidecar
 * image of the catalog, or when its name is a catalog name or says "sidecar".
 */
import type { Catalog, CatalogEntry } from '../catalog/types.js';

export interface Detected {
  readonly name: string;
  readonly index: number;
  readonly entry?: CatalogEntry;
  readonly why: string;
}

/** The repository of an image reference, without tag or digest (`docker.io/istio/proxyv2`). */
export function imageRepository(image: string): string {
  const noDigest = image.split('@')[0] ?? image;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

function imageMatches(image: string, pattern: string): boolean {
  const repo = imageRepository(image);
  return repo === pattern || repo.endsWith('/' + pattern);
}

/** The catalog entry a container belongs to, by image first, then by name. */
export function entryOf(
  container: { name: string; image: string },
  catalog: Catalog,
): { entry: CatalogEntry; by: 'image' | 'name' } | undefined {
  for (const e of catalog.entries.values()) {
    if ((e.match?.images ?? []).some((p) => imageMatches(container.image, p)))
      return { entry: e, by: 'image' };
  }
  for (const e of catalog.entries.values()) {
    if (container.name === e.name || (e.match?.names ?? []).includes(container.name))
      return { entry: e, by: 'name' };
  }
  return undefined;
}

/** Names that say "sidecar" (the Kubernetes docs' `sidecar-container`). */
const SIDECAR_NAME = /(^|[-_])sidecar($|[-_])/i;

/** The classic sidecars among a pod's regular containers. */
export function detectClassicSidecars(
  containers: readonly unknown[],
  catalog: Catalog,
  explicit: readonly string[],
): Detected[] {
  const out: Detected[] = [];
  containers.forEach((c, index) => {
    if (c === null || typeof c !== 'object') return;
    const rec = c as Record<string, unknown>;
    const name = typeof rec['name'] === 'string' ? rec['name'] : '';
    const image = typeof rec['image'] === 'string' ? rec['image'] : '';
    const known = entryOf({ name, image }, catalog);
    const base = known !== undefined ? { entry: known.entry } : {};
    if (explicit.includes(name)) out.push({ name, index, ...base, why: 'named with --sidecar' });
    else if (known?.by === 'image')
      out.push({
        name,
        index,
        ...base,
        why: `image ${imageRepository(image)} is the catalog's ${known.entry.name}`,
      });
    else if (known?.by === 'name')
      out.push({ name, index, ...base, why: `name matches the catalog's ${known.entry.name}` });
    else if (SIDECAR_NAME.test(name))
      out.push({ name, index, why: 'its name says it is a sidecar' });
  });
  return out;
}
