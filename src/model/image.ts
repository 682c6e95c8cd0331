/**
 * Image references as the kubelet and registries read them: `[registry[:port]/]repository[:tag][@digest]`
 * (github.com/distribution/reference). A `:` before the last `/` is a registry port, not a tag.
 */

/**
 * The repository part of an image reference, lower-cased and without tag or digest:
 * `docker.io/envoyproxy/envoy`. Repository names are lower-case by the reference grammar, so
 * lower-casing makes `Docker.io/Envoyproxy/Envoy` the same image as the registry sees it.
 */
export function imageRepository(image: string): string {
  let ref = image.trim().toLowerCase();
  const at = ref.indexOf('@');
  if (at >= 0) ref = ref.slice(0, at);
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) ref = ref.slice(0, colon);
  return ref;
}

/** The tag of an image reference: `latest`, `v1.28.0`; '' when none; null for a digest. */
export function imageTag(image: string): string | null {
  const ref = image.trim();
  if (ref.includes('@')) return null;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? ref.slice(colon + 1) : '';
}
