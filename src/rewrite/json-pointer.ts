/**
 * RFC 6901 JSON Pointers, as RFC 6902 patches and admission webhooks use them: `/` in a key is
 * written `~1` and `~` is written `~0` (an annotation key `sidecarctl.io/inject` becomes
 * `/metadata/annotations/sidecarctl.io~1inject`).
 */
export type PointerSegment = string;

/** Splits a pointer into its unescaped tokens; `''` is the whole document. */
export function parsePointer(pointer: string): PointerSegment[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw new Error(`invalid JSON pointer "${pointer}": must start with /`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Escapes one token. */
export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds a pointer from tokens. */
export function toPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${escapeToken(t)}`).join('');
}
