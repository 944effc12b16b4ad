import { z } from 'zod';
import { objectReferenceSchema } from './common-schemas.js';
import { upstreamAuthSchema, upstreamTlsSchema } from './upstream-security-schema.js';

export const toolFilterSchema = z.strictObject({
  allow: z.array(z.string()).optional(),
  deny: z.array(z.string()).optional(),
});
export type ToolFilterSpec = z.infer<typeof toolFilterSchema>;

export const upstreamSchema = z
  .strictObject({
    toolServerRef: objectReferenceSchema.optional(),
    external: z.strictObject({ url: z.string() }).optional(),
    // Extensions beyond the upstream CRD: TLS/mTLS to the upstream and a credential from a Secret.
    tls: upstreamTlsSchema.optional(),
    auth: upstreamAuthSchema.optional(),
  })
  .superRefine((u, ctx) => {
    // The upstream CRD's own CEL rule, with its own message.
    if ((u.toolServerRef ? 1 : 0) + (u.external ? 1 : 0) !== 1) {
      ctx.addIssue({ code: 'custom', message: 'exactly one of toolServerRef or external must be set' });
    }
  });
export type UpstreamSpec = z.infer<typeof upstreamSchema>;

/** `ToolRoute.spec` (runtime.agentic-layer.ai/v1alpha1). */
export const toolRouteSpecSchema = z.strictObject({
  toolGatewayRef: objectReferenceSchema.optional(),
  upstream: upstreamSchema,
  toolFilter: toolFilterSchema.optional(),
  // Extension beyond the upstream CRD: a Guard for this route only, applied after the gateway's.
  guardrails: z.array(objectReferenceSchema).max(1, { error: 'agentgateway has one ext_proc slot per route; list one guard' }).optional(),
  // Extension beyond the upstream CRD: Add (the default) runs the route's guard as well as the
  // gateway's; Replace runs only the route's, and needs the gateway's routeOverride: Allow.
  guardrailPolicy: z.strictObject({ mode: z.enum(['Add', 'Replace']).default('Add') }).optional(),
  // Extension beyond the upstream CRD: refuse at build time what production must not run
  // (see compile/production-mode.ts). Unset follows the app-wide default; false opts out of it.
  productionMode: z.boolean().optional(),
});
export type ToolRouteSpec = z.infer<typeof toolRouteSpecSchema>;
