/**
 * Names and times as the API server makes them: generateName suffixes
 * (staging/src/k8s.io/apiserver/pkg/storage/names/generate.go SimpleNameGenerator: 5 characters
 * of utilrand's alphabet, the base cut to 58 so the name fits 63) and RFC 3339 timestamps
 * with second precision (metav1.Time's JSON form).
 */

/** k8s.io/apimachinery/pkg/util/rand: lowercase consonants and digits that read unambiguously. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
const RANDOM_LENGTH = 5;
const MAX_GENERATED_NAME_LENGTH = 63 - RANDOM_LENGTH;

/** A name from a generateName base (`web-` → `web-x7k2q`). `random` returns [0, 1). */
export function generateName(base: string, random: () => number): string {
  const head =
    base.length > MAX_GENERATED_NAME_LENGTH ? base.slice(0, MAX_GENERATED_NAME_LENGTH) : base;
  let suffix = '';
  for (let i = 0; i < RANDOM_LENGTH; i++) {
    const idx = Math.min(ALPHANUMS.length - 1, Math.floor(random() * ALPHANUMS.length));
    suffix += ALPHANUMS[idx] ?? 'x';
  }
  return head + suffix;
}

/** metav1.Time as JSON: `2026-12-02T01:02:03Z` (seconds, UTC). */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
