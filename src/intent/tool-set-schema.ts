import { z } from 'zod';
import { objectReferenceSchema } from './common-schemas.js';
import { rateLimitSchema } from './rate-limit-schema.js';

/** agentgateway's spec.mcp.targets limit in v1.4.1 (the CRD's maxItems). */
export const MAX_TOOL_SET_MEMBERS = 32;

/** A member route: by name, in the ToolSet's namespace unless another is named. */
const memberRefSchema = z.strictObject({
  name: z.string().min(1, { error: 'a member needs the name of a ToolRoute' }),
  namespace: z.string().min(1).optional(),
});
export type ToolSetMemberRef = z.infer<typeof memberRefSchema>;

/**
 * `ToolSet.spec` (runtime.agentic-layer.ai/v1alpha1, our extension of the group): one MCP
 * endpoint, `/<namespace>/<name>/mcp` on the gateway, for the tools of several ToolRoutes.
 */
export const toolSetSpecSchema = z.strictObject({
  toolGatewayRef: objectReferenceSchema,
  routes: z
    .array(memberRefSchema)
    .min(1, { error: 'list at least one ToolRoute' })
    .max(MAX_TOOL_SET_MEMBERS, { error: `agentgateway v1.4.1 multiplexes at most ${MAX_TOOL_SET_MEMBERS} targets per backend` }),
  /**
   * How tool names are prefixed with the member's target name and `_`: `Conditional` (the
   * default) only with more than one member, `Always`, or `Never` (tool names must then be
   * unique across members).
   */
  prefixMode: z.enum(['Always', 'Conditional', 'Never']).default('Conditional'),
  /** A local rate limit on requests to the ToolSet's endpoint, all members together; see rate-limit-schema.ts. */
  rateLimit: rateLimitSchema.optional(),
});
export type ToolSetSpec = z.output<typeof toolSetSpecSchema>;
