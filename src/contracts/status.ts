/**
 * The `status` the runtime reconciler writes on the status carriers (ToolGateway, ToolRoute,
 * Guard). The zod schemas in src/intent/carrier-status-schema.ts generate the CRDs' status
 * schemas and are checked at compile time to describe exactly these types, so the reconciler
 * shares them without importing zod. Fields are not readonly so that they match what zod infers.
 */

/** `metav1.Condition`. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  /** The `.metadata.generation` the condition was set from. */
  observedGeneration?: number | undefined;
  /** RFC 3339 time the status last changed. */
  lastTransitionTime: string;
  /** CamelCase reason, e.g. `Accepted`. */
  reason: string;
  message: string;
}

export interface ToolGatewayStatus {
  /** The generation the whole status was derived from. */
  observedGeneration?: number | undefined;
  /** Base URL of the gateway, from the Gateway's address: `http://<address>[:<port>]`. */
  url?: string | undefined;
  conditions?: Condition[] | undefined;
}

/** The tools a route exposes after filtering, as the reconciler's MCP session lists them. */
export interface DiscoveredTools {
  count: number;
  /** Tool names, sorted. */
  names: string[];
  /** `sha256:<hex>` over the sorted tool definitions (name, description, schemas): changes when any tool changes. */
  digest: string;
}

/** How the reconciler talks to the route's MCP server. */
export interface McpSessionStatus {
  /** Negotiated MCP protocol revision, e.g. `2025-11-25`. */
  protocolVersion?: string | undefined;
  /**
   * `Session`: a stateful session kept alive over the standalone stream; `Stateless`: the server
   * issues no session id; `Polling`: a 2026-07-28 server, listed on an interval.
   */
  mode?: 'Session' | 'Stateless' | 'Polling' | undefined;
  /** Times the server lost the session (404 on a request that carried its id) since the route was first seen. */
  sessionLosses?: number | undefined;
}

export interface ToolRouteStatus {
  /** The generation the whole status was derived from. */
  observedGeneration?: number | undefined;
  /** Where agents reach the route: `<gateway url>/<namespace>/<route>/mcp`. */
  url?: string | undefined;
  conditions?: Condition[] | undefined;
  tools?: DiscoveredTools | undefined;
  mcp?: McpSessionStatus | undefined;
}

export interface GuardStatus {
  /** The generation the whole status was derived from. */
  observedGeneration?: number | undefined;
  conditions?: Condition[] | undefined;
}

/**
 * Reasons of a ToolRoute's `ToolsDiscovered=False` when its MCP session failed, and what each
 * means; the README's reason table lists exactly these.
 */
export const TOOLS_DISCOVERED_FAILURES = {
  McpEndpointNotFound: 'HTTP 404 to `initialize` (no session id): nothing serves MCP at the route path',
  SessionLost: 'HTTP 404 or 400 for our session id, again after one re-initialise and one retry',
  BadRequest: 'HTTP 400 to a request without a session id',
  Unauthorized: 'HTTP 401: the gateway or server wants credentials',
  Forbidden: 'HTTP 403',
  Unreachable: 'no answer: connection refused or reset, a timeout',
  ListFailed: 'anything else: another HTTP status, a JSON-RPC error, an unsupported protocol version',
} as const;

export type ToolsDiscoveredFailure = keyof typeof TOOLS_DISCOVERED_FAILURES;
