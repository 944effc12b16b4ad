import { isCelError, run } from '@bufbuild/cel';
import { describe, expect, test } from 'vitest';
import { compareQuantities, parseQuantity, quantityFunctions } from '../../src/validate/cel-quantity.js';

const q = (s: string) => {
  const parsed = parseQuantity(s);
  if (!parsed) throw new Error(`not a quantity: ${s}`);
  return parsed;
};

describe('parseQuantity |', () => {
  test('reads plain, decimal-SI, binary and exponent forms exactly', () => {
    expect(compareQuantities(q('16Ki'), q('16384'))).toBe(0);
    expect(compareQuantities(q('1.5Gi'), q('1610612736'))).toBe(0);
    expect(compareQuantities(q('100m'), q('0.1'))).toBe(0);
    expect(compareQuantities(q('1e3'), q('1k'))).toBe(0);
    expect(compareQuantities(q('1E'), q('1e18'))).toBe(0);
    expect(compareQuantities(q('-1'), q('1n'))).toBe(-1);
    expect(compareQuantities(q('.5'), q('500m'))).toBe(0);
    expect(compareQuantities(q('1677216'), q('1677215'))).toBe(1);
  });

  test('rejects what the API server rejects', () => {
    for (const bad of ['', '.', '1K', '1 Gi', 'Gi', '1.2.3', '0x10', '1e']) expect(parseQuantity(bad)).toBeUndefined();
  });
});

describe('quantity CEL library |', () => {
  const cel = (expr: string) => run(expr, {}, { funcs: [...quantityFunctions] });

  test('compares, converts and does arithmetic', () => {
    expect(cel("quantity('16Ki').isLessThan(quantity('16385'))")).toBe(true);
    expect(cel("quantity('2Mi').isGreaterThan(quantity('1677215'))")).toBe(true);
    expect(cel("quantity('1k').compareTo(quantity('1000'))")).toBe(0n);
    expect(cel("quantity('1.5').isInteger()")).toBe(false);
    expect(cel("quantity('2k').asInteger()")).toBe(2000n);
    expect(cel("quantity('500m').asApproximateFloat()")).toBe(0.5);
    expect(cel("quantity('-3').sign()")).toBe(-1n);
    expect(cel("quantity('1Ki').add(quantity('1Ki')).compareTo(quantity('2Ki'))")).toBe(0n);
    expect(cel("quantity('1k').sub(1).asInteger()")).toBe(999n);
    expect(cel("isQuantity('1Gi') && !isQuantity('1GB')")).toBe(true);
  });

  test('an invalid quantity is an evaluation error', () => {
    const result = cel("quantity('1GB').isLessThan(quantity('1'))");
    expect(isCelError(result) ? result.message : result).toMatch(/invalid quantity "1GB"/);
  });
});
