import type { Problem } from '../../contracts/problem.js';
import {
  byNamespaceAndName,
  type Estate,
  type ToolGatewayIntent,
  type ToolRouteIntent,
  type ToolServerIntent,
} from '../../intent/estate.js';
import { DEFAULT_GATEWAY_NAMESPACE } from '../compile-options.js';
import { problemsFor } from '../problem-sink.js';
import { parseExternalUrl, toolServerEndpoint, type UpstreamEndpoint } from './upstream-endpoint.js';
import { applyUpstreamTls } from '../routes/upstream-security.js';

/** A gateway a route attaches to: one compiled here, or one owned elsewhere (imported by name). */
export interface GatewayTarget {
  readonly name: string;
  readonly namespace: string;
  /** Undefined for gateways owned elsewhere: their Gateway is not emitted here. */
  readonly intent?: ToolGatewayIntent;
}

export interface ResolvedRoute {
  readonly route: ToolRouteIntent;
  readonly gateway: GatewayTarget;
  readonly endpoint: UpstreamEndpoint;
  readonly toolServer?: ToolServerIntent;
}

const key = (namespace: string, name: string) => `${namespace}/${name}`;

/**
 * Resolves every route's gateway and upstream. The default gateway (a route without
 * `toolGatewayRef`) is the single ToolGateway in namespace `tool-gateway`; unlike the operator,
 * which took whichever came first, more than one candidate is an error naming them all.
 */
export function resolveRoutes(
  estate: Estate,
  importedGateways: readonly GatewayTarget[],
  clusterDomain: string,
  problems: Problem[],
): ResolvedRoute[] {
  const gateways = new Map<string, GatewayTarget>();
  for (const g of importedGateways) gateways.set(key(g.namespace, g.name), g);
  for (const g of estate.toolGateways) gateways.set(key(g.namespace, g.name), { name: g.name, namespace: g.namespace, intent: g });
  const servers = new Map(estate.toolServers.map((s) => [key(s.namespace, s.name), s]));
  const defaults = [...gateways.values()].filter((g) => g.namespace === DEFAULT_GATEWAY_NAMESPACE).sort(byNamespaceAndName);

  const resolved: ResolvedRoute[] = [];
  for (const route of estate.toolRoutes) {
    const report = problemsFor(route, problems);

    let gateway: GatewayTarget | undefined;
    const ref = route.spec.toolGatewayRef;
    if (ref) {
      if (ref.kind !== undefined && ref.kind !== 'ToolGateway') {
        report.error('spec.toolGatewayRef.kind', `${JSON.stringify(ref.kind)} is not allowed; allowed: "ToolGateway" (or leave it out)`);
      } else {
        const ns = ref.namespace ?? route.namespace;
        gateway = gateways.get(key(ns, ref.name));
        if (!gateway) {
          report.error(
            'spec.toolGatewayRef',
            `ToolGateway ${ns}/${ref.name} is not defined in this input; define it, or import it by name if another pipeline owns it`,
          );
        }
      }
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

    let endpoint: UpstreamEndpoint | undefined;
    let toolServer: ToolServerIntent | undefined;
    const { toolServerRef, external } = route.spec.upstream;
    if (toolServerRef) {
      if (toolServerRef.kind !== undefined && toolServerRef.kind !== 'ToolServer') {
        report.error(
          'spec.upstream.toolServerRef.kind',
          `${JSON.stringify(toolServerRef.kind)} is not allowed; allowed: "ToolServer" (or leave it out)`,
        );
      } else {
        const ns = toolServerRef.namespace ?? route.namespace;
        toolServer = servers.get(key(ns, toolServerRef.name));
        if (toolServer) endpoint = toolServerEndpoint(toolServer, clusterDomain);
        else report.error('spec.upstream.toolServerRef', `ToolServer ${ns}/${toolServerRef.name} is not defined in this input`);
      }
    } else if (external) {
      const result = parseExternalUrl(external.url);
      if ('error' in result) report.error('spec.upstream.external.url', result.error);
      else endpoint = result.endpoint;
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
