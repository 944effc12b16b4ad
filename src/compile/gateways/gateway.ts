import { Gateway, GatewaySpecListenersAllowedRoutesNamespacesFrom } from '../../../imports/gateway.networking.k8s.io.constants.js';
import type { GatewaySpec, GatewaySpecListenersAllowedRoutesNamespaces } from '../../../imports/gateway.networking.k8s.io.js';
import type { ToolGatewayIntent } from '../../intent/estate.js';
import type { Manifest } from '../../contracts/manifest.js';
import { buildManifest } from '../build-manifest.js';
import { provenanceLabels } from '../labels.js';

/** GatewayClass of agentgateway's controller; the operator hard-codes it too. */
export const GATEWAY_CLASS_NAME = 'agentgateway';
export const LISTENER_NAME = 'http';
export const LISTENER_PORT = 80;

/**
 * The Gateway a ToolGateway stands for: one plain-HTTP listener that accepts routes from every
 * namespace (routes attach across namespaces by design), with the proxy's deployment shaped
 * by the AgentgatewayParameters of the same name.
 */
export function compileGateway(tg: ToolGatewayIntent): Manifest {
  return buildManifest(
    Gateway.GVK,
    { name: tg.name, namespace: tg.namespace, labels: provenanceLabels({ toolGateway: tg }) },
    {
      spec: {
        gatewayClassName: GATEWAY_CLASS_NAME,
        infrastructure: {
          parametersRef: { group: 'agentgateway.dev', kind: 'AgentgatewayParameters', name: tg.name },
        },
        listeners: [
          {
            name: LISTENER_NAME,
            protocol: 'HTTP',
            port: LISTENER_PORT,
            allowedRoutes: { namespaces: allowedRouteNamespaces(tg) },
          },
        ],
      } satisfies GatewaySpec,
    },
  );
}

/**
 * The listener's `allowedRoutes.namespaces`: `All` unless the ToolGateway says otherwise (the
 * compiler has already checked every route against it, so the cluster agrees with the build).
 */
function allowedRouteNamespaces(tg: ToolGatewayIntent): GatewaySpecListenersAllowedRoutesNamespaces {
  const ns = tg.spec.allowedRoutes?.namespaces;
  switch (ns?.from) {
    case 'Same':
      return { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME };
    case 'Selector':
      return { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SELECTOR, selector: ns.selector };
    default:
      return { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.ALL };
  }
}

/** In-cluster base URL of a gateway's proxy Service (agentgateway names it after the Gateway). */
export function gatewayUrl(gateway: { name: string; namespace: string }, clusterDomain: string): string {
  return `http://${gateway.name}.${gateway.namespace}.svc.${clusterDomain}`;
}
