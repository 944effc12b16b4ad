/** The API group and version of the intent kinds, shared with the upstream agentic-layer CRDs. */
export const INTENT_API_VERSION = 'runtime.agentic-layer.ai/v1alpha1';

/** The API group of the intent kinds. */
export const INTENT_GROUP = 'runtime.agentic-layer.ai';

/** The intent kinds this compiler reads. */
export const INTENT_KINDS = ['ToolGateway', 'ToolRoute', 'ToolServer', 'Guard', 'GuardrailProvider', 'ToolSet'] as const;
export type IntentKind = (typeof INTENT_KINDS)[number];

/**
 * The kinds synth emits as objects of their own (status carriers and our ToolGatewayClass) and
 * ships CRDs for, in the order the CRDs are listed.
 */
export const CARRIER_KINDS = ['ToolGatewayClass', 'ToolGateway', 'ToolRoute', 'Guard', 'GuardrailProvider', 'ToolSet'] as const;
export type CarrierKind = (typeof CARRIER_KINDS)[number];

/**
 * The other kinds of the group, which the agent runtime operator owns (agents, their gateways and
 * its configuration). A GitOps folder holds them beside tool-gateway intent; they are not intent,
 * and are skipped like any other object, while a kind of the group outside both lists is a typo.
 */
export const OTHER_GROUP_KINDS = [
  'Agent',
  'AgentGateway',
  'AgentGatewayClass',
  'AgentRuntimeConfiguration',
  'AgenticWorkforce',
  'AiGateway',
  'AiGatewayClass',
  'OperatorConfiguration',
] as const;

/** The annotation that marks the default ToolGatewayClass (as for IngressClass and StorageClass). */
export const DEFAULT_CLASS_ANNOTATION = 'toolgatewayclass.kubernetes.io/is-default-class';
