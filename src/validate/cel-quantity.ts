import { celFunc, celMap, celMethod, CelScalar, isCelMap, type CelFunc, type CelMap, type CelValue } from '@bufbuild/cel';
import { valueText } from '../contracts/value-text.js';

/** A Kubernetes resource quantity as an exact fraction `num / den` (den > 0), so comparisons never round. */
export interface Quantity {
  readonly num: bigint;
  readonly den: bigint;
}

/** k8s.io/apimachinery resource.ParseQuantity: a signed decimal, then a binary, decimal-SI or exponent suffix. */
const QUANTITY = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;
const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** Parses a quantity such as `16384`, `1.5Gi`, `100m` or `1e3`; undefined when it is not one. */
export function parseQuantity(text: string): Quantity | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  // The number group always matches; the others may be empty.
  const [, sign = '', number = '', suffix = ''] = m;
  const [whole = '', fraction = ''] = number.split('.');
  let num = BigInt(`${whole}${fraction}` || '0') * (sign === '-' ? -1n : 1n);
  let den = 10n ** BigInt(fraction.length);
  let exp10 = 0;
  const binary = BINARY[suffix];
  const decimal = DECIMAL[suffix];
  if (binary !== undefined) num *= 1024n ** BigInt(binary);
  else if (decimal !== undefined) exp10 = decimal;
  else if (suffix !== '') exp10 = Number(suffix.slice(1));
  // A huge exponent is not a quantity the API server accepts either.
  if (Math.abs(exp10) > 1000) return undefined;
  if (exp10 > 0) num *= 10n ** BigInt(exp10);
  if (exp10 < 0) den *= 10n ** BigInt(-exp10);
  return { num, den };
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

// CEL has no way to declare a new value type without a protobuf descriptor, so a quantity travels through
// an expression as a map holding one key no schema property can produce ('@' cannot be escaped).
const BRAND = '@quantity';

function toCel(q: Quantity): CelMap {
  return celMap(
    new Map([
      [
        BRAND,
        celMap(
          new Map<string, bigint>([
            ['num', q.num],
            ['den', q.den],
          ]),
        ),
      ],
    ]),
  );
}

function fromCel(v: CelValue): Quantity {
  const inner = isCelMap(v) ? v.get(BRAND) : undefined;
  if (!isCelMap(inner)) throw new Error('value is not a quantity');
  return { num: inner.get('num') as bigint, den: inner.get('den') as bigint };
}

function parseOrThrow(text: string): Quantity {
  const q = parseQuantity(text);
  if (!q) throw new Error(`invalid quantity ${valueText(text)}`);
  return q;
}

function plus(a: Quantity, b: Quantity, sign: bigint): Quantity {
  return { num: a.num * b.den + sign * b.num * a.den, den: a.den * b.den };
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const { STRING, BOOL, INT, DOUBLE, DYN } = CelScalar;

/**
 * The Kubernetes CEL quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go): `quantity()`,
 * `isQuantity()`, and the methods `sign`, `isInteger`, `asInteger`, `asApproximateFloat`, `add`, `sub`,
 * `isLessThan`, `isGreaterThan` and `compareTo`. The methods take any receiver and reject non-quantities
 * at run time, since a quantity is not a distinct CEL type here.
 */
export const quantityFunctions: readonly CelFunc[] = [
  celFunc('quantity', [STRING], DYN, (s) => toCel(parseOrThrow(s))),
  celFunc('isQuantity', [STRING], BOOL, (s) => parseQuantity(s) !== undefined),
  celMethod('sign', DYN, [], INT, function () {
    const q = fromCel(this);
    return q.num > 0n ? 1n : q.num < 0n ? -1n : 0n;
  }),
  celMethod('isInteger', DYN, [], BOOL, function () {
    const q = fromCel(this);
    return q.num % q.den === 0n;
  }),
  celMethod('asInteger', DYN, [], INT, function () {
    const q = fromCel(this);
    if (q.num % q.den !== 0n) throw new Error('cannot convert a quantity with a fractional part to an integer');
    const n = q.num / q.den;
    if (n < INT64_MIN || n > INT64_MAX) throw new Error('quantity does not fit in an int');
    return n;
  }),
  celMethod('asApproximateFloat', DYN, [], DOUBLE, function () {
    const q = fromCel(this);
    return Number(q.num) / Number(q.den);
  }),
  celMethod('add', DYN, [DYN], DYN, function (other) {
    return toCel(plus(fromCel(this), typeof other === 'bigint' ? { num: other, den: 1n } : fromCel(other), 1n));
  }),
  celMethod('sub', DYN, [DYN], DYN, function (other) {
    return toCel(plus(fromCel(this), typeof other === 'bigint' ? { num: other, den: 1n } : fromCel(other), -1n));
  }),
  celMethod('isLessThan', DYN, [DYN], BOOL, function (other) {
    return compareQuantities(fromCel(this), fromCel(other)) < 0;
  }),
  celMethod('isGreaterThan', DYN, [DYN], BOOL, function (other) {
    return compareQuantities(fromCel(this), fromCel(other)) > 0;
  }),
  celMethod('compareTo', DYN, [DYN], INT, function (other) {
    return BigInt(compareQuantities(fromCel(this), fromCel(other)));
  }),
];
