import { LABEL_PREFIX, labelValue, MANAGED_BY } from '../contracts/labels.js';

/** Labels naming the intent an object came from: offline output has no owner UIDs, so labels carry ownership. */
export function provenanceLabels(from: {
  toolGateway?: { name: string; namespace: string };
  toolRoute?: string;
  toolServer?: string;
  guard?: string;
  toolSet?: string;
}): Record<string, string> {
  const labels: Record<string, string> = { 'app.kubernetes.io/managed-by': MANAGED_BY };
  if (from.toolGateway) {
    labels[`${LABEL_PREFIX}/toolgateway`] = labelValue(from.toolGateway.name);
    labels[`${LABEL_PREFIX}/toolgateway-namespace`] = from.toolGateway.namespace;
  }
  if (from.toolRoute) labels[`${LABEL_PREFIX}/toolroute`] = labelValue(from.toolRoute);
  if (from.toolServer) labels[`${LABEL_PREFIX}/toolserver`] = labelValue(from.toolServer);
  if (from.guard) labels[`${LABEL_PREFIX}/guard`] = labelValue(from.guard);
  if (from.toolSet) labels[`${LABEL_PREFIX}/toolset`] = labelValue(from.toolSet);
  return labels;
}
