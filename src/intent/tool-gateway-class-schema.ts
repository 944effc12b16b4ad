import { z } from 'zod';

/**
 * `ToolGatewayClass.spec` (runtime.agentic-layer.ai/v1alpha1, cluster-scoped). A runtime operator
 * of the group reconciles only ToolGateways whose class names its controller string, so a class
 * with this project's own string keeps such an operator away from our status carriers.
 */
export const toolGatewayClassSpecSchema = z.strictObject({
  controller: z.string().min(1),
});
export type ToolGatewayClassSpec = z.infer<typeof toolGatewayClassSpecSchema>;
