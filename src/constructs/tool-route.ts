import type { Construct, IConstruct } from 'constructs';
import type { IGuard } from './guard.js';
import { IntentConstruct, type IntentProps } from './intent-construct.js';
import { rateLimitSpec, type RateLimit } from './rate-limit.js';
import type { IToolGateway } from './tool-gateway.js';
import type { ToolFilter } from './tool-filter.js';
import type { Upstream } from './upstream.js';
import type { AllowedNamespaces } from './allowed-namespaces.js';
import { authorizationSpec, type AuthorizationRule } from './authorization-rule.js';

/** A ToolRoute: an MCP upstream published on a gateway at `/<namespace>/<name>/mcp`. */
export interface IToolRoute extends IConstruct {
  readonly name: string;
  readonly namespace: string;
}

export interface ToolRouteProps extends IntentProps {
  /** Where MCP traffic goes. */
  readonly upstream: Upstream;
  /**
   * The gateway this route is served on.
   * @default - the single ToolGateway in namespace `tool-gateway` (an error if there is none or more than one)
   */
  readonly gateway?: IToolGateway;
  /**
   * Which tools are exposed.
   * @default - every tool of the upstream
   */
  readonly toolFilter?: ToolFilter;
  /**
   * A Guard for this route only. It runs as well as the gateway's guard, unless
   * `guardrailMode` is `'Replace'`.
   * @default - the gateway's guard, if any
   */
  readonly guardrail?: IGuard;
  /**
   * `'Add'`: the route's guard runs as well as the gateway's. `'Replace'`: only the route's
   * guard runs on this route, which the gateway's owner must allow with
   * `guardrailRouteOverride: 'Allow'` (an error otherwise, a warning when allowed).
   * @default 'Add'
   */
  readonly guardrailMode?: 'Add' | 'Replace';
  /**
   * Refuse to build this route unless it is fit for production: TLS to the upstream, upstream
   * credentials, client authentication on the gateway, and a pinned allow-list. `false` opts
   * this route out of an app-wide `productionMode`.
   * @default - the app's `productionMode` (itself false unless set)
   */
  readonly productionMode?: boolean;
  /**
   * A rate limit on requests to this route, enforced by each proxy replica, in addition to the
   * gateway's own limit.
   * @default - no limit of its own
   */
  readonly rateLimit?: RateLimit;
  /**
   * Who may call which tool: a call is allowed when the tool filter allows the tool and some
   * rule matches both the caller and the tool. Needs client authentication on the gateway.
   * @default - every caller the gateway admits may call every tool the filter allows
   */
  readonly authorization?: readonly AuthorizationRule[];
  /**
   * Which namespaces' ToolSets may include this route; its own namespace always may.
   * @default AllowedNamespaces.same()
   */
  readonly allowedToolSets?: AllowedNamespaces;
}

/**
 * Publishes one MCP upstream on a ToolGateway at `/<namespace>/<name>/mcp`: an HTTPRoute, an
 * AgentgatewayBackend, and — with a tool filter — an AgentgatewayPolicy that hides the
 * tools the filter excludes.
 */
export class ToolRoute extends IntentConstruct implements IToolRoute {
  protected readonly kind = 'ToolRoute' as const;
  /** The gateway given in props, if any. */
  public readonly gateway?: IToolGateway;
  public readonly upstream: Upstream;
  private readonly toolFilter?: ToolFilter;
  private readonly guardrail?: IGuard;
  private readonly guardrailMode?: 'Add' | 'Replace';
  private readonly productionMode?: boolean;
  private readonly rateLimit?: RateLimit;
  private readonly authorization?: readonly AuthorizationRule[];
  private readonly allowedToolSets?: AllowedNamespaces;

  constructor(scope: Construct, id: string, props: ToolRouteProps) {
    super(scope, id, props);
    this.gateway = props.gateway;
    this.upstream = props.upstream;
    this.toolFilter = props.toolFilter;
    this.guardrail = props.guardrail;
    this.guardrailMode = props.guardrailMode;
    this.productionMode = props.productionMode;
    this.rateLimit = props.rateLimit;
    this.authorization = props.authorization;
    this.allowedToolSets = props.allowedToolSets;
    this.node.addValidation({ validate: () => this.validateReferences() });
  }

  /** @internal */
  protected _renderSpec(): Record<string, unknown> {
    const filter = this.toolFilter?._toSpec();
    return {
      toolGatewayRef: this.gateway ? { name: this.gateway.name, namespace: this.gateway.namespace } : undefined,
      upstream: this.upstream._toSpec(),
      toolFilter: filter && Object.keys(filter).length > 0 ? filter : undefined,
      guardrails: this.guardrail ? [{ name: this.guardrail.name, namespace: this.guardrail.namespace }] : undefined,
      guardrailPolicy: this.guardrailMode ? { mode: this.guardrailMode } : undefined,
      productionMode: this.productionMode,
      rateLimit: rateLimitSpec(this.rateLimit),
      authorization: authorizationSpec(this.authorization),
      allowedToolSets: this.allowedToolSets?._toSpec(),
    };
  }

  /** References must point into this app, or the compiler would never see their targets. */
  private validateReferences(): string[] {
    const errors: string[] = [];
    const root = this.node.root;
    if (this.gateway && this.gateway.node.root !== root) {
      errors.push(
        `gateway ${this.gateway.node.path} belongs to another app; import it into this one with ToolGateway.fromName(scope, id, ${JSON.stringify(this.gateway.name)}, ${JSON.stringify(this.gateway.namespace)})`,
      );
    }
    const server = this.upstream.server;
    if (server && server.node.root !== root) {
      errors.push(
        `upstream tool server ${server.node.path} belongs to another app; import it into this one with ToolServer.fromName(scope, id, ${JSON.stringify(server.name)}, ${JSON.stringify(server.namespace)}, { port, path, allowedNamespaces }) and have its owner list this route's gateway in the server's allowedGateways`,
      );
    }
    return errors;
  }
}
