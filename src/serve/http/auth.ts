/**
 * Bearer-token authentication: every request but the unauthenticated health and version paths
 * (kube-apiserver lets `system:unauthenticated` read /version, /healthz, /readyz and /livez
 * through the `system:public-info-viewer` role) must carry `Authorization: Bearer <token>`.
 * Tokens are compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const PUBLIC_PATHS = new Set(['/version', '/healthz', '/readyz', '/livez']);

/** Whether a path (no query) may be read without a token. */
export function isPublicPath(path: string): boolean {
  const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return (
    PUBLIC_PATHS.has(p) ||
    p.startsWith('/healthz/') ||
    p.startsWith('/readyz/') ||
    p.startsWith('/livez/')
  );
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/**
 * A checker for one token: true when the header is `Bearer <token>` (the scheme is
 * case-insensitive, as in k8s.io/apiserver's bearertoken authenticator). Comparing digests keeps
 * the time independent of where the strings differ and of their lengths.
 */
export function tokenChecker(token: string): (authorization: string | undefined) => boolean {
  const want = digest(token);
  return (authorization) => {
    if (authorization === undefined) return false;
    const m = /^bearer\s+(\S+)\s*$/i.exec(authorization);
    if (m === null) return false;
    return timingSafeEqual(digest(m[1]!), want);
  };
}
