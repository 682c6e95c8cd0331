/**
 * The bodies of apimachinery field errors, as `kubectl` shows them after the field path
 * (kubernetes/apimachinery pkg/util/validation/field/errors.go, `Error.ErrorBody` and the
 * constructors Required, Forbidden, Invalid, NotSupported, Duplicate, NotFound).
 *
 * ErrorBody prints the bad value by its Go type: int32/int64/float/bool with `%v`, strings with
 * `%q`, Stringers with String(), anything else with `%#v`; nil and nil pointers as `null`.
 * Required, Forbidden, TooLong and Internal print no value. A non-empty detail is appended
 * after `: `.
 */

/** A bad value as the API server holds it. `GoRaw` is printed as is (a `%#v` rendering). */
export type BadValue = string | number | boolean | null | GoRaw;

export interface GoRaw {
  readonly goRaw: string;
}

/** Go's `%q` for a string (close to JSON quoting; non-printable runes are escaped). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** The value part of an Invalid/NotSupported/Duplicate/NotFound body. */
export function formatBadValue(v: BadValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return v.goRaw;
}

function withDetail(head: string, detail: string): string {
  return detail === '' ? head : `${head}: ${detail}`;
}

/** `field.Required(path, detail)`: `Required value[: detail]`. */
export function required(detail = ''): string {
  return withDetail('Required value', detail);
}

/** `field.Forbidden(path, detail)`: `Forbidden: detail`. */
export function forbidden(detail: string): string {
  return withDetail('Forbidden', detail);
}

/** `field.Invalid(path, value, detail)`: `Invalid value: <value>: detail`. */
export function invalid(value: BadValue, detail: string): string {
  return withDetail(`Invalid value: ${formatBadValue(value)}`, detail);
}

/**
 * `field.NotSupported(path, value, valid)`: `Unsupported value: "x": supported values: "a", "b"`
 * (each valid value quoted with strconv.Quote and joined by ", ").
 */
export function notSupported(value: BadValue, supported: readonly string[]): string {
  const detail =
    supported.length > 0 ? `supported values: ${supported.map(goQuote).join(', ')}` : '';
  return withDetail(`Unsupported value: ${formatBadValue(value)}`, detail);
}

/** `field.Duplicate(path, value)`: `Duplicate value: "x"`. */
export function duplicate(value: BadValue): string {
  return `Duplicate value: ${formatBadValue(value)}`;
}

/** `field.NotFound(path, value)`: `Not found: "x"`. */
export function notFound(value: BadValue): string {
  return `Not found: ${formatBadValue(value)}`;
}

/** apimachinery validation.InclusiveRangeError. */
export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${String(lo)} and ${String(hi)}, inclusive`;
}

/** apimachinery validation.MaxLenError (TooLongError in newer releases, same text). */
export function maxLenError(length: number): string {
  return `must be no more than ${String(length)} characters`;
}

/** apimachinery validation.RegexError. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

/** apimachinery validation.IsNegativeErrorMsg. */
export const IS_NEGATIVE_ERROR_MSG = 'must be greater than or equal to 0';
