import { z } from 'zod';
import { urlField } from './url-field-schema.js';
import { targetPortSchema } from './common-schemas.js';

const secretKeySelector = z.strictObject({
  key: z.string(),
  name: z.string().default(''),
  optional: z.boolean().optional(),
});

/** `GuardrailProvider.spec` (runtime.agentic-layer.ai/v1alpha1). */
export const guardrailProviderSpecSchema = z.strictObject({
  type: z.enum(['openai-moderation-api', 'bedrock-api', 'presidio-api']),
  openaiModeration: z
    .strictObject({
      baseUrl: urlField().optional(),
      apiKeySecretRef: secretKeySelector.optional(),
      // Extension beyond the upstream CRD: the pod port behind an in-cluster baseUrl (NetworkPolicy).
      targetPort: targetPortSchema.optional(),
    })
    .optional(),
  bedrock: z
    .strictObject({
      region: z.string(),
      credentialsSecretRef: z.strictObject({ name: z.string().optional(), namespace: z.string().optional() }).optional(),
    })
    .optional(),
  presidio: z
    .strictObject({
      baseUrl: urlField(),
      apiKeySecretRef: secretKeySelector.optional(),
      // Extension beyond the upstream CRD: the pod port behind an in-cluster baseUrl, for the
      // adapter's NetworkPolicy (Presidio's Service usually maps 80 to 8000 or 3000).
      targetPort: targetPortSchema.optional(),
    })
    .optional(),
});
export type GuardrailProviderSpec = z.infer<typeof guardrailProviderSpecSchema>;
