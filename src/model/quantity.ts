/**
 * Kubernetes resource quantities (apimachinery pkg/api/resource/quantity.go): parse, compare,
 * add, max and the canonical print (`1500m`, `2`, `128Mi`, `1536`).
 *
 * Values are kept exactly as a bigint count of nano-units (1e-9), the finest suffix the API has;
 * anything finer is rounded up, as Kubernetes rounds towards +infinity when it loses precision.
 */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** The value in units of 1e-9. */
  readonly nanos: bigint;
  /** How it was written, which decides how it prints (the left operand's wins in a sum). */
  readonly format: QuantityFormat;
}

const NANO = 1_000_000_000n;
const DECIMAL_SUFFIX: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIX: Readonly<Record<string, number>> = {
  Ki: 1,
  Mi: 2,
  Gi: 3,
  Ti: 4,
  Pi: 5,
  Ei: 6,
};
const BINARY_NAMES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

// 2^63 - 1, the largest magnitude apimachinery accepts.
const MAX_NANOS = (2n ** 63n - 1n) * NANO;

const GRAMMAR =
  /^([+-]?)(\d+\.?\d*|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E)?)$/;

/** The error message apimachinery gives for a string that is no quantity. */
export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/**
 * Parses a quantity string or number.
 * @returns the quantity, or null when the input does not match the grammar or is out of range
 */
export function parseQuantity(input: string | number): Quantity | null {
  const text = typeof input === 'number' ? numberToText(input) : input.trim();
  if (text === null) return null;
  const m = GRAMMAR.exec(text);
  if (m === null) return null;
  const [, sign, num, bin, exp, dec] = m;
  const [intPart, fracPart = ''] = num!.split('.');
  const digits = BigInt(`${intPart || '0'}${fracPart}`);
  let scale = -fracPart.length; // value = digits * 10^scale * multiplier
  let multiplier = 1n;
  let format: QuantityFormat = 'DecimalSI';
  if (bin !== undefined) {
    multiplier = 1024n ** BigInt(BINARY_SUFFIX[bin]!);
    format = 'BinarySI';
  } else if (exp !== undefined) {
    const e = Number(exp.slice(1));
    if (!Number.isSafeInteger(e) || Math.abs(e) > 100) return null;
    scale += e;
    format = 'DecimalExponent';
  } else {
    scale += DECIMAL_SUFFIX[dec ?? '']!;
  }
  // nanos = digits * multiplier * 10^(scale + 9), rounded up when scale + 9 < 0.
  const shift = scale + 9;
  let nanos: bigint;
  if (shift >= 0) {
    nanos = digits * multiplier * 10n ** BigInt(shift);
  } else {
    const div = 10n ** BigInt(-shift);
    const whole = digits * multiplier;
    nanos = whole / div + (whole % div === 0n ? 0n : 1n);
  }
  if (nanos > MAX_NANOS) return null;
  return { nanos: sign === '-' ? -nanos : nanos, format };
}

function numberToText(n: number): string | null {
  if (!Number.isFinite(n)) return null;
  // YAML numbers like `0.5` or `2` are quantities too (kubectl sends them as JSON numbers).
  return String(n).replace(/e\+?/, 'e');
}

/** -1, 0 or 1. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/** a + b, in a's format (as Quantity.Add keeps the receiver's). */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, format: a.format };
}

/** The larger of the two (a on a tie, as the helpers keep the existing value). */
export function maxQuantity(a: Quantity, b: Quantity): Quantity {
  return compareQuantities(b, a) > 0 ? b : a;
}

export function isZero(q: Quantity): boolean {
  return q.nanos === 0n;
}

export function zeroQuantity(format: QuantityFormat = 'DecimalSI'): Quantity {
  return { nanos: 0n, format };
}

/** The canonical string, as `Quantity.String()` prints it. */
export function formatQuantity(q: Quantity): string {
  if (q.nanos === 0n) return '0';
  const neg = q.nanos < 0n;
  const abs = neg ? -q.nanos : q.nanos;
  const sign = neg ? '-' : '';
  let format = q.format;
  if (format === 'BinarySI') {
    // Below 1024, or with a fraction, Kubernetes prints binary quantities as decimal.
    if (abs < 1024n * NANO || abs % NANO !== 0n) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let whole = abs / NANO;
    let k = 0;
    while (k < 6 && whole % 1024n === 0n) {
      whole /= 1024n;
      k++;
    }
    return `${sign}${whole.toString()}${BINARY_NAMES[k]!}`;
  }
  // Decimal: the largest exponent (a multiple of 3, from -9) that leaves an integer mantissa.
  let mantissa = abs;
  let exp = -9;
  while (exp < 18 && mantissa % 1000n === 0n) {
    mantissa /= 1000n;
    exp += 3;
  }
  if (format === 'DecimalExponent') {
    return exp === 0
      ? `${sign}${mantissa.toString()}`
      : `${sign}${mantissa.toString()}e${String(exp)}`;
  }
  const suffix = Object.entries(DECIMAL_SUFFIX).find(([, e]) => e === exp)![0];
  return `${sign}${mantissa.toString()}${suffix}`;
}

/** Parses and prints in one step (`0.5` → `500m`); null for an invalid quantity. */
export function canonicalQuantity(input: string | number): string | null {
  const q = parseQuantity(input);
  return q === null ? null : formatQuantity(q);
}
