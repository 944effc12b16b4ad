import type { Problem } from '../../contracts/problem.js';
import { byNamespaceAndName, type Estate, type ToolGatewayIntent, type ToolRouteIntent } from '../../intent/estate.js';
import type { ImportedToolServerSpec } from '../../intent/tool-server-schema.js';
import { DEFAULT_GATEWAY_NAMESPACE } from '../compile-options.js';
import { problemsFor } from '../problem-sink.js';
import { RefTargets, resolveRef } from './resolve-ref.js';
import { parseExternalUrl, toolServerEndpoint, type UpstreamEndpoint } from './upstream-endpoint.js';
import { applyUpstreamTls } from '../routes/upstream-security.js';
import { importHint, type FrontDoor } from './import-hint.js';
import { estateNamespaces, inClusterService } from '../network/egress-derivation.js';

/** A gateway a route attaches to: one compiled here, or one owned elsewhere (imported). */
export interface GatewayTarget {
  readonly name: string;
  readonly namespace: string;
  /**
   * The gateway's document: set for gateways compiled here and for imported documents (whose
   * allowedRoutes and authentication are then checked); undefined for gateways imported by name.
   */
  readonly intent?: ToolGatewayIntent;
  /** Owned by another pipeline: nothing of its own (Gateway, NetworkPolicy, status) is emitted here. */
  readonly imported?: boolean;
  /** Why the gateway is another controller's (its class); routes to it are left alone. */
  readonly foreign?: string;
}

/**
 * A tool server a route points at: a ToolServer compiled here, or one owned by another pipeline
 * (imported by name), of which only how to reach it and its owner's consent are known.
 */
export interface ToolServerTarget {
  readonly name: string;
  readonly namespace: string;
  readonly spec: ImportedToolServerSpec;
}

export interface ResolvedRoute {
  readonly route: ToolRouteIntent;
  readonly gateway: GatewayTarget;
  readonly endpoint: UpstreamEndpoint;
  /**
   * The ToolServer the upstream reaches: through `toolServerRef`, or through an external URL that
   * names its Service, which counts the same for consent, tool filters and egress.
   */
  readonly toolServer?: ToolServerTarget;
}

/** Targets owned by other pipelines that routes compiled here may use; nothing is emitted for them. */
export interface ImportedTargets {
  readonly gateways?: readonly GatewayTarget[];
  readonly toolServers?: readonly ToolServerTarget[];
}

/**
 * Resolves every route's gateway and upstream. The default gateway (a route without
 * `toolGatewayRef`) is the single ToolGateway in namespace `tool-gateway`; unlike the operator,
 * which took whichever came first, more than one candidate is an error naming them all.
 */
export function resolveRoutes(
  estate: Estate,
  imported: ImportedTargets,
  clusterDomain: string,
  problems: Problem[],
  frontDoor?: FrontDoor,
): ResolvedRoute[] {
  // A target defined here wins over an imported one of the same name.
  const gateways = new RefTargets<GatewayTarget>(
    'ToolGateway',
    [...(imported.gateways ?? []), ...estate.toolGateways.map((g) => ({ name: g.name, namespace: g.namespace, intent: g }))],
    importHint('ToolGateway', frontDoor),
  );
  const serverTargets = [...(imported.toolServers ?? []), ...estate.toolServers];
  const servers = new RefTargets<ToolServerTarget>('ToolServer', serverTargets, importHint('ToolServer', frontDoor));
  // Later entries win, so a ToolServer defined here wins over an import of the same name.
  const serverByService = new Map(serverTargets.map((s) => [JSON.stringify([s.namespace, s.name]), s]));
  const knownNamespaces = estateNamespaces(estate);
  const defaults = gateways
    .all()
    .filter((g) => g.namespace === DEFAULT_GATEWAY_NAMESPACE)
    .sort(byNamespaceAndName);

  const resolved: ResolvedRoute[] = [];
  for (const route of estate.toolRoutes) {
    const report = problemsFor(route, problems);

    let gateway: GatewayTarget | undefined;
    const ref = route.spec.toolGatewayRef;
    if (ref) {
      gateway = resolveRef(ref, gateways, report, 'spec.toolGatewayRef');
    } else if (defaults.length === 1) {
      gateway = defaults[0];
    } else if (defaults.length === 0) {
      report.error(
        'spec.toolGatewayRef',
        `is not set and there is no default ToolGateway: define one ToolGateway in namespace "${DEFAULT_GATEWAY_NAMESPACE}" or set toolGatewayRef`,
      );
    } else {
      const names = defaults.map((g) => `${g.namespace}/${g.name}`).join(', ');
      report.error(
        'spec.toolGatewayRef',
        `is not set and the default is ambiguous: namespace "${DEFAULT_GATEWAY_NAMESPACE}" holds ${defaults.length} ToolGateways (${names}); set toolGatewayRef`,
      );
    }
    if (gateway?.foreign !== undefined) {
      report.info(
        'spec.toolGatewayRef',
        `attaches to ToolGateway ${gateway.namespace}/${gateway.name}, which ${gateway.foreign}; the route is that controller's to serve, so it is not compiled`,
      );
      continue;
    }

    let endpoint: UpstreamEndpoint | undefined;
    let toolServer: ToolServerTarget | undefined;
    const { toolServerRef, external } = route.spec.upstream;
    if (toolServerRef) {
      toolServer = resolveRef(toolServerRef, servers, report, 'spec.upstream.toolServerRef');
      if (toolServer) endpoint = toolServerEndpoint(toolServer, clusterDomain);
    } else if (external) {
      const result = parseExternalUrl(external.url);
      if ('error' in result) report.error('spec.upstream.external.url', result.error);
      else endpoint = result.endpoint;
      // The proxy resolves the host, so a short name resolves in the gateway's namespace.
      const service =
        endpoint && gateway && inClusterService(endpoint.host, { clusterDomain, callerNamespace: gateway.namespace, knownNamespaces });
      toolServer = service && serverByService.get(JSON.stringify([service.namespace, service.service]));
      if (endpoint && toolServer) {
        if (endpoint.port !== toolServer.spec.port) {
          report.error(
            'spec.upstream.external.url',
            `reaches the Service of ToolServer ${toolServer.namespace}/${toolServer.name}, which serves port ${toolServer.spec.port}, not ${endpoint.port}; write spec.upstream.toolServerRef: {name: ${toolServer.name}, namespace: ${toolServer.namespace}} instead of the URL`,
          );
          endpoint = undefined;
        } else {
          // The server's transport decides the protocol, as for toolServerRef.
          endpoint = { ...endpoint, protocol: toolServerEndpoint(toolServer, clusterDomain).protocol };
        }
      }
    }
    if (endpoint) {
      const secured = applyUpstreamTls(endpoint, route.spec.upstream);
      if ('error' in secured) {
        report.error('spec.upstream.tls', secured.error);
        endpoint = undefined;
      } else {
        endpoint = secured.endpoint;
      }
    }
    if (gateway && endpoint) resolved.push({ route, gateway, endpoint, toolServer });
  }
  return resolved;
}
