/** The one plain-object test of the library (manifest/objects.ts re-exports it). */

/** Plain-object test that also rejects arrays and null. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
