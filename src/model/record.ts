/** The one plain-object test of the library (manifest/objects.ts re-exports it). */

/** Plain-object test that also rejects arrays and null. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `obj[key]` when `key` is the object's own: user-named keys such as `valueOf`, `constructor`
 * or `toString` must not find the methods every object inherits.
 */
export function ownValue<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** `obj[key] = value` that makes an own property even for `__proto__` (which would set the prototype). */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * A user value as message text. `String(v)` throws on an object whose `toString` is not a
 * function (a manifest can say `toString: 1`) and prints `[object Object]` otherwise.
 */
export function displayValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === null)
    return String(v);
  if (v === undefined) return '';
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return Array.isArray(v) ? '[...]' : '{...}';
  }
}
