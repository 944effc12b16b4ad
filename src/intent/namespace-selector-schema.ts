import { z } from 'zod';
import type { LabelSelector } from '../contracts/selector.js';
import type { Assert, Equal } from './type-equal.js';

/** metav1.LabelSelectorRequirement. */
const requirementSchema = z
  .strictObject({
    key: z.string().min(1),
    operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
    values: z.array(z.string()).optional(),
  })
  .superRefine((r, ctx) => {
    const needsValues = r.operator === 'In' || r.operator === 'NotIn';
    if (needsValues && !r.values?.length) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: `operator ${r.operator} needs at least one value` });
    }
    if (!needsValues && r.values?.length) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: `operator ${r.operator} takes no values` });
    }
  });

/** metav1.LabelSelector over Namespace labels. */
export const labelSelectorSchema = z.strictObject({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z.array(requirementSchema).optional(),
});

/** Fails to compile when the schema no longer describes exactly the contract's LabelSelector. */
export type LabelSelectorSchemaMatchesContract = Assert<Equal<z.infer<typeof labelSelectorSchema>, LabelSelector>>;

/**
 * The rules both consent shapes share: `Selector` needs a non-empty selector (an empty one
 * matches everything — say `All`), and a selector with any other `from` would be ignored.
 */
function refineFromSelector(a: { from: string; selector?: LabelSelector }, ctx: z.RefinementCtx): void {
  if (a.from === 'Selector') {
    if (!a.selector) {
      ctx.addIssue({ code: 'custom', path: ['selector'], message: 'is required when from is Selector' });
    } else if (!a.selector.matchLabels && !a.selector.matchExpressions) {
      ctx.addIssue({
        code: 'custom',
        path: ['selector'],
        message: 'an empty selector matches every namespace; write from: All if that is what you mean',
      });
    }
  } else if (a.selector) {
    ctx.addIssue({ code: 'custom', path: ['selector'], message: `is only read when from is Selector, but from is ${a.from}` });
  }
}

/**
 * Owner consent for use from other namespaces (kagent's `allowedNamespaces` shape):
 * `Same` (the default) admits only the owner's namespace, `All` every namespace, `Selector` the
 * namespaces whose labels match `selector` — and always the owner's own.
 */
export const allowedNamespacesSchema = z
  .strictObject({
    from: z.enum(['Same', 'All', 'Selector']).default('Same'),
    selector: labelSelectorSchema.optional(),
  })
  .superRefine(refineFromSelector);
export type AllowedNamespaces = z.output<typeof allowedNamespacesSchema>;

/**
 * Which namespaces' routes may attach to a gateway, with Gateway API listener semantics: `All`
 * (the default here, as the operator's Gateway), `Same`, or `Selector` — and a selector must
 * match even the gateway's own namespace.
 */
export const allowedRoutesSchema = z.strictObject({
  namespaces: z
    .strictObject({
      from: z.enum(['All', 'Same', 'Selector']).default('All'),
      selector: labelSelectorSchema.optional(),
    })
    .superRefine(refineFromSelector),
});
export type AllowedRoutes = z.output<typeof allowedRoutesSchema>;
