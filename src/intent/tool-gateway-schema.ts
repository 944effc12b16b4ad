import { z } from 'zod';
import { embeddedMetadataSchema, envFromSourceSchema, envVarSchema, objectReferenceSchema } from './common-schemas.js';
import { allowedRoutesSchema, labelSelectorSchema } from './namespace-selector-schema.js';
import { clientAuthenticationSchema } from './client-authentication-schema.js';

/**
 * `ToolGateway.spec` (runtime.agentic-layer.ai/v1alpha1). Compiles into a Gateway and its
 * AgentgatewayParameters.
 */
export const toolGatewaySpecSchema = z.strictObject({
  /** Kept for the status carriers; the emitted Gateway always uses the agentgateway GatewayClass. */
  toolGatewayClassName: z.string().optional(),
  env: z.array(envVarSchema).optional(),
  envFrom: z.array(envFromSourceSchema).optional(),
  commonMetadata: embeddedMetadataSchema.optional(),
  podMetadata: embeddedMetadataSchema.optional(),
  guardrails: z.array(objectReferenceSchema).optional(),
  // Extension beyond the upstream CRD: whether a route's own guard may replace this gateway's
  // guard (Allow) or may only add to it (Deny, the default); see compile/guards/route-guard-override.ts.
  guardrailPolicy: z.strictObject({ routeOverride: z.enum(['Allow', 'Deny']).default('Deny') }).optional(),
  // Extension beyond the upstream CRD: who may call the gateway (JWT), see client-authentication-schema.ts.
  authentication: clientAuthenticationSchema.optional(),
  // Extensions beyond the upstream CRD (not written to the upstream status carriers).
  /** Which namespaces' ToolRoutes may attach (Gateway API listener semantics). Default: all. */
  allowedRoutes: allowedRoutesSchema.optional(),
  /** Namespaces whose pods may call the gateway (NetworkPolicy ingress). Default: all namespaces. */
  allowedClients: z.strictObject({ namespaceSelector: labelSelectorSchema }).optional(),
});
export type ToolGatewaySpec = z.infer<typeof toolGatewaySpecSchema>;
