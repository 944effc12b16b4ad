import { selectorMatches } from '../../contracts/selector.js';
import type { AllowedNamespaces } from '../../intent/namespace-selector-schema.js';

export type ConsentResult =
  { readonly allowed: true } | { readonly allowed: false; readonly reason: string } | { readonly unknownNamespace: string };

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
  /** The owner's consent field, as reasons name it. */
  field = 'allowedNamespaces',
): ConsentResult {
  if (ownerNamespace === consumerNamespace) return { allowed: true };
  const from = consent?.from ?? 'Same';
  if (from === 'All') return { allowed: true };
  if (from === 'Same') return { allowed: false, reason: `${field} admits only its own namespace (from: Same, the default)` };
  // The intent schema requires a selector with from: Selector; without one, nothing is admitted.
  const selector = consent?.selector;
  if (!selector) return { allowed: false, reason: `${field} has from: Selector but no selector` };
  const labels = namespaceLabels.get(consumerNamespace);
  if (!labels) return { unknownNamespace: consumerNamespace };
  return selectorMatches(selector, labels)
    ? { allowed: true }
    : { allowed: false, reason: `namespace ${consumerNamespace} does not match ${field}.selector` };
}

/**
 * Why a consent check refused, in one message that names both sides and the rule; undefined
 * when it admitted. `subject` says what was refused (`routes from namespace team-a`), and
 * `ownerField` where the owner can change it.
 */
export function consentRefusal(result: ConsentResult, owner: string, subject: string, ownerField: string): string | undefined {
  if ('unknownNamespace' in result) {
    return `${owner} admits namespaces by label, but the labels of namespace ${result.unknownNamespace} are unknown; add a v1 Namespace document (or a KnownNamespace) for it`;
  }
  if (!result.allowed) return `${owner} does not admit ${subject}: ${result.reason}; its owner must allow it in ${ownerField}`;
  return undefined;
}
