/**
 * Which catalog sidecar a container already in a pod is, by its image first, then by its name.
 * lint (what a classic sidecar in a Job does), migrate (which containers move) and inject (what
 * is already there) ask this one function, so they cannot disagree about whether a container is
 * Envoy; a user's `--catalog` entry teaches all three.
 */
import { imageRepository } from '../model/image.js';
import type { Catalog, CatalogEntry, CatalogMatch, SidecarRole } from './types.js';

export interface Recognition {
  readonly entry: CatalogEntry;
  /** A short product name for messages, e.g. `Envoy`. */
  readonly product: string;
  readonly role?: SidecarRole;
  readonly by: 'image' | 'name';
}

type Container = Readonly<Record<string, unknown>>;

/** Words of a container's command and args, for flag checks. */
export function commandWords(container: Container): string[] {
  const out: string[] = [];
  for (const key of ['command', 'args']) {
    const list = container[key];
    if (!Array.isArray(list)) continue;
    for (const w of list) if (typeof w === 'string') out.push(w);
  }
  return out;
}

/**
 * Istio's injector treats `image: auto` as "fill in at injection time" (gateway and override
 * templates in istio/istio pkg/kube/inject testdata): such a container is a partial override
 * for the injector, not something that runs as written.
 */
export function isInjectionPlaceholder(container: Container): boolean {
  return container['image'] === 'auto';
}

const patterns = new Map<string, RegExp>();

/** `envoyproxy/envoy` as whole segments from the right; `*` is anything inside one segment. */
function patternOf(image: string): RegExp {
  let re = patterns.get(image);
  if (re === undefined) {
    const body = image
      .toLowerCase()
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]*');
    re = new RegExp(`(^|/)${body}$`);
    patterns.set(image, re);
  }
  return re;
}

function imageMatches(match: CatalogMatch | undefined, repo: string, c: Container): boolean {
  if (repo === '' || !(match?.images ?? []).some((p) => patternOf(p).test(repo))) return false;
  const word = match?.command;
  // The word may stand alone (`agent`) or inside a shell line (`vault agent -config=...`).
  return word === undefined || commandWords(c).some((w) => w.split(/\s+/).includes(word));
}

function nameMatches(entry: CatalogEntry, name: string): boolean {
  return (
    name !== '' &&
    (entry.name === name || (entry.match?.names ?? []).some((n) => n.toLowerCase() === name))
  );
}

function recognition(entry: CatalogEntry, by: 'image' | 'name'): Recognition {
  return {
    entry,
    product: entry.product,
    ...(entry.role !== undefined ? { role: entry.role } : {}),
    by,
  };
}

/**
 * The catalog sidecar a container is, or null: an image match of any entry wins over a name
 * match, and injectable entries (the user's included) are looked at before the recognise-only
 * ones. A Vault image counts only when it runs `agent` (the same image is the Vault server), and
 * Istio's `image: auto` placeholder is never a sidecar.
 */
export function recognise(container: Container, catalog: Catalog): Recognition | null {
  if (isInjectionPlaceholder(container)) return null;
  const image = container['image'];
  const repo = typeof image === 'string' ? imageRepository(image) : '';
  const name = typeof container['name'] === 'string' ? container['name'].toLowerCase() : '';
  const all = [...catalog.entries.values(), ...(catalog.recogniseOnly ?? [])];
  const byImage = all.find((e) => imageMatches(e.match, repo, container));
  if (byImage !== undefined) return recognition(byImage, 'image');
  const byName = all.find((e) => nameMatches(e, name));
  return byName !== undefined ? recognition(byName, 'name') : null;
}
