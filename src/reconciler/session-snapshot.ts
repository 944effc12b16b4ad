import type { DiscoveredTools, McpSessionStatus } from '../contracts/status.js';
import type { ConditionStatus } from './conditions.js';

/** What the session manager knows about one route's MCP server, for its status. */
export interface SessionSnapshot {
  /** `connecting` until the first tool list (or failure) of the current connection. */
  readonly state: 'connecting' | 'ready' | 'failed';
  /** Condition reason of a failure, e.g. `Unauthorized`, `ListFailed`. */
  readonly reason?: string;
  readonly error?: string;
  /** The last tool list, kept through failures. */
  readonly tools?: DiscoveredTools;
  /** The ToolSurfaceChanged condition, once tools were listed. */
  readonly surface?: { readonly status: ConditionStatus; readonly reason: string; readonly message: string };
  readonly protocolVersion?: string;
  readonly mode?: McpSessionStatus['mode'];
  readonly sessionLosses: number;
}
