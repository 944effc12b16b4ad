import type { Problem } from '../../contracts/problem.js';
import type { ResolvedRoute } from '../resolve/resolve-routes.js';
import { problemsFor } from '../problem-sink.js';

const FIELD = 'spec.upstream.auth.passthrough';

/**
 * Checks `upstream.auth.passthrough` against the route's gateway. agentgateway forwards only a
 * token its JWT authentication validated (that policy strips the token from the request;
 * passthrough puts it back), so without the gateway's `authentication.jwt` the upstream would
 * silently get no identity at all: an error at build time instead. A gateway imported by name
 * has no document to check, so it is refused too, as production mode does.
 *
 * With client authentication in place, passthrough is still a weakening, said as a warning:
 * the upstream holds a token the gateway accepts, and could replay it against every route.
 * @see https://github.com/agentgateway/agentgateway/blob/v1.4.1/crates/agentgateway/src/http/auth/mod.rs
 */
export function identityPassthroughProblems(r: ResolvedRoute): Problem[] {
  if (!r.route.spec.upstream.auth?.passthrough) return [];
  const problems: Problem[] = [];
  const report = problemsFor(r.route, problems);
  const gw = `ToolGateway ${r.gateway.namespace}/${r.gateway.name}`;
  if (!r.gateway.intent) {
    report.error(
      FIELD,
      `forwards the caller's token validated by the gateway, but ${gw} is imported by name, so whether it authenticates its clients cannot be checked here; import its document instead (annotated cdk8s-tool-gateway/imported: "true"), whose spec.authentication.jwt must be set, or use spec.upstream.auth.secretRef`,
    );
  } else if (!r.gateway.intent.spec.authentication?.jwt) {
    report.error(
      FIELD,
      `forwards the caller's token validated by the gateway, but ${gw} has no client authentication, so there is no validated token and the upstream would get none; set spec.authentication.jwt on ${gw}, or use spec.upstream.auth.secretRef`,
    );
  } else {
    const plain = r.endpoint.tls ? '' : ', and the upstream is reached in plain text, so anyone on the path can read the token too';
    report.warning(
      FIELD,
      `sends each caller's token, which ${gw} accepts, to the upstream; the upstream could replay it against every route of the gateway${plain}, and an upstream that follows the MCP authorization spec accepts only tokens issued for itself; use it only for an upstream trusted with the callers' identity, and have the issuer add the upstream to the token's audiences`,
    );
  }
  return problems;
}
