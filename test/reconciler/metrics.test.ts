import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Metrics } from '../../src/reconciler/metrics.js';
import { parsePrometheusText } from '../support/prometheus-text.js';

describe('Metrics |', () => {
  it('renders counters and gauges that a strict parser reads back, label values of any text included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ value: fc.string({ maxLength: 20 }), by: fc.integer({ min: 1, max: 1000 }) }), { maxLength: 20 }),
        fc.double({ noNaN: false }),
        (incs, gaugeValue) => {
          const m = new Metrics();
          const c = m.counter('test_things_total', 'Things, by "kind".\nSecond line \\ with a backslash.', ['kind']);
          m.counter('test_plain_total', 'A counter never incremented.');
          m.gauge('test_level', 'A level.', () => gaugeValue);
          const oracle = new Map<string, number>();
          for (const { value, by } of incs) {
            c.inc({ kind: value }, by);
            oracle.set(value, (oracle.get(value) ?? 0) + by);
          }
          const text = m.render();
          const families = parsePrometheusText(text);
          expect([...families.keys()]).toEqual(['test_level', 'test_plain_total', 'test_things_total']);
          const things = families.get('test_things_total')!;
          expect(things.type).toBe('counter');
          expect(things.help).toBe('Things, by "kind".\nSecond line \\ with a backslash.');
          expect(new Map(things.samples.map((s) => [s.labels.kind!, s.value]))).toEqual(oracle);
          expect(families.get('test_plain_total')!.samples).toEqual([{ name: 'test_plain_total', labels: {}, value: 0 }]);
          const level = families.get('test_level')!;
          expect(level.type).toBe('gauge');
          expect(Object.is(level.samples[0]!.value, gaugeValue) || level.samples[0]!.value === gaugeValue).toBe(true);
          // Deterministic: the same state renders the same bytes.
          expect(m.render()).toBe(text);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the parser used above is strict: it refuses what the format does not allow', () => {
    const bad = [
      'a 1', // no final line feed
      'a{b="x} 1\n', // unterminated value
      'a{b="\\t"} 1\n', // bad escape
      'a{b="x",b="y"} 1\n', // label twice
      'a one\n', // not a number
      '# TYPE a counter\na -1\n', // negative counter
      'a 1\nb 1\na 2\n', // family not contiguous
      '# TYPE a counter\n# TYPE a gauge\n', // second TYPE
      'a{1b="x"} 1\n', // bad label name
      'a  1\n', // two spaces
      'a 1\r\n', // carriage return
    ];
    for (const text of bad) expect(() => parsePrometheusText(text), JSON.stringify(text)).toThrow();
    expect(parsePrometheusText('# a comment\n# HELP a x\n# TYPE a gauge\na{b="\\"q\\""} -Inf 123\n').get('a')!.samples).toEqual([
      { name: 'a', labels: { b: '"q"' }, value: -Infinity, timestamp: 123 },
    ]);
  });
});
