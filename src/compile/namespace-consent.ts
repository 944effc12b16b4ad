import type { AllowedNamespaces, LabelSelector } from '../intent/namespace-selector-schema.js';

/** Whether `labels` satisfy a label selector (matchLabels AND every matchExpression). */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const r of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const value = labels[r.key];
    switch (r.operator) {
      case 'In':
        if (!has || !r.values!.includes(value)) return false;
        break;
      case 'NotIn':
        if (has && r.values!.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

export type ConsentResult =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: string }
  | { readonly unknownNamespace: string };

/**
 * Decides whether an owner in `ownerNamespace` admits a consumer in `consumerNamespace`.
 * Absent consent means `Same`. With `Selector`, the owner's own namespace is always admitted
 * (kagent semantics); other namespaces need known labels — an unknown namespace is reported,
 * never guessed.
 */
export function admitsNamespace(
  consent: AllowedNamespaces | undefined,
  ownerNamespace: string,
  consumerNamespace: string,
  namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>,
): ConsentResult {
  if (ownerNamespace === consumerNamespace) return { allowed: true };
  const from = consent?.from ?? 'Same';
  if (from === 'All') return { allowed: true };
  if (from === 'Same') return { allowed: false, reason: 'allowedNamespaces admits only its own namespace (from: Same, the default)' };
  const labels = namespaceLabels.get(consumerNamespace);
  if (!labels) return { unknownNamespace: consumerNamespace };
  return selectorMatches(consent!.selector!, labels)
    ? { allowed: true }
    : { allowed: false, reason: `namespace ${consumerNamespace} does not match allowedNamespaces.selector` };
}
