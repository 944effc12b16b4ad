import { createHash } from 'node:crypto';

/** Value of `app.kubernetes.io/managed-by` on everything we emit; also how our files are found. */
export const MANAGED_BY = 'cdk8s-tool-gateway';

export const LABEL_PREFIX = 'runtime.agentic-layer.ai';

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

/** Labels naming the intent an object came from: offline output has no owner UIDs, so labels carry ownership. */
export function provenanceLabels(from: {
  toolGateway?: { name: string; namespace: string };
  toolRoute?: string;
  toolServer?: string;
  guard?: string;
}): Record<string, string> {
  const labels: Record<string, string> = { 'app.kubernetes.io/managed-by': MANAGED_BY };
  if (from.toolGateway) {
    labels[`${LABEL_PREFIX}/toolgateway`] = labelValue(from.toolGateway.name);
    labels[`${LABEL_PREFIX}/toolgateway-namespace`] = from.toolGateway.namespace;
  }
  if (from.toolRoute) labels[`${LABEL_PREFIX}/toolroute`] = labelValue(from.toolRoute);
  if (from.toolServer) labels[`${LABEL_PREFIX}/toolserver`] = labelValue(from.toolServer);
  if (from.guard) labels[`${LABEL_PREFIX}/guard`] = labelValue(from.guard);
  return labels;
}
