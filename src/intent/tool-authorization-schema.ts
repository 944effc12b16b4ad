import { z } from 'zod';
import { toolFilterSchema } from './tool-filter-schema.js';

// Control characters in a claim name, value or scope are a typo in what the author wrote; keeping
// them out also keeps every CEL string literal on one line.
const CONTROL = /[\u0000-\u001f\u007f]/;

// RFC 6749 §3.3 scope-token: printable ASCII except space, `"` and `\`.
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

// agentgateway answers `jwt.rawToken` with the bearer token itself, not a claim of that name.
const RESERVED_CLAIM = 'rawToken';

/** A claim name: dot-separated segments address nested maps (`realm_access.roles`). */
const claimNameSchema = z.string().superRefine((name, ctx) => {
  if (CONTROL.test(name)) ctx.addIssue({ code: 'custom', message: 'a claim name may not contain control characters' });
  else if (name.split('.').some((s) => s === '')) {
    ctx.addIssue({
      code: 'custom',
      message: 'a claim name is one or more non-empty segments separated by dots (a nested claim is realm_access.roles)',
    });
  } else if (name.split('.')[0] === RESERVED_CLAIM) {
    ctx.addIssue({ code: 'custom', message: `${RESERVED_CLAIM} is the raw bearer token in agentgateway, not a claim; name a claim` });
  }
});

const claimValueSchema = z
  .string()
  .min(1)
  .refine((v) => !CONTROL.test(v), { error: 'a claim value may not contain control characters' });

/** Who a rule admits: all listed claims (any listed value each) and all listed scopes. */
export const principalsSchema = z.strictObject({
  claims: z.record(claimNameSchema, z.array(claimValueSchema).min(1, { error: 'list at least one value; any of them matches' })).optional(),
  scopes: z
    .array(z.string().regex(SCOPE_TOKEN, { error: 'a scope is printable ASCII without spaces, quotes or backslashes (RFC 6749)' }))
    .optional(),
});
export type PrincipalsSpec = z.infer<typeof principalsSchema>;

/** One rule: the callers it admits and the tools they may call. */
export const authorizationRuleSchema = z.strictObject({
  principals: principalsSchema,
  tools: toolFilterSchema.optional(),
});
export type AuthorizationRuleSpec = z.infer<typeof authorizationRuleSchema>;

/** `ToolRoute.spec.authorization` (an extension): who may call which tool. */
export const toolAuthorizationSchema = z.strictObject({
  rules: z.array(authorizationRuleSchema).min(1, { error: 'list at least one rule, or leave authorization out' }),
});
export type ToolAuthorizationSpec = z.infer<typeof toolAuthorizationSchema>;
