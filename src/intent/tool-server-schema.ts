import { z } from 'zod';
import {
  embeddedMetadataSchema,
  envFromSourceSchema,
  envVarSchema,
  localObjectReferenceSchema,
  objectReferenceSchema,
  resourceRequirementsSchema,
  targetPortSchema,
} from './common-schemas.js';
import { allowedNamespacesSchema } from './namespace-selector-schema.js';
import { checkPrivilegedOptIn, privilegedUrlProblem, urlField } from './url-field-schema.js';
import { parseHttpUrl } from './http-url.js';

/** Port the upstream mutating webhook gives a ToolServer without one. */
export const DEFAULT_TOOL_SERVER_PORT = 8080;

/** Default path per transport, as the upstream webhook sets it. */
export const DEFAULT_TOOL_SERVER_PATH = { http: '/mcp', sse: '/sse' } as const;

/**
 * The upstream webhook rejects paths that URL parsing would change, and the agentgateway
 * target path is limited to 1024 characters.
 */
function pathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return `${JSON.stringify(path)} must start with "/"`;
  if (path.length > 1024) return `path is ${path.length} characters long; at most 1024 are allowed`;
  // eslint-disable-next-line no-control-regex -- control characters are what this rejects
  if (/[\s\u0000-\u001f\u007f]/.test(path)) return `${JSON.stringify(path)} contains whitespace or control characters`;
  if (/[?#]/.test(path)) return `${JSON.stringify(path)} contains "?" or "#"; a tool server path is a plain URL path`;
  let normalised: string;
  try {
    normalised = new URL(path, 'http://h').pathname;
  } catch {
    return `${JSON.stringify(path)} is not a valid URL path`;
  }
  if (normalised !== path) {
    return `${JSON.stringify(path)} changes under URL parsing (to ${JSON.stringify(normalised)}); write it in normalised form`;
  }
  return undefined;
}

/** One destination a ToolServer may reach: a URL (rule derived like a route's) or a CIDR and ports. */
export const egressTargetSchema = z
  .strictObject({
    url: urlField('enclosing').optional(),
    cidr: z
      .string()
      .regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, { error: 'must be a CIDR such as "10.0.0.0/8" or "0.0.0.0/0"' })
      .optional(),
    ports: z.array(z.int().min(1).max(65535)).optional(),
    /** The pod port behind an in-cluster url that names no ToolServer of the estate. */
    targetPort: targetPortSchema.optional(),
    /** Let the url point at a privileged address (loopback, link-local, metadata). */
    allowPrivileged: z.boolean().optional(),
    /** Why allowPrivileged is needed; required with it, shown in the warning. */
    privilegedReason: z.string().optional(),
  })
  .superRefine((t, ctx) => {
    const optedIn = checkPrivilegedOptIn(t, ctx);
    if (optedIn && t.url === undefined) {
      ctx.addIssue({ code: 'custom', path: ['allowPrivileged'], message: 'goes with url; a cidr says its addresses itself' });
    }
    const parsed = t.url !== undefined ? parseHttpUrl(t.url) : undefined;
    if (!optedIn && t.url !== undefined && parsed && 'url' in parsed) {
      const problem = privilegedUrlProblem(t.url, parsed.url.host, 'set allowPrivileged: true with privilegedReason on this entry');
      if (problem) ctx.addIssue({ code: 'custom', path: ['url'], message: problem });
    }
    if ((t.url === undefined) === (t.cidr === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'set exactly one of url (a URL the server calls) or cidr with ports' });
    } else if (t.cidr !== undefined && t.targetPort !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['targetPort'], message: 'goes with url; a cidr lists its ports' });
    } else if (t.url !== undefined && t.ports !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['ports'], message: 'goes with cidr; a url carries its own port' });
    } else if (t.cidr !== undefined && !t.ports?.length) {
      ctx.addIssue({ code: 'custom', path: ['ports'], message: 'list at least one port for the cidr' });
    }
  });
export type EgressTarget = z.infer<typeof egressTargetSchema>;

const transportTypeSchema = z.enum(['http', 'sse']).default('http');
const portSchema = z.int().min(1).max(65535).default(DEFAULT_TOOL_SERVER_PORT);
const pathSchema = z
  .string()
  .superRefine((p, ctx) => {
    const problem = pathProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .optional();

/** Gateways of other pipelines an owner admits by name (ToolServer and Guard `allowedGateways`). */
export const allowedGatewaysSchema = z.array(
  objectReferenceSchema.refine((ref) => ref.kind === undefined || ref.kind === 'ToolGateway', {
    path: ['kind'],
    error: 'must be "ToolGateway" (or left out)',
  }),
);

/**
 * `ToolServer.spec` (runtime.agentic-layer.ai/v1alpha1). The defaults the upstream webhooks
 * apply (port 8080, path by transport, one replica) are applied here, at build time.
 */
export const toolServerSpecSchema = z
  .strictObject({
    protocol: z.enum(['mcp']).default('mcp'),
    transportType: transportTypeSchema,
    image: z.string().min(1, { error: 'an image is required' }),
    imagePullSecrets: z.array(localObjectReferenceSchema).optional(),
    command: z.array(z.string()).optional(),
    args: z.array(z.string()).optional(),
    port: portSchema,
    path: pathSchema,
    replicas: z.int().min(0).default(1),
    env: z.array(envVarSchema).optional(),
    envFrom: z.array(envFromSourceSchema).optional(),
    resources: resourceRequirementsSchema.optional(),
    commonMetadata: embeddedMetadataSchema.optional(),
    podMetadata: embeddedMetadataSchema.optional(),
    // Extensions beyond the upstream CRD (not written to the upstream status carriers).
    /** Which namespaces' routes may use this server. Default: only its own. */
    allowedNamespaces: allowedNamespacesSchema.optional(),
    /**
     * Gateways compiled by other pipelines whose proxies may call this server; gateways of
     * routes compiled here are admitted without being listed.
     */
    allowedGateways: allowedGatewaysSchema.optional(),
    /** What the server may reach besides DNS; everything else is denied. */
    egress: z.array(egressTargetSchema).optional(),
    /** Pod security overrides; the defaults meet the restricted Pod Security Standard. */
    securityContext: z
      .strictObject({
        runAsNonRoot: z.boolean().default(true),
        runAsUser: z.int().min(0).optional(),
        runAsGroup: z.int().min(0).optional(),
        readOnlyRootFilesystem: z.boolean().default(true),
      })
      .optional(),
  })
  .transform((spec) => ({ ...spec, path: spec.path ?? DEFAULT_TOOL_SERVER_PATH[spec.transportType] }));
export type ToolServerSpec = z.output<typeof toolServerSpecSchema>;
export type ToolServerSpecInput = z.input<typeof toolServerSpecSchema>;

/**
 * What a pipeline that does not own a ToolServer needs to know to route to it: how it is
 * reached, and the consent its owner declared (mirrored here; the owner's NetworkPolicy is what
 * enforces it in the cluster).
 */
export const importedToolServerSchema = z
  .strictObject({
    transportType: transportTypeSchema,
    port: portSchema,
    path: pathSchema,
    allowedNamespaces: allowedNamespacesSchema.optional(),
  })
  .transform((spec) => ({ ...spec, path: spec.path ?? DEFAULT_TOOL_SERVER_PATH[spec.transportType] }));
export type ImportedToolServerSpec = z.output<typeof importedToolServerSchema>;
