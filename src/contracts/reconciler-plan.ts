/**
 * The reconciler's plan: what synth knows statically about the estate, written as JSON into a
 * ConfigMap and read by the reconciler at start. The compiler has already resolved every
 * relation (which gateway a route attaches to, which objects a route compiled into, which
 * namespaces hold what), so the reconciler never re-implements those rules: it watches exactly
 * the resources listed here, in exactly these namespaces, which are also exactly what its RBAC
 * grants. This file holds types only; the compiler imports them to build a plan.
 */

/** A namespaced object. */
export interface ObjectKey {
  readonly namespace: string;
  readonly name: string;
}

/** One resource the reconciler lists and watches in a namespace. */
export interface WatchedResource {
  /** `group/version`, or `v1` for the core group. */
  readonly apiVersion: string;
  readonly kind: string;
  /** The resource (plural) in URLs and RBAC rules, e.g. `toolroutes`. */
  readonly resource: string;
  /** Only objects with these labels (a label selector string), e.g. our own objects; omitted: all. */
  readonly labelSelector?: string;
  /** The reconciler merge-patches the `/status` subresource of this resource. */
  readonly writesStatus: boolean;
}

export interface PlanNamespace {
  readonly name: string;
  /** Sorted by apiVersion then kind. */
  readonly watches: readonly WatchedResource[];
}

/** A ToolGateway we own: its status comes from the Gateway of the same name and namespace. */
export interface PlanGateway extends ObjectKey {
  /** AgentgatewayPolicies in the gateway's namespace that target the Gateway (e.g. the guardrail policy). */
  readonly policies: readonly string[];
  /** Guards whose adapters the gateway calls; a guard that is not Ready makes the gateway not Ready. */
  readonly guards: readonly ObjectKey[];
}

/** A ToolRoute: URL from its gateway's address, readiness from what it compiled into, tools from MCP. */
export interface PlanRoute extends ObjectKey {
  /** The Gateway (not the ToolGateway) the route attaches to; it may be owned by another pipeline. */
  readonly gateway: ObjectKey;
  /** HTTPRoute in the route's namespace. */
  readonly httpRoute: string;
  /** AgentgatewayBackend in the route's namespace. */
  readonly backend: string;
  /** AgentgatewayPolicies in the route's namespace that target the HTTPRoute. */
  readonly policies: readonly string[];
  /** Path on the gateway: `/<namespace>/<name>/mcp`. */
  readonly path: string;
  /** Set for a ToolSet, whose status is derived as a route's (URL, readiness, tools); absent for a ToolRoute. */
  readonly kind?: 'ToolSet';
}

/** A Guard: Ready from its adapter Deployment; no deployment when no gateway or route uses it. */
export interface PlanGuard extends ObjectKey {
  readonly deployment?: string;
}

/** Timing knobs, in milliseconds; all optional (the reconciler's defaults suit production). */
export interface ReconcilerSettings {
  /** First retry delay after a failed list, watch or write. */
  readonly backoffBaseMs?: number;
  /** Longest retry delay. */
  readonly backoffMaxMs?: number;
  /** Server-side timeout asked for on each watch; the watch is then re-opened from the last resourceVersion. */
  readonly watchTimeoutSeconds?: number;
  /** Parallel status writes. */
  readonly writeConcurrency?: number;
  /** Hold MCP sessions and record tools at all. */
  readonly mcpProbe?: boolean;
  /** Re-list tools of a live session this often, even without `list_changed`. */
  readonly mcpRelistMs?: number;
  /** Poll interval for 2026-07-28 servers (no sessions, no notifications). */
  readonly mcpPollMs?: number;
  /** Timeout of one MCP request. */
  readonly mcpRequestTimeoutMs?: number;
  /** Parallel MCP session set-ups. */
  readonly mcpConnectConcurrency?: number;
  /** How long a shard Lease lasts without renewal before another replica may take it. */
  readonly leaseDurationMs?: number;
  /** A holder that could not renew for this long stops writing that shard's status (< leaseDurationMs). */
  readonly renewDeadlineMs?: number;
  /** How often Leases are renewed, and free or expired ones looked for. */
  readonly retryPeriodMs?: number;
}

/**
 * Replicas share the work through Leases (`coordination.k8s.io/v1`) in the reconciler's own
 * namespace: status carriers fall into `shards` shards by a hash of namespace/name, and only the
 * holder of a shard's Lease writes its status and holds its MCP sessions.
 */
export interface PlanLeases {
  /** The reconciler's namespace, where its Leases live. */
  readonly namespace: string;
  /** Prefix of the Lease names: `<name>-shard-<i>` and `<name>-member-<j>`. */
  readonly name: string;
  readonly shards: number;
  /** Replicas of the Deployment; one more member slot than this covers a rolling update's surge pod. */
  readonly replicas: number;
}

export interface ReconcilerPlan {
  readonly version: 1;
  /** Written into the `controller` of our ToolGatewayClass; logged, so a pod says what it is. */
  readonly controllerName: string;
  /** ToolGateways we write status for must name this class. */
  readonly gatewayClassName: string;
  /** The in-cluster DNS suffix: status URLs name a gateway's Service, never its address, which changes. */
  readonly clusterDomain: string;
  readonly namespaces: readonly PlanNamespace[];
  readonly gateways: readonly PlanGateway[];
  readonly routes: readonly PlanRoute[];
  readonly guards: readonly PlanGuard[];
  /** Absent: one replica that writes every carrier's status, with no Leases. */
  readonly leases?: PlanLeases;
  readonly settings?: ReconcilerSettings;
}
