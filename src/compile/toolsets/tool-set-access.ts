import { celStringLiteral } from '../routes/tool-filter-cel.js';

/** One member of a ToolSet: its backend target and its route's access expression, if it restricts any. */
export interface ToolSetMemberAccess {
  readonly target: string;
  readonly expression?: string;
}

/**
 * The CEL for a ToolSet's backend: each member's own filter and authorization, applied to its
 * target alone. agentgateway binds the target of the called tool to `mcp.tool.target` and the
 * unprefixed upstream name to `mcp.tool.name`, whatever the prefixMode
 * (crates/agentgateway/src/mcp/rbac.rs `ResourceId`), so two members exposing the same tool
 * name are told apart by target. Undefined when no member restricts anything.
 */
export function toolSetAccessExpression(members: readonly ToolSetMemberAccess[]): string | undefined {
  if (members.every((m) => m.expression === undefined)) return undefined;
  return members
    .map((m) => {
      const target = `mcp.tool.target == ${celStringLiteral(m.target)}`;
      return m.expression === undefined ? target : `${target} && (${m.expression})`;
    })
    .map((x) => `(${x})`)
    .join(' || ');
}
