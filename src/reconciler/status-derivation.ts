import type { GuardStatus, ToolGatewayStatus, ToolRouteStatus } from '../contracts/status.js';
import { buildConditions, type ConditionInput, type ConditionStatus } from './conditions.js';
import type { KubeObject } from './kube-client.js';
import type { ObjectKey, PlanGateway, PlanGuard, PlanRoute } from '../contracts/reconciler-plan.js';
import type { SessionSnapshot } from './session-snapshot.js';

/** `status.tools.names` holds at most this many names (the CRD's maxItems). */
export const MAX_TOOL_NAMES = 4096;

/** Reads an object from the informers' stores. */
export type Lookup = (kind: string, namespace: string, name: string) => KubeObject | undefined;

interface ObservedCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

/** A verdict on one dependency: fine, failing, or not decided yet. */
interface Verdict {
  readonly status: ConditionStatus;
  readonly reason: string;
  readonly message: string;
}

const ok = (message: string, reason = 'Ready'): Verdict => ({ status: 'True', reason, message });
const bad = (reason: string, message: string): Verdict => ({ status: 'False', reason, message });
const pending = (reason: string, message: string): Verdict => ({ status: 'Unknown', reason, message });

function conditionsOf(x: unknown): ObservedCondition[] {
  const list = (x as { conditions?: unknown } | undefined)?.conditions;
  return Array.isArray(list) ? (list as ObservedCondition[]) : [];
}

/** A condition of `obj` that speaks for its current generation (stale ones are ignored, as Argo CD does). */
function current(conditions: readonly ObservedCondition[], type: string, obj: KubeObject): ObservedCondition | undefined {
  const c = conditions.find((x) => x.type === type);
  if (!c) return undefined;
  const gen = obj.metadata.generation;
  if (c.observedGeneration !== undefined && gen !== undefined && c.observedGeneration < gen) return undefined;
  return c;
}

function detail(c: ObservedCondition): string {
  return [c.reason, c.message].filter(Boolean).join(': ') || 'no reason given';
}

const label = (kind: string, k: ObjectKey | { namespace?: string; name: string }) => `${kind} ${k.namespace}/${k.name}`;

/** The address part of a URL: IPv6 literals in brackets. */
function hostOf(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}

/** What a route needs from a Gateway: its readiness and, once it has an address, its base URLs. */
export interface GatewayView extends Verdict {
  /**
   * What status publishes for agents: the in-cluster DNS name of the gateway's Service, which
   * outlives the Service's address (a recreated Service gets a new ClusterIP).
   */
  readonly url?: string;
  /** What the reconciler itself dials: the address the gateway controller reported. */
  readonly probeUrl?: string;
}

/**
 * A Gateway is ready when its controller accepted and programmed its current generation and it
 * has an address. Its URLs are `http://<host>` plus the HTTP listener's port unless it is 80:
 * the Service's DNS name (agentgateway names the proxy Service after the Gateway) for status,
 * the reported address for the reconciler's own probes.
 */
export function gatewayView(gw: KubeObject | undefined, key: ObjectKey, clusterDomain: string): GatewayView {
  const what = label('Gateway', key);
  if (!gw) return bad('GatewayNotFound', `${what} does not exist`);
  const status = gw.status as { addresses?: { type?: string; value?: string }[]; conditions?: unknown } | undefined;
  const conds = conditionsOf(status);
  const addresses = (status?.addresses ?? []).filter((a) => typeof a.value === 'string' && a.value !== '');
  const chosen = addresses.find((a) => a.type === 'Hostname') ?? addresses[0];
  let urls: { url: string; probeUrl: string } | undefined;
  if (chosen) {
    const listeners = (gw.spec as { listeners?: { name?: string; port?: number; protocol?: string }[] } | undefined)?.listeners ?? [];
    const listener = listeners.find((l) => l.protocol === 'HTTP') ?? listeners[0];
    const port = listener?.port ?? 80;
    const at = (host: string) => `http://${host}${port === 80 ? '' : `:${port}`}`;
    urls = { url: at(`${key.name}.${key.namespace}.svc.${clusterDomain}`), probeUrl: at(hostOf(chosen.value as string)) };
  }
  const accepted = current(conds, 'Accepted', gw);
  if (accepted?.status === 'False') return { ...bad('GatewayNotAccepted', `${what} is not accepted: ${detail(accepted)}`), ...urls };
  const programmed = current(conds, 'Programmed', gw);
  if (programmed?.status === 'False')
    return { ...bad('GatewayNotProgrammed', `${what} is not programmed: ${detail(programmed)}`), ...urls };
  if (accepted?.status !== 'True' || programmed?.status !== 'True') {
    return { ...pending('GatewayPending', `waiting for the gateway controller to accept and program ${what}`), ...urls };
  }
  if (!urls) return pending('AddressPending', `${what} has no address yet`);
  return { ...ok(`${what} is programmed at ${urls.url}`, 'Programmed'), ...urls };
}

