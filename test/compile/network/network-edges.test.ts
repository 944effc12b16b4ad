import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { rulesFromEdges, type Edge } from '../../../src/compile/network/network-edges.js';

const server = (app: string, port: number, namespace = 'team-a'): Edge => ({
  peer: { namespace, podLabels: { app } },
  protocol: 'TCP',
  port,
});

describe('rulesFromEdges |', () => {
  test('two servers in one namespace on the same port give one rule listing both', () => {
    expect(rulesFromEdges([server('a', 8080), server('b', 8080)], 'to')).toEqual([
      {
        to: [
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'team-a' } }, podSelector: { matchLabels: { app: 'a' } } },
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'team-a' } }, podSelector: { matchLabels: { app: 'b' } } },
        ],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
    ]);
  });

  test('an edge without a port gives a rule for every port of its protocol, before the numbered ones', () => {
    const anyPort: Edge = { peer: { namespace: 'guards' }, protocol: 'TCP' };
    const rules = rulesFromEdges([server('a', 8080), anyPort, anyPort], 'to');
    expect(rules).toEqual([
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'guards' } } }], ports: [{ protocol: 'TCP' }] },
      {
        to: [
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'team-a' } }, podSelector: { matchLabels: { app: 'a' } } },
        ],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
    ]);
  });

  test('different ports give two rules', () => {
    const rules = rulesFromEdges([server('a', 8080), server('b', 9090)], 'to');
    expect(rules.map((r) => r.ports)).toEqual([[{ protocol: 'TCP', port: 8080 }], [{ protocol: 'TCP', port: 9090 }]]);
  });

  test('duplicate edges collapse, and external peers use ipBlock', () => {
    const world: Edge = { peer: { cidr: '0.0.0.0/0' }, protocol: 'TCP', port: 443 };
    expect(rulesFromEdges([world, world, world], 'to')).toEqual([
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] },
    ]);
  });

  test('every rule names its port: a rule without one would allow every port', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ app: fc.constantFrom('a', 'b', 'c'), port: fc.integer({ min: 1, max: 65535 }) }), {
          minLength: 1,
          maxLength: 10,
        }),
        (xs) => {
          for (const rule of rulesFromEdges(
            xs.map((x) => server(x.app, x.port)),
            'to',
          )) {
            expect((rule.ports as { port?: number }[]).every((p) => typeof p.port === 'number')).toBe(true);
          }
        },
      ),
    );
  });

  test('the result does not depend on the order of the edges', () => {
    const edge = fc
      .record({
        app: fc.constantFrom('a', 'b', 'c'),
        ns: fc.constantFrom('x', 'y'),
        port: fc.constantFrom(53, 80, 8080),
        udp: fc.boolean(),
      })
      .map((e): Edge => ({ peer: { namespace: e.ns, podLabels: { app: e.app } }, protocol: e.udp ? 'UDP' : 'TCP', port: e.port }));
    fc.assert(
      fc.property(
        fc
          .array(edge, { maxLength: 12 })
          .chain((es) => fc.shuffledSubarray(es, { minLength: es.length, maxLength: es.length }).map((sh): [Edge[], Edge[]] => [es, sh])),
        ([a, b]) => {
          expect(JSON.stringify(rulesFromEdges(b, 'from'))).toBe(JSON.stringify(rulesFromEdges(a, 'from')));
        },
      ),
    );
  });
});
