import { z } from 'zod';
import { nameProblem, type NameRule } from '../contracts/names.js';
import { reservedLabelProblem } from '../contracts/reserved-labels.js';
import { valueText } from '../contracts/value-text.js';

/**
 * Schemas shared by the intent kinds. They follow the upstream `runtime.agentic-layer.ai`
 * CRDs field for field; spec objects are strict so a misspelt field is an error, not a no-op.
 */

export function kubeName(rule: NameRule) {
  return z.string().superRefine((value, ctx) => {
    const problem = nameProblem(value, rule);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

const stringMap = z.record(z.string(), z.string());

export const objectMetaSchema = z.looseObject({
  name: z.string({ error: 'is required' }),
  namespace: z.string().optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});

/**
 * corev1.ObjectReference as the upstream CRDs use it. Only `name` and `namespace` are read;
 * `namespace` defaults to the referencing object's namespace.
 */
export const objectReferenceSchema = z.strictObject({
  name: z.string().min(1, { error: 'a reference needs a name' }),
  namespace: z.string().min(1).optional(),
  kind: z.string().optional(),
  apiVersion: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  fieldPath: z.string().optional(),
});
export type ObjectReference = z.infer<typeof objectReferenceSchema>;

const keySelector = z.looseObject({ name: z.string().optional(), key: z.string(), optional: z.boolean().optional() });

/**
 * The API server's rule for environment variable names since Kubernetes 1.34 (relaxed validation):
 * printable ASCII other than "=", not empty.
 */
const ENV_NAME = /^[\x20-\x3c\x3e-\x7e]+$/;

const ENV_SOURCES = ['configMapKeyRef', 'secretKeyRef', 'fieldRef', 'resourceFieldRef', 'fileKeyRef'] as const;

export const envVarSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .superRefine((name, ctx) => {
        if (name !== '' && !ENV_NAME.test(name)) {
          ctx.addIssue({
            code: 'custom',
            message: `${valueText(name, 200)} is not a valid environment variable name; allowed: printable ASCII characters other than "="`,
          });
        }
      }),
    value: z.string().optional(),
    valueFrom: z
      .strictObject({
        configMapKeyRef: keySelector.optional(),
        secretKeyRef: keySelector.optional(),
        fieldRef: z.looseObject({ fieldPath: z.string() }).optional(),
        resourceFieldRef: z.looseObject({ resource: z.string() }).optional(),
        fileKeyRef: z.looseObject({}).optional(),
      })
      .superRefine((from, ctx) => {
        const given = ENV_SOURCES.filter((k) => from[k] !== undefined);
        if (given.length === 0) ctx.addIssue({ code: 'custom', message: `needs one source; allowed: ${ENV_SOURCES.join(', ')}` });
        if (given.length > 1) {
          ctx.addIssue({ code: 'custom', message: `has ${given.length} sources (${given.join(', ')}); exactly one is allowed` });
        }
      })
      .optional(),
  })
  .superRefine((env, ctx) => {
    // As the API server: an empty value may stand beside valueFrom, a non-empty one may not.
    if (env.value !== undefined && env.value !== '' && env.valueFrom !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['valueFrom'], message: 'must not be given together with a non-empty value; give one of them' });
    }
  });
export type EnvVar = z.infer<typeof envVarSchema>;

const localRef = z.looseObject({ name: z.string().optional(), optional: z.boolean().optional() });
export const envFromSourceSchema = z.strictObject({
  prefix: z.string().optional(),
  configMapRef: localRef.optional(),
  secretRef: localRef.optional(),
});
export type EnvFromSource = z.infer<typeof envFromSourceSchema>;

/** Labels an intent asks us to put on what we emit: no key that our selectors rely on. */
const ownLabels = stringMap.superRefine((labels, ctx) => {
  for (const key of Object.keys(labels)) {
    const problem = reservedLabelProblem(key);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [key] });
  }
});

export const embeddedMetadataSchema = z.strictObject({
  labels: ownLabels.optional(),
  annotations: stringMap.optional(),
});
export type EmbeddedMetadata = z.infer<typeof embeddedMetadataSchema>;

const quantity = z.union([z.string(), z.number()]);
export const resourceRequirementsSchema = z.strictObject({
  limits: z.record(z.string(), quantity).optional(),
  requests: z.record(z.string(), quantity).optional(),
  claims: z.array(z.looseObject({ name: z.string() })).optional(),
});
export type ResourceRequirements = z.infer<typeof resourceRequirementsSchema>;

export const localObjectReferenceSchema = z.strictObject({ name: z.string().min(1) });

/**
 * The port the pods behind an in-cluster Service listen on (the Service's `targetPort`), declared
 * beside a URL: a NetworkPolicy matches the pod port, after the Service's translation, so the
 * URL's port is not enough for a Service that is no ToolServer of the estate.
 */
export const targetPortSchema = z.int().min(1).max(65535);
