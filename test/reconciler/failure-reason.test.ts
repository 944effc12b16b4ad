import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanMessage, failureMessage, failureReason, MAX_FAILURE_MESSAGE } from '../../src/reconciler/failure-reason.js';
import { McpRequestError } from '../../src/reconciler/mcp-request-error.js';

describe('failureReason |', () => {
  it('tells a wrong path from a lost session by whether the request carried a session id', () => {
    expect(failureReason(new McpRequestError('initialize: HTTP 404', 404))).toBe('McpEndpointNotFound');
    expect(failureReason(new McpRequestError('tools/list: HTTP 404', 404, -32001, 'abc'))).toBe('SessionLost');
    expect(failureReason(new McpRequestError('tools/list: HTTP 400', 400, undefined, 'abc'))).toBe('SessionLost');
    expect(failureReason(new McpRequestError('tools/list: HTTP 400', 400))).toBe('BadRequest');
    expect(failureReason(new McpRequestError('x', 401, undefined, 'abc'))).toBe('Unauthorized');
    expect(failureReason(new McpRequestError('x', 403))).toBe('Forbidden');
    expect(failureReason(new McpRequestError('x', 500))).toBe('ListFailed');
    expect(failureReason(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBe('Unreachable');
    expect(failureReason(new Error('tools/list: no answer within 10 ms (timed out)'))).toBe('Unreachable');
    expect(failureReason(new Error('something else'))).toBe('ListFailed');
  });
});

describe('failure messages |', () => {
  it('strip markup, add the system error code, and stay within the cap', () => {
    expect(failureMessage(Object.assign(new Error('connect refused'), { code: 'ECONNREFUSED' }))).toBe('connect refused (ECONNREFUSED)');
    expect(
      cleanMessage('<html><head><style>p{}</style><script>alert(1)</script></head><body><h1>404 Not Found</h1><!-- x --></body></html>'),
    ).toBe('404 Not Found');
    const long = cleanMessage('x'.repeat(10_000));
    expect(long).toHaveLength(MAX_FAILURE_MESSAGE);
    expect(long.endsWith('…')).toBe(true);
  });

  it('whatever the text: at most 256 characters, no tags, no raw control characters, no line breaks', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('<p>', '</div>', '<a href="x">', '<!-- c -->', '\u001b[31m', '\n', '\r\n', '\u202e', '<b', 'a > b'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const m = cleanMessage(parts.join(''));
        expect(m.length).toBeLessThanOrEqual(MAX_FAILURE_MESSAGE);
        expect(m).not.toMatch(/<\/?[a-zA-Z!][^<>]*>/);
        expect(m).not.toMatch(/[\p{Cc}\u202e]/u);
      }),
      { numRuns: 500 },
    );
  });
});
