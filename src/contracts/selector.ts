/**
 * Kubernetes label selectors (`metav1.LabelSelector`) and what they match. The intent's zod
 * schema (src/intent/namespace-selector-schema.ts) is checked at compile time to describe
 * exactly this type; compile uses it for namespace consent, explain for NetworkPolicy peers.
 * The fields are not readonly so that they match the type zod infers.
 */

/** `metav1.LabelSelectorRequirement`: `In` and `NotIn` take values, `Exists` and `DoesNotExist` none. */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[] | undefined;
}

/** `metav1.LabelSelector`: every `matchLabels` entry and every requirement must hold; empty matches all. */
export interface LabelSelector {
  matchLabels?: Record<string, string> | undefined;
  matchExpressions?: LabelSelectorRequirement[] | undefined;
}

/** Whether `labels` satisfy a label selector (matchLabels AND every matchExpression). */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  return (selector.matchExpressions ?? []).every((r) => requirementMatches(r, labels));
}

function requirementMatches(r: LabelSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const value = Object.prototype.hasOwnProperty.call(labels, r.key) ? labels[r.key] : undefined;
  // The API server rejects In/NotIn without values; read a missing list as empty rather than throw.
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
  }
}
