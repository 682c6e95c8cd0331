/**
 * Query parameters as the apiserver reads them (the last value of a repeated parameter wins for
 * single-valued options, as url.Values.Get does the first: kubectl never repeats them).
 */
import { badRequest } from './status.js';

export type Query = Readonly<Record<string, string | string[] | undefined>>;

/** A single-valued parameter, or undefined. */
export function param(q: Query, name: string): string | undefined {
  const v = q[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A boolean parameter (`true`/`1`). */
export function flag(q: Query, name: string): boolean {
  const v = param(q, name);
  return v === 'true' || v === '1';
}

/**
 * A whole-number parameter, or undefined when absent.
 * @throws HttpStatusError 400 naming the parameter when it is not a whole number
 */
export function intParam(q: Query, name: string): number | undefined {
  const v = param(q, name);
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw badRequest(`invalid ${name}: ${v}: must be an integer`);
  return n;
}
