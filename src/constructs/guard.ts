import type { Construct, IConstruct } from 'constructs';
import type { AllowedNamespaces } from './allowed-namespaces.js';
import type { IGuardrailProvider } from './guardrail-provider.js';
import { IntentConstruct, type IntentProps } from './intent-construct.js';
import type { IToolGateway } from './tool-gateway.js';

/** When a Guard inspects traffic. */
export enum GuardMode {
  /** Tool-call arguments, before they reach the server. */
  PRE_CALL = 'pre_call',
  /** Tool results, before they reach the agent. */
  POST_CALL = 'post_call',
}

/** What a gateway does when the guard's adapter cannot be reached. */
export enum GuardFailureMode {
  /** Reject the request (safe for PII filtering). */
  FAIL_CLOSED = 'FailClosed',
  /** Let the request through unchecked. */
  FAIL_OPEN = 'FailOpen',
}

export interface IGuard extends IConstruct {
  readonly name: string;
  readonly namespace: string;
}

export interface GuardProps extends IntentProps {
  /** When to inspect traffic. */
  readonly modes: readonly GuardMode[];
  /** The guardrail service that does the inspection. */
  readonly provider: IGuardrailProvider;
  /**
   * Free text for humans.
   * @default - none
   */
  readonly description?: string;
  /**
   * Language of the inspected text, for Presidio.
   * @default 'en'
   */
  readonly presidioLanguage?: string;
  /**
   * Minimum score per entity type (or `ALL`) for Presidio to report it, from "0" to "1".
   * @default - Presidio's own
   */
  readonly presidioScoreThresholds?: Readonly<Record<string, string>>;
  /**
   * What to do per entity type (or `ALL`): MASK, BLOCK or ALLOW.
   * @default { ALL: 'BLOCK' }
   */
  readonly presidioEntityActions?: Readonly<Record<string, string>>;
  /**
   * Namespaces whose gateways and routes may use this Guard.
   * @default AllowedNamespaces.same()
   */
  readonly allowedNamespaces?: AllowedNamespaces;
  /**
   * Gateways compiled by other pipelines (imported with `ToolGateway.fromName`) whose proxies
   * may call this Guard's adapter. A Guard listing any compiles even when nothing in this app
   * uses it; their namespaces must also be admitted by `allowedNamespaces`.
   * @default - only the gateways of this app that use the Guard
   */
  readonly allowedGateways?: readonly IToolGateway[];
  /**
   * What the gateway does when the adapter is unreachable.
   * @default GuardFailureMode.FAIL_CLOSED
   */
  readonly failureMode?: GuardFailureMode;
  /**
   * Adapter pods. More than one also gets a PodDisruptionBudget.
   * @default 1
   */
  readonly replicas?: number;
}

/**
 * A PII or content guard, compiled into a hardened guardrail-adapter Deployment, ConfigMap
 * and Service in its namespace — only when a ToolGateway uses it.
 */
export class Guard extends IntentConstruct implements IGuard {
  protected readonly kind = 'Guard' as const;
  private readonly props: GuardProps;

  constructor(scope: Construct, id: string, props: GuardProps) {
    super(scope, id, props);
    this.props = props;
  }

  /** @internal */
  protected _renderSpec(): Record<string, unknown> {
    const p = this.props;
    const presidio = {
      ...(p.presidioLanguage !== undefined ? { language: p.presidioLanguage } : {}),
      ...(p.presidioScoreThresholds ? { scoreThresholds: { ...p.presidioScoreThresholds } } : {}),
      ...(p.presidioEntityActions ? { entityActions: { ...p.presidioEntityActions } } : {}),
    };
    return {
      mode: [...p.modes],
      description: p.description,
      providerRef: { name: p.provider.name, namespace: p.provider.namespace },
      presidio: Object.keys(presidio).length > 0 ? presidio : undefined,
      allowedNamespaces: p.allowedNamespaces?._toSpec(),
      allowedGateways: p.allowedGateways?.map((g) => ({ name: g.name, namespace: g.namespace })),
      failureMode: p.failureMode,
      replicas: p.replicas,
    };
  }
}
