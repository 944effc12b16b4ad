import { z } from 'zod';
import { toolFilterSchema } from './tool-filter-schema.js';
import { valueText } from '../contracts/value-text.js';

// Control characters in a claim name, value or scope are a typo in what the author wrote; keeping
// them out also keeps every CEL string literal on one line.
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit <= 0x1f || unit === 0x7f) return true;
  }
  return false;
}

// RFC 6749 §3.3 scope-token: printable ASCII except space, `"` and `\`.
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

// agentgateway answers `jwt.rawToken` with the bearer token itself, not a claim of that name.
const RESERVED_CLAIM = 'rawToken';

/** Why a claim name cannot be read, or undefined: dot-separated segments address nested maps (`realm_access.roles`). */
function claimNameProblem(name: string): string | undefined {
  if (hasControl(name)) return `claim name ${valueText(name)} contains a control character; only printable characters are allowed`;
  const segments = name.split('.');
  if (segments.some((s) => s === '')) {
    return 'a claim name is one or more non-empty segments separated by dots (a nested claim is realm_access.roles)';
  }
  if (segments[0] === RESERVED_CLAIM) return `${RESERVED_CLAIM} is the raw bearer token in agentgateway, not a claim; name a claim`;
  return undefined;
}

const claimValueSchema = z
  .string()
  .min(1)
  .refine((v) => !hasControl(v), {
    error: (issue) => `claim value ${valueText(issue.input)} contains a control character; only printable characters are allowed`,
  });

/** Who a rule admits: all listed claims (any listed value each) and all listed scopes. */
export const principalsSchema = z
  .strictObject({
    claims: z.record(z.string(), z.array(claimValueSchema).min(1, { error: 'list at least one value; any of them matches' })).optional(),
    scopes: z
      .array(
        z.string().regex(SCOPE_TOKEN, {
          error: (issue) =>
            `scope ${valueText(issue.input)} is not a scope token: printable ASCII without spaces, quotes or backslashes (RFC 6749)`,
        }),
      )
      .optional(),
  })
  .superRefine((p, ctx) => {
    // Checked here, not by the record's key schema, whose message zod replaces with "Invalid key".
    for (const name of Object.keys(p.claims ?? {})) {
      const problem = claimNameProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', path: ['claims', name], message: problem });
    }
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