/** An AgentgatewayPolicy's verdict: agentgateway reports per ancestor; any Accepted=False fails it. */
function policyVerdict(policy: KubeObject | undefined, ns: string, name: string): Verdict | undefined {
  const what = label('AgentgatewayPolicy', { namespace: ns, name });
  if (!policy) return bad('PolicyNotFound', `${what} does not exist`);
  const ancestors = (policy.status as { ancestors?: { conditions?: unknown }[] } | undefined)?.ancestors ?? [];
  for (const a of ancestors) {
    const c = current(conditionsOf(a), 'Accepted', policy);
    if (c?.status === 'False') return bad('PolicyNotAccepted', `${what} is not accepted: ${detail(c)}`);
  }
  return undefined;
}

/** A guard adapter is ready when its Deployment is Available for its current generation. */
function deploymentVerdict(d: KubeObject | undefined, ns: string, name: string): Verdict {
  const what = label('Deployment', { namespace: ns, name });
  if (!d) return bad('AdapterNotFound', `${what} does not exist`);
  const available = current(conditionsOf(d.status), 'Available', d);
  const replicas = (d.status as { availableReplicas?: number } | undefined)?.availableReplicas ?? 0;
  if (available?.status === 'True' && replicas > 0)
    return ok(`${what} has ${replicas} available replica${replicas === 1 ? '' : 's'}`, 'AdapterAvailable');
  if (available?.status === 'False') return bad('AdapterUnavailable', `${what} is not available: ${detail(available)}`);
  return pending('AdapterPending', `waiting for ${what} to become available`);
}

export function guardVerdict(g: PlanGuard, lookup: Lookup): Verdict {
  if (!g.deployment) return bad('Unused', 'no ToolGateway or ToolRoute uses this Guard, so no adapter runs for it');
  return deploymentVerdict(lookup('Deployment', g.namespace, g.deployment), g.namespace, g.deployment);
}

function generationOf(carrier: KubeObject): number | undefined {
  return carrier.metadata.generation;
}

function previousConditions(carrier: KubeObject) {
  return (carrier.status as { conditions?: ToolGatewayStatus['conditions'] } | undefined)?.conditions;
}

export function deriveGuardStatus(g: PlanGuard, carrier: KubeObject, lookup: Lookup, now: string): GuardStatus {
  const gen = generationOf(carrier);
  return {
    observedGeneration: gen,
    conditions: buildConditions([{ type: 'Ready', ...guardVerdict(g, lookup) }], previousConditions(carrier), gen, now),
  };
}

/** `guards` is keyed `Guard/<namespace>/<name>`. */
export function deriveGatewayStatus(
  g: PlanGateway,
  carrier: KubeObject,
  lookup: Lookup,
  guards: ReadonlyMap<string, PlanGuard>,
  now: string,
  clusterDomain: string,
): ToolGatewayStatus {
  const view = gatewayView(lookup('Gateway', g.namespace, g.name), g, clusterDomain);
  let verdict: Verdict = view;
  if (verdict.status === 'True') {
    for (const p of g.policies) {
      const v = policyVerdict(lookup('AgentgatewayPolicy', g.namespace, p), g.namespace, p);
      if (v) {
        verdict = v;
        break;
      }
    }
  }
  if (verdict.status === 'True') {
    for (const ref of g.guards) {
      const guard = guards.get(`Guard/${ref.namespace}/${ref.name}`);
      const v = guard ? guardVerdict(guard, lookup) : bad('GuardNotFound', `${label('Guard', ref)} is not part of this estate`);
      if (v.status !== 'True') {
        verdict = { status: v.status, reason: 'GuardNotReady', message: `${label('Guard', ref)}: ${v.message}` };
        break;
      }
    }
  }
  const gen = generationOf(carrier);
  return {
    observedGeneration: gen,
    ...(view.url ? { url: view.url } : {}),
    conditions: buildConditions(
      [{ type: 'Ready', status: verdict.status, reason: verdict.reason, message: verdict.message }],
      previousConditions(carrier),
      gen,
      now,
    ),
  };
}

/** Whether a route is routed through its gateway: everything but the MCP probe. */
export interface RouteRouting extends Verdict {
  /** Published in status (see GatewayView). */
  readonly url?: string;
  /** Dialled by the reconciler's MCP session. */
  readonly probeUrl?: string;
}

