import type { Problem } from '../../contracts/problem.js';
import { INTENT_API_VERSION } from '../../contracts/api-group.js';
import type { GuardIntent, GuardrailProviderIntent, ToolGatewayIntent, ToolRouteIntent, ToolSetIntent } from '../../intent/estate.js';
import type { JsonSchema } from '../../contracts/json.js';
import type { Manifest } from '../../contracts/manifest.js';
import { MANAGED_BY } from '../../contracts/labels.js';
import { buildManifest } from '../build-manifest.js';
import { problemsFor } from '../problem-sink.js';
import { refNamespace } from '../resolve/resolve-ref.js';
import { keepUpstreamFields } from './upstream-fields.js';

/** Controller string of our ToolGatewayClass: this project's own, so no runtime operator of the group claims it. */
export const RECONCILER_CONTROLLER_NAME = 'runtime.agentic-layer.ai/cdk8s-tool-gateway';

/** Name of our ToolGatewayClass; every ToolGateway carrier names it. */
export const TOOL_GATEWAY_CLASS_NAME = 'cdk8s-tool-gateway';

/** The intent kinds synth also emits as objects, for the reconciler to write status on. */
export type CarrierIntent = ToolGatewayIntent | ToolRouteIntent | GuardIntent | GuardrailProviderIntent | ToolSetIntent;

export interface CarrierContext {
  /** The CRDs are not in this sync: Argo CD must not dry-run the carrier before they exist. */
  readonly crdsElsewhere: boolean;
  /** For a ToolRoute: the gateway it attaches to. */
  readonly gateway?: { readonly name: string; readonly namespace: string };
  /** The `spec` schema of the intent's kind in the upstream CRD: the carrier keeps only these fields. */
  readonly upstreamSpec: JsonSchema;
}

/**
 * Our ToolGatewayClass. It is not the default class: a ToolGateway reaches it only by name,
 * and ours always name it.
 */
export function compileToolGatewayClass(): Manifest {
  return buildManifest(
    { apiVersion: INTENT_API_VERSION, kind: 'ToolGatewayClass' },
    { name: TOOL_GATEWAY_CLASS_NAME, labels: { 'app.kubernetes.io/managed-by': MANAGED_BY } },
    { spec: { controller: RECONCILER_CONTROLLER_NAME } },
  );
}

/**
 * The intent object itself, as a `runtime.agentic-layer.ai/v1alpha1` custom resource whose
 * status the reconciler writes. Its spec holds only the fields of the upstream v0.28.1 schema
 * (our extensions are compiled into other objects already), so it applies whether our CRDs or
 * the upstream ones are installed, and Argo CD sees no drift. A ToolGateway names our
 * ToolGatewayClass, which keeps a runtime operator of the group away from it and from the
 * routes that attach to it.
 *
 * References are written in full: a namespace left out (it defaults to the referencing
 * object's) is filled in, and a route names the gateway it was resolved to, so the object says
 * what runs whichever front door wrote the intent.
 */
export function compileStatusCarrier(intent: CarrierIntent, context: CarrierContext, problems: Problem[]): Manifest {
  let spec = withNamespacedRefs(keepUpstreamFields(intent.spec, context.upstreamSpec) as Record<string, unknown>, intent.namespace);
  if (intent.kind === 'ToolGateway') {
    const named = intent.spec.toolGatewayClassName;
    if (named !== undefined && named !== TOOL_GATEWAY_CLASS_NAME) {
      problemsFor(intent, problems).warning(
        'spec.toolGatewayClassName',
        `${JSON.stringify(named)} is replaced by ${JSON.stringify(TOOL_GATEWAY_CLASS_NAME)} on the emitted ToolGateway, so that no runtime operator reconciles what synth already compiled; leave it out to silence this`,
      );
    }
    spec = { ...spec, toolGatewayClassName: TOOL_GATEWAY_CLASS_NAME };
  }
  if (intent.kind === 'ToolRoute' && context.gateway) {
    spec = {
      ...spec,
      toolGatewayRef: { ...(spec.toolGatewayRef as object | undefined), name: context.gateway.name, namespace: context.gateway.namespace },
    };
  }
  if (intent.kind === 'ToolRoute' && intent.spec.upstream.external) {
    // Schemes are case-insensitive and we accept `HTTPS://`, but the upstream CRD's pattern is `^https?://`.
    const url = intent.spec.upstream.external.url.replace(/^[A-Za-z][A-Za-z0-9+.-]*:/, (scheme) => scheme.toLowerCase());
    const upstream = spec.upstream as Record<string, unknown>;
    spec = { ...spec, upstream: { ...upstream, external: { ...(upstream.external as object), url } } };
  }
  const annotations: Record<string, string> = { ...intent.annotations };
  if (context.crdsElsewhere) annotations['argocd.argoproj.io/sync-options'] = 'SkipDryRunOnMissingResource=true';
  return buildManifest(
    { apiVersion: INTENT_API_VERSION, kind: intent.kind },
    {
      name: intent.name,
      namespace: intent.namespace,
      labels: { ...intent.labels, 'app.kubernetes.io/managed-by': MANAGED_BY },
      annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
    },
    { spec },
  );
}

/** Fields holding an ObjectReference (or a list of them), by path from the spec. */
const REFERENCE_PATHS: readonly (readonly string[])[] = [
  ['toolGatewayRef'],
  ['upstream', 'toolServerRef'],
  ['providerRef'],
  ['guardrails'],
  ['routes'],
];

/** The spec with `namespace` filled in on every reference that leaves it out. */
function withNamespacedRefs(spec: Record<string, unknown>, namespace: string): Record<string, unknown> {
  const fill = (ref: unknown) => (isRecord(ref) ? { ...ref, namespace: refNamespace(ref, { namespace }) } : ref);
  const at = (node: Record<string, unknown>, path: readonly string[]): Record<string, unknown> => {
    const [head, ...rest] = path;
    if (head === undefined) return node;
    const value = node[head];
    if (value === undefined) return node;
    if (rest.length > 0) return { ...node, [head]: isRecord(value) ? at(value, rest) : value };
    return { ...node, [head]: Array.isArray(value) ? value.map(fill) : fill(value) };
  };
  return REFERENCE_PATHS.reduce(at, spec);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
