import { isStrictSubnet, parseCidr } from '../contracts/cidr.js';
import { formatFieldPath, type PathSegment } from '../contracts/field-path.js';
import { isJsonObject } from '../contracts/json.js';
import { valueText } from '../contracts/value-text.js';

const CIDR_ALLOWED = 'an IPv4 or IPv6 CIDR such as "10.0.0.0/8" or "2001:db8::/32"';

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/**
 * The API server's checks of a NetworkPolicy that the OpenAPI schema leaves out: in `ipBlock` peers,
 * `cidr` and every `except` entry are valid CIDRs and each `except` lies strictly inside `cidr`; in
 * label selectors, each `matchExpressions` operator is known, `In` and `NotIn` have values and `Exists`
 * and `DoesNotExist` have none. Fields that do not have the schema's types are left to the structural check.
 */
export function networkPolicyProblems(spec: unknown): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  if (!isJsonObject(spec)) return out;
  out.push(...selectorProblems(spec.podSelector, ['spec', 'podSelector']));
  for (const [direction, peersKey] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    const rules = spec[direction];
    if (!Array.isArray(rules)) continue;
    rules.forEach((rule: unknown, i) => {
      const peers = isJsonObject(rule) ? rule[peersKey] : undefined;
      if (!Array.isArray(peers)) return;
      peers.forEach((peer: unknown, j) => {
        if (!isJsonObject(peer)) return;
        const at = ['spec', direction, i, peersKey, j];
        if (isJsonObject(peer.ipBlock)) out.push(...ipBlockProblems(peer.ipBlock, [...at, 'ipBlock']));
        out.push(...selectorProblems(peer.podSelector, [...at, 'podSelector']));
        out.push(...selectorProblems(peer.namespaceSelector, [...at, 'namespaceSelector']));
      });
    });
  }
  return out;
}

function ipBlockProblems(block: Record<string, unknown>, at: PathSegment[]): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const cidr = typeof block.cidr === 'string' ? parseCidr(block.cidr) : undefined;
  if (typeof block.cidr === 'string' && !cidr) {
    out.push({ field: formatFieldPath([...at, 'cidr']), message: `${valueText(block.cidr)} is not a valid CIDR; use ${CIDR_ALLOWED}` });
  }
  if (!Array.isArray(block.except)) return out;
  block.except.forEach((text: unknown, k) => {
    if (typeof text !== 'string') return;
    const field = formatFieldPath([...at, 'except', k]);
    const except = parseCidr(text);
    if (!except) out.push({ field, message: `${valueText(text)} is not a valid CIDR; use ${CIDR_ALLOWED}` });
    else if (cidr && !isStrictSubnet(except, cidr)) {
      out.push({
        field,
        message: `${valueText(text)} is not a strict subset of cidr ${valueText(block.cidr)}; except must lie inside cidr`,
      });
    }
  });
  return out;
}

function selectorProblems(selector: unknown, at: PathSegment[]): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const expressions = isJsonObject(selector) ? selector.matchExpressions : undefined;
  if (!Array.isArray(expressions)) return out;
  expressions.forEach((e: unknown, i) => {
    if (!isJsonObject(e)) return;
    const { operator, values } = e;
    const count = Array.isArray(values) ? values.length : 0;
    if (typeof operator !== 'string') return;
    if (!OPERATORS.includes(operator)) {
      out.push({
        field: formatFieldPath([...at, 'matchExpressions', i, 'operator']),
        message: `${valueText(operator)} is not a valid operator; allowed: ${OPERATORS.join(', ')}`,
      });
    } else if ((operator === 'In' || operator === 'NotIn') && count === 0) {
      out.push({
        field: formatFieldPath([...at, 'matchExpressions', i, 'values']),
        message: `must not be empty when the operator is ${operator}`,
      });
    } else if ((operator === 'Exists' || operator === 'DoesNotExist') && count > 0) {
      out.push({
        field: formatFieldPath([...at, 'matchExpressions', i, 'values']),
        message: `must be empty when the operator is ${operator}`,
      });
    }
  });
  return out;
}
