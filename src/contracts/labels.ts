import { createHash } from 'node:crypto';

/** Value of `app.kubernetes.io/managed-by` on everything we emit; also how our files are found. */
export const MANAGED_BY = 'cdk8s-tool-gateway';

/** Prefix of the labels and annotations this project sets, the intent kinds' API group. */
export const LABEL_PREFIX = 'runtime.agentic-layer.ai';

/**
 * Label agentgateway's deployer puts on a Gateway's proxy pods (and Deployment), with the
 * Gateway's name as value; it selects them in its own pruning, so it is stable API.
 */
export const GATEWAY_POD_LABEL = 'gateway.networking.k8s.io/gateway-name';

/**
 * A label value is at most 63 characters; intent names may be longer (ToolRoute names are
 * DNS subdomains). Longer names are shortened to 54 characters plus a hash of the full name,
 * so two long names never share a value.
 */
export function labelValue(value: string): string {
  if (value.length <= 63) return value;
  const hash = createHash('sha256').update(value).digest('hex').slice(0, 8);
  return `${value.slice(0, 54).replace(/[^A-Za-z0-9]+$/, '')}-${hash}`;
}
