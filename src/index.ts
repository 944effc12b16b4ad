/**
 * The package's public surface: the cdk8s constructs, the app that compiles them, and the types
 * their props, results and errors use. Everything else under src/ is internal and may change.
 */

// The app: define intent in charts, then synth (or runApp for `synth` / `--check` from the command line).
export { ToolGatewayApp, type ToolGatewayAppProps } from './app/tool-gateway-app.js';
export { runApp } from './app/run-app.js';
// Or put the compiled output into any cdk8s App, beside its own charts.
export { ToolGatewayStage, type ToolGatewayStageProps } from './app/tool-gateway-stage.js';
export type { BuildResult } from './app/build-output.js';
export type { OutputPlan, WriteOutputOptions } from './emit/write-output.js';
export { OutputError } from './emit/output-error.js';
export type { CompileOptions, NetworkOptions } from './compile/compile-options.js';
export type { ReconcilerOptions } from './compile/runtime/reconciler-options.js';

// The constructs and their props.
export { IntentConstruct, type IntentProps } from './constructs/intent-construct.js';
export { ToolGateway, type IToolGateway, type ToolGatewayProps } from './constructs/tool-gateway.js';
export { ToolRoute, type IToolRoute, type ToolRouteProps } from './constructs/tool-route.js';
export {
  Egress,
  type AllowPrivileged,
  type EgressUrlOptions,
  McpTransport,
  ToolServer,
  type IToolServer,
  type ToolServerAttributes,
  type ToolServerProps,
  type ToolServerResources,
} from './constructs/tool-server.js';
export { Upstream, type ExternalUpstreamOptions, type UpstreamOptions } from './constructs/upstream.js';
export {
  BackendAuth,
  InsecureSkipVerify,
  UpstreamTls,
  type PassthroughOptions,
  type SecretCredentialOptions,
} from './constructs/upstream-security.js';
export { ToolFilter } from './constructs/tool-filter.js';
export type { AuthorizationRule } from './constructs/authorization-rule.js';
export { ToolSet, ToolSetPrefixMode, type IToolSet, type ToolSetProps } from './constructs/tool-set.js';
export { Guard, GuardFailureMode, GuardMode, type GuardProps, type IGuard } from './constructs/guard.js';
export {
  GuardrailProvider,
  GuardrailProviderType,
  type GuardrailProviderProps,
  type IGuardrailProvider,
} from './constructs/guardrail-provider.js';
export { AllowedNamespaces, type NamespaceLabelRequirement } from './constructs/allowed-namespaces.js';
export {
  ClientAuthentication,
  type JwksConfigMapRef,
  type JwtAuthenticationOptions,
  type OAuthResourceMetadata,
} from './constructs/client-authentication.js';
export { KnownNamespace, type KnownNamespaceProps } from './constructs/known-namespace.js';
export type { RateLimit } from './constructs/rate-limit.js';
export type { AccessLog, OtlpExport } from './constructs/observability.js';
export type { EnvFrom, EnvVariable, EnvVariableSource } from './constructs/env.js';

// What synth reports and emits.
export { formatProblem, SynthError, type ObjectId, type Origin, type Problem, type Severity } from './contracts/problem.js';
export type { EmittedObject, Manifest, Provenance } from './contracts/manifest.js';
