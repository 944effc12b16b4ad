import { describe, expect, it } from 'vitest';
import { networkPolicyProblems } from '../../src/validate/network-policy-rules.js';

const lines = (spec: unknown) => networkPolicyProblems(spec).map((p) => `${p.field}: ${p.message}`);

describe('networkPolicyProblems |', () => {
  it('accepts valid ipBlocks and selectors', () => {
    expect(
      lines({
        podSelector: { matchExpressions: [{ key: 'a', operator: 'Exists' }] },
        ingress: [
          {
            from: [
              { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
              { namespaceSelector: { matchExpressions: [{ key: 'b', operator: 'In', values: ['x'] }] } },
            ],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } }] }],
      }),
    ).toStrictEqual([]);
  });

  it('names each bad CIDR, except and selector requirement by field', () => {
    expect(
      lines({
        podSelector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
        ingress: [{ from: [{ ipBlock: { cidr: '999.0.0.0/77', except: ['nope'] } }] }],
        egress: [
          {
            to: [
              {
                ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/8', '::/64'] },
                podSelector: { matchExpressions: [{ key: 'k', operator: 'in' }] },
              },
            ],
          },
        ],
      }),
    ).toStrictEqual([
      'spec.podSelector.matchExpressions[0].values: must be empty when the operator is Exists',
      'spec.ingress[0].from[0].ipBlock.cidr: "999.0.0.0/77" is not a valid CIDR; use an IPv4 or IPv6 CIDR such as "10.0.0.0/8" or "2001:db8::/32"',
      'spec.ingress[0].from[0].ipBlock.except[0]: "nope" is not a valid CIDR; use an IPv4 or IPv6 CIDR such as "10.0.0.0/8" or "2001:db8::/32"',
      'spec.egress[0].to[0].ipBlock.except[0]: "10.0.0.0/8" is not a strict subset of cidr "10.0.0.0/8"; except must lie inside cidr',
      'spec.egress[0].to[0].ipBlock.except[1]: "::/64" is not a strict subset of cidr "10.0.0.0/8"; except must lie inside cidr',
      'spec.egress[0].to[0].podSelector.matchExpressions[0].operator: "in" is not a valid operator; allowed: In, NotIn, Exists, DoesNotExist',
    ]);
  });

  it('leaves wrong types to the structural check', () => {
    expect(lines(null)).toStrictEqual([]);
    expect(lines({ ingress: 3, egress: [{ to: 'x' }, 4], podSelector: { matchExpressions: 'x' } })).toStrictEqual([]);
  });
});
