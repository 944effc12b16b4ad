import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent } from '../../src/reconciler/sse-parser.js';

/** Text of one field value: no line breaks (those end the line); anything else, leading spaces included. */
const value = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ':', '{', '"', 'é', '😀', '\t'), maxLength: 12 });
const eventArb = fc.record({
  lines: fc.array(value, { minLength: 1, maxLength: 4 }),
  event: fc.option(
    value.filter((v) => v.length > 0),
    { nil: undefined },
  ),
  id: fc.option(value, { nil: undefined }),
  retry: fc.option(fc.nat({ max: 100_000 }), { nil: undefined }),
  comment: fc.boolean(),
});
const newline = fc.constantFrom('\n', '\r', '\r\n');

describe('SseParser |', () => {
  it('gives back the events written, whatever the line endings and however the text is cut into chunks', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 8 }), newline, fc.array(fc.nat(), { maxLength: 10 }), (events, nl, cuts) => {
        // Writer (independent of the parser): one field per line, a space after the colon, a blank line per event.
        let text = '';
        const expected: SseEvent[] = [];
        const retries: number[] = [];
        let lastId: string | undefined;
        for (const e of events) {
          if (e.comment) text += `: keep-alive${nl}`;
          if (e.event !== undefined) text += `event: ${e.event}${nl}`;
          if (e.id !== undefined) {
            text += `id: ${e.id}${nl}`;
            lastId = e.id;
          }
          if (e.retry !== undefined) {
            text += `retry: ${e.retry}${nl}`;
            retries.push(e.retry);
          }
          for (const l of e.lines) text += `data: ${l}${nl}`;
          text += nl;
          expected.push({
            data: e.lines.join('\n'),
            ...(e.event !== undefined ? { event: e.event } : {}),
            ...(lastId !== undefined ? { id: lastId } : {}),
          });
        }
        const got: SseEvent[] = [];
        const gotRetries: number[] = [];
        const parser = new SseParser(
          (e) => got.push(e),
          (ms) => gotRetries.push(ms),
        );
        const points = [...new Set(cuts.map((c) => (text.length === 0 ? 0 : c % text.length)))].sort((a, b) => a - b);
        let from = 0;
        for (const p of [...points, text.length]) {
          parser.feed(text.slice(from, p));
          from = p;
        }
        expect(got).toEqual(expected);
        expect(gotRetries).toEqual(retries);
        expect(parser.lastEventId).toBe(lastId);
      }),
      { numRuns: 300 },
    );
  });

  it('does not dispatch an event without data, ignores an invalid retry, and refuses an event larger than its cap', () => {
    const got: SseEvent[] = [];
    const retries: number[] = [];
    const parser = new SseParser(
      (e) => got.push(e),
      (ms) => retries.push(ms),
      100,
    );
    parser.feed('id: 7\nevent: x\n\nretry: 1s\nretry: 250\ndata\n\n');
    expect(got).toEqual([{ data: '', id: '7' }]);
    expect(retries).toEqual([250]);
    expect(() => parser.feed(`data: ${'x'.repeat(200)}`)).toThrow(/exceeds 100 characters/);
  });
});
