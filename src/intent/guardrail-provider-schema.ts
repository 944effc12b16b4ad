import { z } from 'zod';
import { urlField } from './url-field-schema.js';

const secretKeySelector = z.strictObject({
  key: z.string(),
  name: z.string().default(''),
  optional: z.boolean().optional(),
});

/** `GuardrailProvider.spec` (runtime.agentic-layer.ai/v1alpha1). */
export const guardrailProviderSpecSchema = z.strictObject({
  type: z.enum(['openai-moderation-api', 'bedrock-api', 'presidio-api']),
  openaiModeration: z.strictObject({ baseUrl: urlField().optional(), apiKeySecretRef: secretKeySelector.optional() }).optional(),
  bedrock: z
    .strictObject({
      region: z.string(),
      credentialsSecretRef: z.strictObject({ name: z.string().optional(), namespace: z.string().optional() }).optional(),
    })
    .optional(),
  presidio: z.strictObject({ baseUrl: urlField(), apiKeySecretRef: secretKeySelector.optional() }).optional(),
});
export type GuardrailProviderSpec = z.infer<typeof guardrailProviderSpecSchema>;
