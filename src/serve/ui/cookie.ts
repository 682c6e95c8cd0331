/**
 * The UI's session cookie. `serve` prints `/ui/?token=T` once; that request trades the bearer
 * token for a cookie (HttpOnly, Secure, SameSite=Strict, Path=/ui) so that the token leaves the
 * address bar and the page's own requests (the event stream, the logs) carry the cookie. The
 * cookie is not the token but an HMAC of it: a leaked cookie opens the read-only UI, never the
 * API, and the API routes never look at cookies (a cookie sent by a cross-site form would
 * otherwise act: CSRF).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const UI_COOKIE = 'sidecarctl_ui';

/** The cookie value for a token (hex HMAC-SHA256 of a fixed label, keyed by the token). */
export function uiCookieValue(token: string): string {
  return createHmac('sha256', token).update('sidecarctl serve ui session v1').digest('hex');
}

/** The Set-Cookie header that opens the UI for a browser session. */
export function setUiCookie(token: string): string {
  return `${UI_COOKIE}=${uiCookieValue(token)}; Path=/ui; HttpOnly; Secure; SameSite=Strict`;
}

/** The value of one cookie in a `Cookie` header; undefined when it is absent. */
export function cookieOf(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** A checker for one token: true when the `Cookie` header carries that token's UI cookie. */
export function uiCookieChecker(token: string): (cookieHeader: string | undefined) => boolean {
  const want = Buffer.from(uiCookieValue(token), 'utf8');
  return (header) => {
    const got = Buffer.from(cookieOf(header, UI_COOKIE) ?? '', 'utf8');
    return got.length === want.length && timingSafeEqual(got, want);
  };
}
