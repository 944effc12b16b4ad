import { z } from 'zod';
import {
  embeddedMetadataSchema,
  envFromSourceSchema,
  envVarSchema,
  objectReferenceSchema,
} from './common-schemas.js';

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
});
export type ToolGatewaySpec = z.infer<typeof toolGatewaySpecSchema>;