export function routeRouting(r: PlanRoute, lookup: Lookup, clusterDomain: string): RouteRouting {
  const gw = gatewayView(lookup('Gateway', r.gateway.namespace, r.gateway.name), r.gateway, clusterDomain);
  const urls = gw.url && gw.probeUrl ? { url: `${gw.url}${r.path}`, probeUrl: `${gw.probeUrl}${r.path}` } : {};
  const at = (v: Verdict): RouteRouting => ({ ...v, ...urls });
  if (gw.status !== 'True') return at({ status: gw.status, reason: 'GatewayNotReady', message: gw.message });

  const hrName = label('HTTPRoute', { namespace: r.namespace, name: r.httpRoute });
  const hr = lookup('HTTPRoute', r.namespace, r.httpRoute);
  if (!hr) return at(bad('HTTPRouteNotFound', `${hrName} does not exist`));
  const parents =
    (hr.status as { parents?: { parentRef?: { name?: string; namespace?: string }; conditions?: unknown }[] } | undefined)?.parents ?? [];
  const parent = parents.find(
    (p) => p.parentRef?.name === r.gateway.name && (p.parentRef.namespace ?? r.namespace) === r.gateway.namespace,
  );
  const accepted = parent ? current(conditionsOf(parent), 'Accepted', hr) : undefined;
  const resolved = parent ? current(conditionsOf(parent), 'ResolvedRefs', hr) : undefined;
  if (accepted?.status === 'False')
    return at(bad('HTTPRouteNotAccepted', `${hrName} is not accepted by ${label('Gateway', r.gateway)}: ${detail(accepted)}`));
  if (resolved?.status === 'False') return at(bad('RefsNotResolved', `${hrName} has unresolved references: ${detail(resolved)}`));
  if (accepted?.status !== 'True' || resolved?.status !== 'True') {
    return at(pending('HTTPRoutePending', `waiting for ${label('Gateway', r.gateway)} to accept ${hrName}`));
  }

  const beName = label('AgentgatewayBackend', { namespace: r.namespace, name: r.backend });
  const backend = lookup('AgentgatewayBackend', r.namespace, r.backend);
  if (!backend) return at(bad('BackendNotFound', `${beName} does not exist`));
  const beAccepted = current(conditionsOf(backend.status), 'Accepted', backend);
  if (beAccepted?.status === 'False') return at(bad('BackendNotAccepted', `${beName} is not accepted: ${detail(beAccepted)}`));

  for (const p of r.policies) {
    const v = policyVerdict(lookup('AgentgatewayPolicy', r.namespace, p), r.namespace, p);
    if (v) return at(v);
  }
  return at(ok(`routed through ${label('Gateway', r.gateway)}`, 'Routed'));
}

export function deriveRouteStatus(
  carrier: KubeObject,
  routing: RouteRouting,
  session: SessionSnapshot | undefined,
  now: string,
): ToolRouteStatus {
  const previous = carrier.status as ToolRouteStatus | undefined;
  const conditions: ConditionInput[] = [];
  let ready: Verdict = routing;
  if (routing.status === 'True' && session) {
    if (session.state === 'ready')
      ready = ok(`${carrier.kind === 'ToolSet' ? 'ToolSet' : 'ToolRoute'} is ready at ${routing.url}; ${session.tools?.count ?? 0} tools`);
    else if (session.state === 'failed')
      ready = bad(
        'McpUnreachable',
        `MCP session to ${routing.url} (dialled at ${routing.probeUrl}) failed: ${session.error ?? 'unknown error'}`,
      );
    else ready = pending('Probing', `opening an MCP session to ${routing.url}`);
  }
  conditions.push({ type: 'Ready', ...ready });
  if (session) {
    if (routing.status !== 'True')
      conditions.push({
        type: 'ToolsDiscovered',
        status: 'Unknown',
        reason: 'NotRouted',
        message: 'the route is not routed yet; tools are listed once it is',
      });
    else if (session.state === 'ready')
      conditions.push({
        type: 'ToolsDiscovered',
        status: 'True',
        reason: 'ToolsListed',
        message: `${session.tools?.count ?? 0} tools listed over ${describeMode(session)}`,
      });
    else if (session.state === 'failed')
      conditions.push({
        type: 'ToolsDiscovered',
        status: 'False',
        reason: session.reason ?? 'ListFailed',
        message: session.error ?? 'listing tools failed',
      });
    else conditions.push({ type: 'ToolsDiscovered', status: 'Unknown', reason: 'Pending', message: 'listing tools' });
    if (session.surface) conditions.push({ type: 'ToolSurfaceChanged', ...session.surface });
  }
  const gen = generationOf(carrier);
  const listed = session?.tools ?? previous?.tools;
  // The CRD caps the list (count and digest still cover every tool).
  const tools = listed && listed.names.length > MAX_TOOL_NAMES ? { ...listed, names: listed.names.slice(0, MAX_TOOL_NAMES) } : listed;
  const mcp =
    session && (session.mode || session.protocolVersion || session.sessionLosses > 0)
      ? {
          ...(session.protocolVersion ? { protocolVersion: session.protocolVersion } : {}),
          ...(session.mode ? { mode: session.mode } : {}),
          sessionLosses: session.sessionLosses,
        }
      : undefined;
  return {
    observedGeneration: gen,
    ...(routing.url ? { url: routing.url } : {}),
    conditions: buildConditions(conditions, previous?.conditions, gen, now),
    ...(tools ? { tools } : {}),
    ...(mcp ? { mcp } : {}),
  };
}

function describeMode(s: SessionSnapshot): string {
  if (s.mode === 'Polling') return `MCP ${s.protocolVersion ?? ''} (polled: the server keeps no sessions)`.replace('  ', ' ');
  if (s.mode === 'Stateless') return `MCP ${s.protocolVersion ?? ''} without a session`;
  return `an MCP ${s.protocolVersion ?? ''} session`;
}
