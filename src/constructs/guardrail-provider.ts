import type { Construct, IConstruct } from 'constructs';
import { IntentConstruct, type IntentProps } from './intent-construct.js';

/** Kind of guardrail service. Only Presidio is supported by the guardrail adapter today. */
export enum GuardrailProviderType {
  PRESIDIO = 'presidio-api',
  OPENAI_MODERATION = 'openai-moderation-api',
  BEDROCK = 'bedrock-api',
}

export interface IGuardrailProvider extends IConstruct {
  readonly name: string;
  readonly namespace: string;
}

export interface GuardrailProviderProps extends IntentProps {
  /**
   * Kind of service.
   * @default GuardrailProviderType.PRESIDIO
   */
  readonly type?: GuardrailProviderType;
  /**
   * Base URL of the Presidio service (the adapter calls `<baseUrl>/analyze` and `/anonymize`).
   * Required for Presidio.
   * @default - none
   */
  readonly presidioBaseUrl?: string;
  /**
   * The port the Presidio pods listen on (its Service's `targetPort`, often 3000 or 8000 behind
   * port 80), when `presidioBaseUrl` names an in-cluster Service: the adapter's NetworkPolicy
   * matches the pod port, not the Service port of the URL.
   * @default - the adapter may reach every TCP port of Presidio's namespace, with a warning
   */
  readonly presidioTargetPort?: number;
}

/** A guardrail service (such as Presidio) that Guards use. */
export class GuardrailProvider extends IntentConstruct implements IGuardrailProvider {
  protected readonly kind = 'GuardrailProvider' as const;
  private readonly props: GuardrailProviderProps;

  constructor(scope: Construct, id: string, props: GuardrailProviderProps = {}) {
    super(scope, id, props);
    this.props = props;
  }

  /** @internal */
  protected _renderSpec(): Record<string, unknown> {
    const p = this.props;
    return {
      type: p.type ?? GuardrailProviderType.PRESIDIO,
      presidio:
        p.presidioBaseUrl !== undefined
          ? { baseUrl: p.presidioBaseUrl, ...(p.presidioTargetPort !== undefined ? { targetPort: p.presidioTargetPort } : {}) }
          : undefined,
    };
  }
}
