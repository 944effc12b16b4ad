import type { JwtAuthenticationSpec } from '../../intent/client-authentication-schema.js';
import { urlText } from '../../contracts/redact-url.js';
import type { ProblemSink } from '../problem-sink.js';

const FIELD = 'spec.authentication.jwt.resourceMetadata';

/**
 * agentgateway's `jwtAuthentication.mcp.resourceMetadata`: the RFC 9728 document served to
 * MCP clients, as camelCase keys that agentgateway writes out in snake_case
 * (`scopesSupported` → `scopes_supported`). Only what the intent sets is written; agentgateway
 * computes `resource` from the request and `authorization_servers` from the issuer otherwise.
 * Undefined when the intent has no resource metadata.
 * @see https://github.com/agentgateway/agentgateway/blob/v1.4.1/crates/agentgateway/src/types/agent.rs
 *
 * Warned, not refused: an `http://` resource or authorization server (clients would send tokens
 * or credentials in plain text), and a `resource` that is none of the audiences: a client that
 * asks for a token for the resource (RFC 8707, which MCP requires) gets one whose `aud` is the
 * resource, which the gateway would then reject.
 */
export function oauthResourceMetadata(jwt: JwtAuthenticationSpec, report: ProblemSink): Record<string, unknown> | undefined {
  const metadata = jwt.resourceMetadata;
  if (!metadata) return undefined;
  if (metadata.resource !== undefined) {
    if (/^http:/i.test(metadata.resource)) {
      report.warning(
        `${FIELD}.resource`,
        `${urlText(metadata.resource)} uses http, so MCP clients send their tokens to it in plain text; serve the gateway behind https and use that URL`,
      );
    }
    if (!jwt.audiences.includes(metadata.resource)) {
      report.warning(
        `${FIELD}.resource`,
        `${urlText(metadata.resource)} is none of spec.authentication.jwt.audiences; MCP clients ask for tokens for this resource, which carry it as their audience, and the gateway would reject them; add it to audiences unless the authorization server sets another audience`,
      );
    }
  }
  for (const [i, server] of (metadata.authorizationServers ?? []).entries()) {
    if (/^http:/i.test(server)) {
      report.warning(
        `${FIELD}.authorizationServers[${i}]`,
        `${urlText(server)} uses http, so MCP clients would log in and receive tokens in plain text; use its https URL`,
      );
    }
  }
  return {
    ...(metadata.resource !== undefined ? { resource: metadata.resource } : {}),
    ...(metadata.scopesSupported ? { scopesSupported: [...metadata.scopesSupported] } : {}),
    ...(metadata.authorizationServers ? { authorizationServers: [...metadata.authorizationServers] } : {}),
  };
}
