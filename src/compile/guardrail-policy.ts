import { AgentgatewayPolicy, AgentgatewayPolicySpecTrafficExtProcFailureMode } from '../../imports/agentgateway.dev.js';
import { ReferenceGrant } from '../../imports/gateway.networking.k8s.io.js';
import type { GuardIntent, ToolGatewayIntent } from '../intent/estate.js';
import type { Manifest } from '../output/manifest.js';
import { ADAPTER_SERVICE_PORT, adapterName } from './guard-adapter.js';
import { provenanceLabels } from './labels.js';

/**
 * Attaches a Guard's adapter to a gateway as its ext_proc filter. Fail-closed is written out:
 * it is agentgateway's default, and a reader of the YAML should not have to know that.
 */
export function compileGuardrailPolicy(tg: ToolGatewayIntent, guard: GuardIntent): Manifest {
  return AgentgatewayPolicy.manifest({
    metadata: { name: `${tg.name}-guardrail`, namespace: tg.namespace, labels: provenanceLabels({ toolGateway: tg, guard: guard.name }) },
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: tg.name }],
      traffic: {
        extProc: {
          backendRef: { name: adapterName(guard), namespace: guard.namespace, port: ADAPTER_SERVICE_PORT },
          failureMode: AgentgatewayPolicySpecTrafficExtProcFailureMode.FAIL_CLOSED,
        },
      },
    },
  });
}

/**
 * Lets policies in the gateways' namespaces reference a Guard's adapter Service. agentgateway
 * needs it only in `route-and-policy` grant mode, but it is the honest record of the
 * cross-namespace edge either way.
 */
export function compileAdapterReferenceGrant(guard: GuardIntent, fromNamespaces: readonly string[]): Manifest {
  return ReferenceGrant.manifest({
    metadata: { name: adapterName(guard), namespace: guard.namespace, labels: provenanceLabels({ guard: guard.name }) },
    spec: {
      from: [...fromNamespaces].sort().map((namespace) => ({ group: 'agentgateway.dev', kind: 'AgentgatewayPolicy', namespace })),
      to: [{ group: '', kind: 'Service', name: adapterName(guard) }],
    },
  });
}
