/**
 * Reading a manifest of any shape as the API server's JSON decoder would: absent and `null`
 * fields are the zero value (Go's encoding/json leaves them unset), a value of the wrong type is
 * an error that rejects the whole object.
 *
 * The real server answers such input with one decode error and no field validation, e.g.
 * `Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct
 * field PodSpec.spec.containers of type []v1.Container` (sigs.k8s.io/json, via
 * k8s.io/apimachinery runtime/serializer/json). We word it as a field error instead:
 * `spec.containers: Invalid value: "string": must be an array of objects`, naming the field and
 * the expected type, and keep validating the rest so that every problem shows at once.
 */
import { isRecord } from '../manifest/objects.js';
import { QUANTITY_FORMAT_ERROR, parseQuantity, type Quantity } from '../model/quantity.js';
import { report, type ApiCheck } from './check-context.js';
import { invalid } from './field-error.js';

/** The JSON type of a value, as the message names it. */
export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'bigint') return 'number';
  return typeof v;
}

function fail(c: ApiCheck, path: string, v: unknown, expected: string): undefined {
  report(c, 'api-decode', path, invalid(jsonType(v), `must be ${expected}`));
  return undefined;
}

/** An object field; undefined when absent, null or of the wrong type (reported). */
export function readObject(
  c: ApiCheck,
  path: string,
  v: unknown,
): Record<string, unknown> | undefined {
  if (v === undefined || v === null) return undefined;
  return isRecord(v) ? v : fail(c, path, v, 'an object');
}

/** An array field; `what` describes the items (`objects`, `strings`). */
export function readArray(
  c: ApiCheck,
  path: string,
  v: unknown,
  what: string,
): unknown[] | undefined {
  if (v === undefined || v === null) return undefined;
  return Array.isArray(v) ? v : fail(c, path, v, `an array of ${what}`);
}

/** An array of objects, with each non-object item reported (and skipped as undefined). */
export function readObjectList(
  c: ApiCheck,
  path: string,
  v: unknown,
): (Record<string, unknown> | undefined)[] | undefined {
  const items = readArray(c, path, v, 'objects');
  if (items === undefined) return undefined;
  return items.map((item, i) =>
    item === null ? {} : readObject(c, `${path}[${String(i)}]`, item),
  );
}

/** A string field; undefined when absent or null. */
export function readString(c: ApiCheck, path: string, v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : fail(c, path, v, 'a string');
}

/** A boolean field. */
export function readBool(c: ApiCheck, path: string, v: unknown): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'boolean' ? v : fail(c, path, v, 'a boolean');
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/** An integer field (`int32` or `int64` in Go); floats and out-of-range numbers are errors. */
export function readInt(c: ApiCheck, path: string, v: unknown, bits: 32 | 64): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) return fail(c, path, v, 'an integer');
  if (bits === 32 && (v < INT32.min || v > INT32.max)) return fail(c, path, v, 'a 32-bit integer');
  if (!Number.isSafeInteger(v)) return fail(c, path, v, 'a 64-bit integer');
  return v;
}

/** An IntOrString field (ports of probes and hooks): an integer or a string. */
export function readIntOrString(
  c: ApiCheck,
  path: string,
  v: unknown,
): number | string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isInteger(v) && v >= INT32.min && v <= INT32.max) return v;
  return fail(c, path, v, 'an integer or a string');
}

/**
 * A resource quantity (string or number). A string outside the grammar fails decoding with
 * resource.ErrFormatWrong's text (apimachinery pkg/api/resource/quantity.go).
 */
export function readQuantity(c: ApiCheck, path: string, v: unknown): Quantity | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number')
    return fail(c, path, v, 'a quantity (a string or a number)');
  const q = parseQuantity(v);
  if (q === null) {
    report(
      c,
      'api-decode',
      path,
      invalid(typeof v === 'string' ? v : String(v), QUANTITY_FORMAT_ERROR),
    );
    return undefined;
  }
  return q;
}
