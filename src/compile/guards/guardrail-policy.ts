import {
  AgentgatewayPolicy,
  AgentgatewayPolicySpecTrafficExtProcFailureMode,
  AgentgatewayPolicySpecTrafficPhase,
} from '../../../imports/agentgateway.dev.constants.js';
import type { AgentgatewayPolicySpec } from '../../../imports/agentgateway.dev.js';
import { ReferenceGrant } from '../../../imports/gateway.networking.k8s.io.constants.js';
import type { ReferenceGrantSpec } from '../../../imports/gateway.networking.k8s.io.js';
import type { GuardIntent } from '../../intent/estate.js';
import type { Manifest } from '../../contracts/manifest.js';
import { ADAPTER_SERVICE_PORT, adapterName } from './guard-adapter.js';
import { buildManifest } from '../build-manifest.js';
import { provenanceLabels } from '../labels.js';

/** Where a guard attaches: a whole gateway, or one route's HTTPRoute. */
export interface GuardAttachment {
  /** Name of the policy: `<tg>-guardrail` or `<tg>-<route>-guardrail`. */
  readonly policyName: string;
  readonly namespace: string;
  readonly targetKind: 'Gateway' | 'HTTPRoute';
  readonly targetName: string;
  readonly labels: Readonly<Record<string, string>>;
  /**
   * Run the guard in agentgateway's PreRouting phase (gateways only). PreRouting and
   * PostRouting policies do not merge, so a gateway guard there runs on every route, beside any
   * route's own guard, and no route-level policy can replace it.
   */
  readonly beforeRouting: boolean;
}

/**
 * Attaches a Guard's adapter as the ext_proc filter of a gateway or route. The failure mode is
 * always written (fail-closed unless the Guard says otherwise), so a reader of the YAML does
 * not have to know agentgateway's default.
 */
export function compileGuardrailPolicy(at: GuardAttachment, guard: GuardIntent): Manifest {
  return buildManifest(
    AgentgatewayPolicy.GVK,
    { name: at.policyName, namespace: at.namespace, labels: { ...at.labels, ...provenanceLabels({ guard: guard.name }) } },
    {
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: at.targetKind, name: at.targetName }],
        traffic: {
          ...(at.beforeRouting ? { phase: AgentgatewayPolicySpecTrafficPhase.PRE_ROUTING } : {}),
          extProc: {
            backendRef: { name: adapterName(guard), namespace: guard.namespace, port: ADAPTER_SERVICE_PORT },
            failureMode:
              guard.spec.failureMode === 'FailOpen'
                ? AgentgatewayPolicySpecTrafficExtProcFailureMode.FAIL_OPEN
                : AgentgatewayPolicySpecTrafficExtProcFailureMode.FAIL_CLOSED,
          },
        },
      } satisfies AgentgatewayPolicySpec,
    },
  );
}

/**
 * Lets policies in other namespaces reference a Guard's adapter Service. agentgateway needs it
 * only in `route-and-policy` grant mode, but it is the honest record of the cross-namespace
 * edge either way.
 */
export function compileAdapterReferenceGrant(guard: GuardIntent, fromNamespaces: readonly string[]): Manifest {
  return buildManifest(
    ReferenceGrant.GVK,
    { name: adapterName(guard), namespace: guard.namespace, labels: provenanceLabels({ guard: guard.name }) },
    {
      spec: {
        from: [...fromNamespaces].sort().map((namespace) => ({ group: 'agentgateway.dev', kind: 'AgentgatewayPolicy', namespace })),
        to: [{ group: '', kind: 'Service', name: adapterName(guard) }],
      } satisfies ReferenceGrantSpec,
    },
  );
}
