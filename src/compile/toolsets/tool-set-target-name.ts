/**
 * The backend target name of a ToolSet member, from its route's name. agentgateway splits a
 * called tool's name at the first `_` to find its target, so target names may hold none, and the
 * CRD holds them to a lowercase DNS-1123 subdomain
 * (https://github.com/agentgateway/agentgateway/blob/v1.4.1/crates/agentgateway/src/mcp/handler.rs).
 * A ToolRoute name is already such a subdomain; lowercasing and replacing `_` keep that true
 * should a name ever come from elsewhere.
 */
export function toolSetTargetName(routeName: string): string {
  return routeName.toLowerCase().replaceAll('_', '-');
}
