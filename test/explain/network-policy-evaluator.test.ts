import { describe, expect, test } from 'vitest';
import type { Manifest } from '../../src/contracts/manifest.js';
import { cidrContains, NetworkPolicyEvaluator, type NetworkEndpoint } from '../../src/explain/network-policy-evaluator.js';
import type { PolicySpec } from '../../src/explain/network-policy-shape.js';

const policy = (namespace: string, name: string, spec: PolicySpec): Manifest => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace },
  spec,
});
type Pod = Extract<NetworkEndpoint, { kind: 'pod' }>;
const pod = (namespace: string, labels: Record<string, string>): Pod => ({ kind: 'pod', namespace, labels });
const nsLabels = (ns: string) => ({ 'kubernetes.io/metadata.name': ns, ...(ns === 'team-a' ? { team: 'a' } : {}) });

const server = pod('team-a', { app: 'server' });
const gateway = pod('tool-gateway', { gw: 'tg' });
const intruder = pod('tool-gateway', { app: 'intruder' });
const tcp = (port: number) => ({ protocol: 'TCP' as const, port });

describe('NetworkPolicyEvaluator |', () => {
  test('allows everything when no policy selects either side', () => {
    expect(new NetworkPolicyEvaluator([], nsLabels).allows(gateway, server, tcp(8000))).toBe(true);
  });

  test('an ingress policy admits only its peers, on its ports', () => {
    const e = new NetworkPolicyEvaluator(
      [
        policy('team-a', 'server', {
          podSelector: { matchLabels: { app: 'server' } },
          ingress: [
            {
              from: [
                {
                  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tool-gateway' } },
                  podSelector: { matchLabels: { gw: 'tg' } },
                },
              ],
              ports: [{ protocol: 'TCP', port: 8000 }],
            },
          ],
        }),
      ],
      nsLabels,
    );
    expect(e.selecting(server, 'Ingress').map((p) => p.name)).toEqual(['server']);
    expect(e.selecting(server, 'Egress')).toEqual([]);
    expect(e.allows(gateway, server, tcp(8000))).toBe(true);
    expect(e.allows(gateway, server, tcp(8001))).toBe(false);
    expect(e.allows(intruder, server, tcp(8000))).toBe(false);
    // The server itself is not isolated for egress.
    expect(e.allows(server, intruder, tcp(80))).toBe(true);
  });

  test('a peer without namespaceSelector means the policy namespace only', () => {
    const e = new NetworkPolicyEvaluator(
      [policy('team-a', 'server', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { gw: 'tg' } } }] }] })],
      nsLabels,
    );
    expect(e.allows(gateway, server, tcp(8000))).toBe(false);
    expect(e.allows(pod('team-a', { gw: 'tg' }), server, tcp(8000))).toBe(true);
  });

  test('egress needs the source side too; ipBlock matches only endpoints outside the cluster', () => {
    const e = new NetworkPolicyEvaluator(
      [
        policy('tool-gateway', 'tg', {
          podSelector: { matchLabels: { gw: 'tg' } },
          policyTypes: ['Egress'],
          egress: [
            { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ protocol: 'TCP', port: 443, endPort: 444 }] },
          ],
        }),
      ],
      nsLabels,
    );
    expect(e.allows(gateway, { kind: 'external', ip: '203.0.113.7' }, tcp(443))).toBe(true);
    expect(e.allows(gateway, { kind: 'external', ip: '203.0.113.7' }, tcp(444))).toBe(true);
    expect(e.allows(gateway, { kind: 'external', ip: '203.0.113.7' }, tcp(445))).toBe(false);
    expect(e.allows(gateway, { kind: 'external', ip: '10.1.2.3' }, tcp(443))).toBe(false);
    expect(e.allows(gateway, server, tcp(443))).toBe(false);
  });
});

describe('cidrContains |', () => {
  test.each([
    ['10.0.0.0/8', '10.255.1.2', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['192.168.1.0/24', '192.168.1.255', true],
    ['192.168.1.0/24', '192.168.2.0', false],
    ['255.255.255.255/32', '255.255.255.255', true],
    ['0.0.0.0/0', '1.2.3.4', true],
    ['10.0.0.0/33', '10.0.0.1', false],
    ['10.0.0.0', '10.0.0.1', false],
    ['10.0.0.0/8', '::1', false],
    ['10.0.0.0/8', '10.0.0.256', false],
  ])('%s contains %s: %s', (cidr, ip, expected) => {
    expect(cidrContains(cidr, ip)).toBe(expected);
  });
});
