/** The API group and version of the intent kinds, shared with the upstream agentic-layer CRDs. */
export const INTENT_API_VERSION = 'runtime.agentic-layer.ai/v1alpha1';

/** The intent kinds this compiler reads. */
export const INTENT_KINDS = ['ToolGateway', 'ToolRoute', 'ToolServer', 'Guard', 'GuardrailProvider'] as const;
export type IntentKind = (typeof INTENT_KINDS)[number];

/**
 * The kinds synth emits as objects of their own (status carriers and our ToolGatewayClass) and
 * ships CRDs for, in the order the CRDs are listed.
 */
export const CARRIER_KINDS = ['ToolGatewayClass', 'ToolGateway', 'ToolRoute', 'Guard', 'GuardrailProvider'] as const;
export type CarrierKind = (typeof CARRIER_KINDS)[number];
