import { z } from 'zod';
import { kubeName } from './common-schemas.js';

/**
 * Extensions beyond the upstream ToolRoute CRD: how the gateway secures its connection to an
 * upstream MCP server. Secrets and ConfigMaps are only ever referenced by name — their values
 * never pass through the compiler — and agentgateway resolves them in the ToolRoute's
 * namespace, where the route's AgentgatewayBackend lives.
 */

/** A ConfigMap or Secret in the route's namespace. */
const localRefSchema = z.strictObject({ name: kubeName('dns1123-subdomain') });

// Kubernetes' own rule for ConfigMap and Secret keys (validation.IsConfigMapKey).
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

/** A key inside a Secret or ConfigMap. */
export const dataKeySchema = z.string().superRefine((key, ctx) => {
  if (key.length === 0 || key.length > 253 || !DATA_KEY.test(key) || key === '.' || key === '..') {
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(key)} is not a valid key; allowed: 1 to 253 letters, digits, "-", "_" and "." (not "." or "..")`,
    });
  }
});

// RFC 9110 token characters, which agentgateway's CRD requires of header names.
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

const headerNameSchema = z.string().superRefine((name, ctx) => {
  if (name.length === 0 || name.length > 256 || !HEADER_NAME.test(name)) {
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(name)} is not a valid header name; allowed: 1 to 256 letters, digits and !#$%&'*+-.^_\`|~`,
    });
  }
});

const headerPrefixSchema = z.string().superRefine((prefix, ctx) => {
  // A CR or LF would let the prefix smuggle in a second header.
  // eslint-disable-next-line no-control-regex -- control characters are what this rejects
  if (prefix.length === 0 || prefix.length > 256 || /[\x00-\x08\x0a-\x1f\x7f]/.test(prefix)) {
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(prefix)} is not a valid header prefix; allowed: 1 to 256 printable characters`,
    });
  }
});

/** `ToolRoute.spec.upstream.tls`: any tls block, even `{}`, means TLS to the upstream. */
export const upstreamTlsSchema = z
  .strictObject({
    /** ConfigMap whose `ca.crt` holds the CA bundle that verifies the server (instead of the system CAs). */
    caCertificateRef: localRefSchema.optional(),
    /** Secret of type kubernetes.io/tls (`tls.crt`, `tls.key`) presented as the client certificate (mTLS). */
    clientCertificateRef: localRefSchema.optional(),
    /** `Hostname` checks the chain but not the name; `All` checks nothing (development only). */
    insecureSkipVerify: z.enum(['All', 'Hostname']).optional(),
    /** Server name sent in the TLS handshake. Default: the upstream host (none for IP addresses). */
    sni: kubeName('dns1123-subdomain').optional(),
  })
  .superRefine((tls, ctx) => {
    // agentgateway's CRD rejects this pair too; saying why is kinder than its CEL message.
    if (tls.insecureSkipVerify === 'All' && tls.caCertificateRef) {
      ctx.addIssue({
        code: 'custom',
        path: ['insecureSkipVerify'],
        message:
          '"All" turns certificate verification off, so caCertificateRef would never be used; use "Hostname" to keep checking the chain against the CA, or remove caCertificateRef',
      });
    }
  });
export type UpstreamTlsSpec = z.infer<typeof upstreamTlsSchema>;

/**
 * `ToolRoute.spec.upstream.auth`: what the gateway adds to every request to the upstream.
 * Either a credential agentgateway reads from a Secret (by default key `Authorization`, sent as
 * `Authorization: Bearer <value>`), or `passthrough: {}`, the caller's own token, which the
 * gateway's client authentication has validated (and stripped) and passthrough puts back.
 * `header` names another header, sent with `prefix` (or none).
 */
export const upstreamAuthSchema = z
  .strictObject({
    secretRef: z
      .strictObject({
        name: kubeName('dns1123-subdomain'),
        /** Key inside the Secret. Default: `Authorization`. */
        key: dataKeySchema.optional(),
      })
      .optional(),
    /** Forward the caller's validated token; needs the gateway's `authentication.jwt` (checked when compiling). */
    passthrough: z.strictObject({}).optional(),
    header: z
      .strictObject({
        name: headerNameSchema,
        prefix: headerPrefixSchema.optional(),
      })
      .optional(),
  })
  .superRefine((auth, ctx) => {
    if (auth.secretRef && auth.passthrough) {
      ctx.addIssue({
        code: 'custom',
        path: ['passthrough'],
        message:
          "cannot be combined with secretRef: passthrough sends the caller's own token, secretRef the route's credential from a Secret, and agentgateway sends one; keep one of them",
      });
    } else if (!auth.secretRef && !auth.passthrough) {
      ctx.addIssue({
        code: 'custom',
        message: "needs secretRef (a credential from a Secret) or passthrough: {} (the caller's validated token)",
      });
    }
  });
export type UpstreamAuthSpec = z.infer<typeof upstreamAuthSchema>;
