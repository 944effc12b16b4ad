import { z } from 'zod';
import type { Condition, DiscoveredTools, GuardStatus, McpSessionStatus, ToolGatewayStatus, ToolRouteStatus } from '../contracts/status.js';
import type { Assert, Equal } from './type-equal.js';

/**
 * The `status` the runtime reconciler writes on the status carriers. The CRDs' status schemas
 * are generated from these schemas; the reconciler uses the plain types in src/contracts/status.ts,
 * which the checks below keep identical to what these schemas infer.
 */

/** metav1.Condition, with the API server's own limits. */
export const conditionSchema = z.strictObject({
  type: z
    .string()
    .max(316)
    .regex(new RegExp('^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$')),
  status: z.enum(['True', 'False', 'Unknown']),
  observedGeneration: z.int().min(0).optional(),
  lastTransitionTime: z.iso.datetime(),
  reason: z
    .string()
    .min(1)
    .max(1024)
    .regex(/^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/),
  message: z.string().max(32768),
});

/** Conditions keyed by type, as Kubernetes conventions have them (one entry per type). */
const conditionsSchema = z
  .array(conditionSchema)
  .max(16)
  .meta({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] });

/** `.status.observedGeneration`: the generation the whole status was derived from. */
const observedGeneration = z.int().min(0).optional();

export const toolGatewayStatusSchema = z.strictObject({
  observedGeneration,
  /** Base URL of the gateway, from the Gateway's address: `http://<address>[:<port>]`. */
  url: z.string().optional(),
  conditions: conditionsSchema.optional(),
});

/** The tools a route exposes after filtering, as the reconciler's MCP session lists them. */
export const discoveredToolsSchema = z.strictObject({
  count: z.int().min(0),
  /** Tool names, sorted. */
  names: z.array(z.string()).max(4096),
  /** `sha256:<hex>` over the sorted tool definitions (name, description, schemas): changes when any tool changes. */
  digest: z.string(),
});

/** How the reconciler talks to the route's MCP server. */
export const mcpSessionStatusSchema = z.strictObject({
  /** Negotiated MCP protocol revision, e.g. `2025-11-25`. */
  protocolVersion: z.string().optional(),
  /**
   * `Session`: a stateful session kept alive over the standalone stream; `Stateless`: the server
   * issues no session id; `Polling`: a 2026-07-28 server, listed on an interval.
   */
  mode: z.enum(['Session', 'Stateless', 'Polling']).optional(),
  /** Times the server lost the session (404 on a request that carried its id) since the route was first seen. */
  sessionLosses: z.int().min(0).optional(),
});

export const toolRouteStatusSchema = z.strictObject({
  observedGeneration,
  /** Where agents reach the route: `<gateway url>/<namespace>/<route>/mcp`. */
  url: z.string().optional(),
  conditions: conditionsSchema.optional(),
  tools: discoveredToolsSchema.optional(),
  mcp: mcpSessionStatusSchema.optional(),
});

export const guardStatusSchema = z.strictObject({
  observedGeneration,
  conditions: conditionsSchema.optional(),
});

/** GuardrailProvider and ToolGatewayClass: conditions only (the reconciler writes neither). */
export const conditionsOnlyStatusSchema = z.strictObject({
  conditions: conditionsSchema.optional(),
});

/** Fails to compile when a schema no longer describes exactly its contract type. */
export type StatusSchemasMatchContracts = [
  Assert<Equal<z.infer<typeof conditionSchema>, Condition>>,
  Assert<Equal<z.infer<typeof toolGatewayStatusSchema>, ToolGatewayStatus>>,
  Assert<Equal<z.infer<typeof discoveredToolsSchema>, DiscoveredTools>>,
  Assert<Equal<z.infer<typeof mcpSessionStatusSchema>, McpSessionStatus>>,
  Assert<Equal<z.infer<typeof toolRouteStatusSchema>, ToolRouteStatus>>,
  Assert<Equal<z.infer<typeof guardStatusSchema>, GuardStatus>>,
];
