import { z } from 'zod';
import { kubeName } from './common-schemas.js';
import { dataKeySchema } from './upstream-security-schema.js';
import { markUrlField, urlField } from './url-field-schema.js';
import { parseHttpUrl } from './http-url.js';
import { urlText } from '../contracts/redact-url.js';
import { valueText } from '../contracts/value-text.js';

/**
 * Extension beyond the upstream ToolGateway CRD: who may call the gateway. With `jwt`, the
 * gateway rejects every request that lacks a valid token from the issuer, before any route.
 */

const nonBlank = (what: string, max: number) =>
  z.string().superRefine((value, ctx) => {
    if (value.trim() === '') ctx.addIssue({ code: 'custom', message: `${what} must not be empty` });
    else if (value.length > max) ctx.addIssue({ code: 'custom', message: `${what} ${urlText(value)} is longer than ${max} characters` });
  });

/** Where the gateway gets the keys that verify token signatures: exactly one source. */
export const jwksSourceSchema = z
  .strictObject({
    /** An https endpoint serving the JSON Web Key Set, e.g. the IdP's `jwks_uri`. */
    uri: urlField().optional(),
    /** A ConfigMap key holding the key set. */
    configMapRef: z.strictObject({ name: kubeName('dns1123-subdomain'), key: dataKeySchema }).optional(),
  })
  .superRefine((jwks, ctx) => {
    if ((jwks.uri !== undefined ? 1 : 0) + (jwks.configMapRef !== undefined ? 1 : 0) !== 1) {
      ctx.addIssue({ code: 'custom', message: 'set exactly one of uri or configMapRef' });
    }
  });
export type JwksSourceSpec = z.infer<typeof jwksSourceSchema>;

// RFC 6749 §3.3 scope-token: printable ASCII but space, '"' and '\'.
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]{1,256}$/;

const scopeSchema = z.string().superRefine((scope, ctx) => {
  if (!SCOPE_TOKEN.test(scope)) {
    ctx.addIssue({
      code: 'custom',
      message: `${valueText(scope)} is not a valid OAuth scope; allowed: 1 to 256 printable ASCII characters other than space, '"' and '\\' (RFC 6749)`,
    });
  }
});

/**
 * The OAuth protected-resource metadata (RFC 9728) the gateway serves to MCP clients at
 * `/.well-known/oauth-protected-resource/...`, and points them to in the `WWW-Authenticate`
 * challenge of a 401. agentgateway fills in what is left out: `resource` from the request's own
 * URL, `authorizationServers` as the issuer. URLs get a URL's rules: clients are sent to them.
 */
export const resourceMetadataSchema = z.strictObject({
  /** The resource identifier clients ask tokens for (RFC 8707); its scheme and host also prefix the challenge's metadata URL. */
  resource: urlField().optional(),
  /** Scopes a client may request for this gateway. */
  scopesSupported: z.array(scopeSchema).min(1).max(64).optional(),
  /** Where clients get tokens; default: the issuer. */
  authorizationServers: z.array(urlField()).min(1).max(16).optional(),
});
export type ResourceMetadataSpec = z.infer<typeof resourceMetadataSchema>;

/** Bearer JWTs from one issuer, for the listed audiences. */
export const jwtAuthenticationSchema = z.strictObject({
  /** The `iss` claim every token must carry. */
  issuer: markUrlField(
    nonBlank('the issuer', 256).superRefine((issuer, ctx) => {
      // Any string may be an issuer, but one written as a URL (or with a URL's userinfo, query or
      // fragment) gets a URL's rules: a credential in it would be copied into the JWT policy and
      // into every message.
      if (!/:\/\/|[@?#]/.test(issuer)) return;
      const parsed = parseHttpUrl(issuer);
      if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
    }),
  ),
  /** Accepted `aud` values; required, because without it a token minted for any service would do. */
  audiences: z
    .array(nonBlank('an audience', 256))
    .min(1, { error: 'needs at least one audience; without one, a token the issuer minted for any other service would be accepted' })
    .max(64, { error: 'allows at most 64 audiences' }),
  jwks: jwksSourceSchema,
  /** What MCP clients discover about this gateway as an OAuth protected resource (RFC 9728). */
  resourceMetadata: resourceMetadataSchema.optional(),
});
export type JwtAuthenticationSpec = z.infer<typeof jwtAuthenticationSchema>;

/** `ToolGateway.spec.authentication`. */
export const clientAuthenticationSchema = z.strictObject({
  jwt: jwtAuthenticationSchema,
});
export type ClientAuthenticationSpec = z.infer<typeof clientAuthenticationSchema>;
