import { Construct, type IConstruct } from 'constructs';
import type { AllowedNamespaces } from './allowed-namespaces.js';
import type { ClientAuthentication } from './client-authentication.js';
import type { EnvFrom, EnvVariable } from './env.js';
import type { IGuard } from './guard.js';
import { IntentConstruct, embeddedMetadata, type IntentProps } from './intent-construct.js';
import { rateLimitSpec, type RateLimit } from './rate-limit.js';
import { observabilitySpec, type AccessLog } from './observability.js';

/** A ToolGateway defined here or owned elsewhere: something a ToolRoute can attach to. */
export interface IToolGateway extends IConstruct {
  readonly name: string;
  readonly namespace: string;
}

export interface ToolGatewayProps extends IntentProps {
  /**
   * Environment of the gateway proxy. `OTEL_EXPORTER_OTLP_*` trace settings are translated
   * into agentgateway's tracing config; everything else is passed through in order.
   * @default - none
   */
  readonly env?: readonly EnvVariable[];
  /**
   * ConfigMaps and Secrets whose keys become environment variables of the proxy container.
   * @default - none
   */
  readonly envFrom?: readonly EnvFrom[];
  /**
   * Guard applied to all traffic through this gateway (agentgateway allows one per gateway).
   * @default - no guardrail
   */
  readonly guardrails?: readonly IGuard[];
  /**
   * Whether a route's own guard may replace this gateway's guard on that route (`Allow`, a
   * route then asks with `guardrailMode: 'Replace'`). With `Deny`, a route's guard only adds to
   * the gateway's: both run, the gateway's before routing, so no route can weaken it.
   * @default 'Deny'
   */
  readonly guardrailRouteOverride?: 'Allow' | 'Deny';
  /**
   * Who may call the gateway: with `ClientAuthentication.jwt(...)`, only clients with a valid
   * token reach any route.
   * @default - no client authentication (refused by production mode)
   */
  readonly authentication?: ClientAuthentication;
  /**
   * Labels added to the proxy Deployment and Service.
   * @default - none
   */
  readonly commonLabels?: Readonly<Record<string, string>>;
  /**
   * Annotations added to the proxy Deployment and Service.
   * @default - none
   */
  readonly commonAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels added to the proxy pods.
   * @default - none
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Annotations added to the proxy pods.
   * @default - none
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * The upstream `toolGatewayClassName`, kept on the intent for tools that read it.
   * @default - the default class
   */
  readonly toolGatewayClassName?: string;
  /**
   * Which namespaces' ToolRoutes may attach, with Gateway API semantics: a selector must
   * match even this gateway's own namespace.
   * @default AllowedNamespaces.all()
   */
  readonly allowedRoutes?: AllowedNamespaces;
  /**
   * Namespaces whose pods may call the gateway (its NetworkPolicy ingress).
   * @default AllowedNamespaces.all()
   */
  readonly allowedClients?: AllowedNamespaces;
  /**
   * The port the pods of an in-cluster OTLP collector listen on (its Service's `targetPort`),
   * when `OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT` in `env` names a Service: the proxy's
   * NetworkPolicy matches the pod port, not the Service port of the URL.
   * @default - the proxy may reach every TCP port of the collector's namespace, with a warning
   */
  readonly otlpTargetPort?: number;
  /**
   * A rate limit on every request through this gateway, enforced by each proxy replica.
   * @default - no limit
   */
  readonly rateLimit?: RateLimit;
  /**
   * Access logs with the MCP method, tool and target of every request; `{}` for the proxy's
   * own log, with `otlp` exported to a collector too (its own egress rule).
   * @default - agentgateway's default access log
   */
  readonly accessLog?: AccessLog;
  /**
   * Namespaces whose pods may scrape the proxy's Prometheus metrics (port 15020), which then
   * carry the MCP method, tool and target as labels.
   * @default - nobody may scrape: the proxy's NetworkPolicy admits only its clients
   */
  readonly metricsScrapers?: AllowedNamespaces;
}

/** Marks a gateway that another pipeline owns. */
const IMPORTED = Symbol.for('cdk8s-tool-gateway.ImportedToolGateway');

class ImportedToolGateway extends Construct implements IToolGateway {
  constructor(
    scope: Construct,
    id: string,
    public readonly name: string,
    public readonly namespace: string,
  ) {
    super(scope, id);
    Object.defineProperty(this, IMPORTED, { value: true });
  }
}

/**
 * An MCP tool gateway: one agentgateway proxy (a Gateway API `Gateway` with class
 * `agentgateway` and its `AgentgatewayParameters`) that serves every ToolRoute attached to it
 * at `http://<name>.<namespace>.svc/<route namespace>/<route name>/mcp`.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway
 */
export class ToolGateway extends IntentConstruct implements IToolGateway {
  /**
   * A gateway owned by another pipeline, for routes defined here to attach to. Nothing is
   * emitted for it.
   */
  public static fromName(scope: Construct, id: string, name: string, namespace: string): IToolGateway {
    return new ImportedToolGateway(scope, id, name, namespace);
  }

  /** True when `g` was made by `fromName`. */
  public static isImported(g: IToolGateway): boolean {
    return IMPORTED in g;
  }

  protected readonly kind = 'ToolGateway' as const;
  private readonly props: ToolGatewayProps;

  constructor(scope: Construct, id: string, props: ToolGatewayProps = {}) {
    super(scope, id, props);
    this.props = props;
  }

  /** @internal */
  protected _renderSpec(): Record<string, unknown> {
    const p = this.props;
    return {
      toolGatewayClassName: p.toolGatewayClassName,
      env: p.env ? [...p.env] : undefined,
      envFrom: p.envFrom ? [...p.envFrom] : undefined,
      commonMetadata: embeddedMetadata(p.commonLabels, p.commonAnnotations),
      podMetadata: embeddedMetadata(p.podLabels, p.podAnnotations),
      guardrails: p.guardrails?.map((g) => ({ name: g.name, namespace: g.namespace })),
      guardrailPolicy: p.guardrailRouteOverride ? { routeOverride: p.guardrailRouteOverride } : undefined,
      authentication: p.authentication?._toSpec(),
      allowedRoutes: p.allowedRoutes ? { namespaces: p.allowedRoutes._toSpec() } : undefined,
      allowedClients: p.allowedClients?._toNamespaceSelector(this.namespace),
      telemetry: p.otlpTargetPort !== undefined ? { otlpTargetPort: p.otlpTargetPort } : undefined,
      rateLimit: rateLimitSpec(p.rateLimit),
      observability: observabilitySpec(p.accessLog, p.metricsScrapers, this.namespace),
    };
  }
}
