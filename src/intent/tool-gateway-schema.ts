import { z } from 'zod';
import { embeddedMetadataSchema, envFromSourceSchema, envVarSchema, objectReferenceSchema, targetPortSchema } from './common-schemas.js';
import { allowedRoutesSchema, labelSelectorSchema } from './namespace-selector-schema.js';
import { clientAuthenticationSchema } from './client-authentication-schema.js';
import { rateLimitSchema } from './rate-limit-schema.js';
import { observabilitySchema } from './observability-schema.js';
import { parseHttpUrl } from './http-url.js';
import { privilegedUrlProblem } from './url-field-schema.js';

/** The OpenTelemetry exporter endpoint variables: URLs the gateway proxy calls. */
export const OTEL_ENDPOINT_VAR = /^OTEL_EXPORTER_OTLP_(?:(?:TRACES|METRICS|LOGS)_)?ENDPOINT$/;

/**
 * `ToolGateway.spec` (runtime.agentic-layer.ai/v1alpha1). Compiles into a Gateway and its
 * AgentgatewayParameters.
 */
export const toolGatewaySpecSchema = z
  .strictObject({
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
    /**
     * The pod port behind an in-cluster OTLP endpoint (`OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT`),
     * for the proxy's NetworkPolicy: the collector's Service may map the URL's port to another.
     */
    telemetry: z.strictObject({ otlpTargetPort: targetPortSchema.optional() }).optional(),
    /** A local rate limit on every request through the gateway; see rate-limit-schema.ts. */
    rateLimit: rateLimitSchema.optional(),
    /** Access logs and metrics of the proxy, with MCP fields; see observability-schema.ts. */
    observability: observabilitySchema.optional(),
  })
  .superRefine((spec, ctx) => {
    // An OTLP endpoint is a URL the proxy calls: it gets a URL's rules, and is never echoed whole.
    for (const [i, entry] of (spec.env ?? []).entries()) {
      if (!OTEL_ENDPOINT_VAR.test(entry.name) || entry.value === undefined || entry.value === '') continue;
      const parsed = parseHttpUrl(entry.value);
      const problem = 'error' in parsed ? parsed.error : privilegedUrlProblem(entry.value, parsed.url.host);
      if (problem) ctx.addIssue({ code: 'custom', path: ['env', i, 'value'], message: problem });
    }
  });
export type ToolGatewaySpec = z.infer<typeof toolGatewaySpecSchema>;
