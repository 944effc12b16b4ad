import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backoff, retryDelay } from '../../src/reconciler/backoff.js';
import { KubeError, parseRetryAfter } from '../../src/reconciler/kube-client.js';
import { McpRequestError, modernRequest, speaksModern } from '../../src/reconciler/modern-mcp.js';
import { resolveSettings, DEFAULT_SETTINGS } from '../../src/reconciler/settings.js';
import { deepEqual, mergePatch } from '../../src/reconciler/status-writer.js';
import { compareSurfaces, describeChange, toolSurface } from '../../src/reconciler/tool-surface.js';
import { McpGateway, ModernMcp, StatefulMcp, StatelessMcp } from '../support/reconciler/mcp-test-servers.js';

describe('Backoff |', () => {
  it('doubles its ceiling up to the maximum, jittered within [ceiling/2, ceiling], and starts over after reset', () => {
    const low = new Backoff(100, 1000, () => 0);
    expect([1, 2, 3, 4, 5, 6].map(() => low.next())).toStrictEqual([50, 100, 200, 400, 500, 500]);
    const high = new Backoff(100, 1000, () => 1);
    expect([1, 2, 3, 4, 5].map(() => high.next())).toStrictEqual([100, 200, 400, 800, 1000]);
    high.reset();
    expect(high.next()).toBe(100);
  });

  it('waits at least a Retry-After, a little more at most, and otherwise the next step', () => {
    expect(retryDelay(new KubeError('busy', 429, 3000), new Backoff(100, 1000, () => 0))).toBe(3000);
    expect(retryDelay(new KubeError('busy', 429, 3000), new Backoff(10_000, 60_000, () => 1))).toBe(4000);
    expect(retryDelay(new KubeError('down', 503), new Backoff(100, 1000, () => 1))).toBe(100);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('Fri, 01 May 2026 10:00:05 GMT', Date.parse('2026-05-01T10:00:00Z'))).toBe(5000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('mergePatch |', () => {
  it('sends only what changed, nulls owned keys that are gone, and leaves others alone', () => {
    const from = { url: 'http://a', conditions: [{ type: 'Ready', status: 'True' }], tools: { count: 1 }, foreign: 'x' };
    expect(
      mergePatch(from, { url: 'http://a', conditions: [{ type: 'Ready', status: 'True' }] }, ['url', 'conditions', 'tools']),
    ).toStrictEqual({ tools: null });
    expect(
      mergePatch(from, { url: 'http://b', conditions: [{ status: 'True', type: 'Ready' }], tools: { count: 1 } }, [
        'url',
        'conditions',
        'tools',
      ]),
    ).toStrictEqual({ url: 'http://b' });
    expect(
      mergePatch(from, { url: 'http://a', conditions: [{ type: 'Ready', status: 'True' }], tools: { count: 1 } }, [
        'url',
        'conditions',
        'tools',
      ]),
    ).toBeUndefined();
    expect(
      mergePatch({ mcp: { mode: 'Session', sessionLosses: 1 } }, { mcp: { mode: 'Session', sessionLosses: 2 } }, ['mcp']),
    ).toStrictEqual({ mcp: { sessionLosses: 2 } });
  });

  it('compares JSON structurally, whatever the key order', () => {
    expect(deepEqual({ a: [1, { b: 2, c: 3 }] }, { a: [1, { c: 3, b: 2 }] })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
  });
});

describe('tool surface |', () => {
  const t = (name: string, description = `${name} tool`) => ({ name, description, inputSchema: { type: 'object' } });

  it('summarises names (sorted), count and a digest that ignores key order and listing order', () => {
    const a = toolSurface([t('b'), t('a')]);
    expect(a.summary.names).toStrictEqual(['a', 'b']);
    expect(a.summary.count).toBe(2);
    expect(toolSurface([{ inputSchema: { type: 'object' }, description: 'a tool', name: 'a' }, t('b')]).summary.digest).toBe(
      a.summary.digest,
    );
  });

  it('tells added, removed and changed tools apart, and says less when only a recorded summary is known', () => {
    const before = toolSurface([t('a'), t('b'), t('c')]);
    const after = toolSurface([t('a', 'now different'), t('c'), t('d')]);
    const change = compareSurfaces(before, after)!;
    expect(change).toStrictEqual({ added: ['d'], removed: ['b'], changed: ['a'] });
    expect(describeChange(change)).toBe('added: d; removed: b; changed: a');
    expect(compareSurfaces(before, toolSurface([t('c'), t('b'), t('a')]))).toBeUndefined();
    expect(describeChange(compareSurfaces({ summary: before.summary }, toolSurface([t('a', 'x'), t('b'), t('c')]))!)).toBe(
      'tool definitions changed',
    );
  });
});

describe('settings |', () => {
  it('takes what the plan sets and defaults the rest; a value of the wrong type is ignored', () => {
    expect(resolveSettings({ backoffBaseMs: 5, mcpProbe: false, watchTimeoutSeconds: 'x' as unknown as number })).toStrictEqual({
      ...DEFAULT_SETTINGS,
      backoffBaseMs: 5,
      mcpProbe: false,
    });
  });
});

describe('2026-07-28 detection |', () => {
  const gateway = new McpGateway();
  const base = () => `http://127.0.0.1:${gateway.port}`;
  const modern = new ModernMcp({ tools: [{ name: 'm' }] });

  beforeAll(async () => {
    await gateway.start();
    gateway.mount('/modern', modern);
    gateway.mount('/stateless', new StatelessMcp({ tools: [{ name: 's' }] }));
    gateway.mount('/stateful', new StatefulMcp({ tools: [{ name: 'f' }] }));
  });
  afterAll(() => gateway.stop());

  it('recognises a modern server, and falls back for 2025 servers, stateless or stateful', async () => {
    expect(await speaksModern(`${base()}/modern`, 2000)).toBe(true);
    expect(await speaksModern(`${base()}/stateless`, 2000)).toBe(false);
    expect(await speaksModern(`${base()}/stateful`, 2000)).toBe(false);
    expect(await speaksModern(`${base()}/nowhere`, 2000)).toBe(false);
  });

  it('sends the protocol version in header and _meta, and Mcp-Method; a JSON-RPC error is an McpRequestError', async () => {
    expect(await modernRequest(`${base()}/modern`, 'tools/list', {}, 2000)).toStrictEqual({
      tools: [expect.objectContaining({ name: 'm' })],
    });
    const seen = gateway.requests('/modern', 'tools/list').at(-1)!;
    expect(seen).toMatchObject({ protocolVersion: '2026-07-28', mcpMethod: 'tools/list', sessionId: undefined });
    await expect(modernRequest(`${base()}/modern`, 'prompts/list', {}, 2000)).rejects.toMatchObject({
      name: 'McpRequestError',
      status: 404,
      rpcCode: -32601,
    });
    expect(modern.stats.rejected).toBe(0);
    expect(new McpRequestError('x', 400)).toBeInstanceOf(Error);
  });
});
