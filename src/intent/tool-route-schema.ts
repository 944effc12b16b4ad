import { z } from 'zod';
import { objectReferenceSchema, targetPortSchema } from './common-schemas.js';
import { upstreamAuthSchema, upstreamTlsSchema } from './upstream-security-schema.js';
import { checkPrivilegedOptIn, privilegedUrlProblem, urlField } from './url-field-schema.js';
import { parseHttpUrl } from './http-url.js';
import { rateLimitSchema } from './rate-limit-schema.js';
import { toolFilterSchema } from './tool-filter-schema.js';
import { toolAuthorizationSchema } from './tool-authorization-schema.js';
import { allowedNamespacesSchema } from './namespace-selector-schema.js';

export { toolFilterSchema, type ToolFilterSpec } from './tool-filter-schema.js';

export const upstreamSchema = z
  .strictObject({
    toolServerRef: objectReferenceSchema.optional(),
    external: z
      .strictObject({
        url: urlField('enclosing'),
        // Extension beyond the upstream CRD: the pod port behind an in-cluster url that names no
        // ToolServer, for the gateway's NetworkPolicy.
        targetPort: targetPortSchema.optional(),
      })
      .optional(),
    // Extensions beyond the upstream CRD: TLS/mTLS to the upstream and a credential from a Secret.
    tls: upstreamTlsSchema.optional(),
    auth: upstreamAuthSchema.optional(),
    /** Let the external URL point at a privileged address (loopback, link-local, metadata); never in production mode. */
    allowPrivileged: z.boolean().optional(),
    /** Why allowPrivileged is needed; required with it, shown in the warning. */
    privilegedReason: z.string().optional(),
  })
  .superRefine((u, ctx) => {
    // The upstream CRD's own CEL rule, with its own message.
    if ((u.toolServerRef ? 1 : 0) + (u.external ? 1 : 0) !== 1) {
      ctx.addIssue({ code: 'custom', message: 'exactly one of toolServerRef or external must be set' });
    }
    const optedIn = checkPrivilegedOptIn(u, ctx);
    if (optedIn && !u.external) {
      ctx.addIssue({
        code: 'custom',
        path: ['allowPrivileged'],
        message: 'goes with external; a toolServerRef upstream is never privileged',
      });
    }
    const parsed = u.external && parseHttpUrl(u.external.url);
    if (!optedIn && u.external && parsed && 'url' in parsed) {
      const escape = 'set spec.upstream.allowPrivileged: true with spec.upstream.privilegedReason (refused in production mode)';
      const problem = privilegedUrlProblem(u.external.url, parsed.url.host, escape);
      if (problem) ctx.addIssue({ code: 'custom', path: ['external', 'url'], message: problem });
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
  // Extension beyond the upstream CRD: a local rate limit on requests to this route; see rate-limit-schema.ts.
  rateLimit: rateLimitSchema.optional(),
  // Extension beyond the upstream CRD: who may call which tool (needs client authentication on the gateway).
  authorization: toolAuthorizationSchema.optional(),
  // Extension beyond the upstream CRD: which namespaces' ToolSets may include this route (Same by default).
  allowedToolSets: allowedNamespacesSchema.optional(),
});
export type ToolRouteSpec = z.infer<typeof toolRouteSpecSchema>;
