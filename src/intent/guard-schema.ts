import { z } from 'zod';
import { objectReferenceSchema } from './common-schemas.js';
import { allowedNamespacesSchema } from './namespace-selector-schema.js';
import { allowedGatewaysSchema } from './tool-server-schema.js';

export const GUARD_MODES = ['pre_call', 'post_call', 'during_call'] as const;

/** `Guard.spec` (runtime.agentic-layer.ai/v1alpha1). */
export const guardSpecSchema = z.strictObject({
  mode: z
    .array(z.enum(GUARD_MODES))
    .min(1, { error: 'at least one mode is required (pre_call, post_call)' })
    .superRefine((modes, ctx) => {
      // x-kubernetes-list-type: set
      const seen = new Set<string>();
      for (const m of modes) {
        if (seen.has(m)) ctx.addIssue({ code: 'custom', message: `mode ${JSON.stringify(m)} is listed twice` });
        seen.add(m);
      }
    }),
  description: z.string().optional(),
  providerRef: objectReferenceSchema,
  openaiModeration: z.strictObject({ model: z.string().optional() }).optional(),
  bedrock: z.strictObject({ guardrailId: z.string(), guardrailVersion: z.string().optional() }).optional(),
  // Extensions beyond the upstream CRD (not written to the upstream status carriers).
  /** Which namespaces' gateways and routes may use this Guard. Default: only its own. */
  allowedNamespaces: allowedNamespacesSchema.optional(),
  /**
   * Gateways compiled by other pipelines whose proxies may call this Guard's adapter. A Guard
   * listing any compiles here even when nothing here uses it, and its adapter admits them; the
   * gateways of this input that use it are admitted without being listed.
   */
  allowedGateways: allowedGatewaysSchema.optional(),
  /** What the gateway does when the adapter is unreachable. Default FailClosed. */
  failureMode: z.enum(['FailClosed', 'FailOpen']).default('FailClosed'),
  /** Adapter pods; more than one also gets a PodDisruptionBudget. */
  replicas: z.int().min(1).default(1),
  presidio: z
    .strictObject({
      language: z.string().optional(),
      scoreThresholds: z.record(z.string(), z.string()).optional(),
      entityActions: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
});
export type GuardSpec = z.output<typeof guardSpecSchema>;
