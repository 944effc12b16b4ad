import { Construct, type IConstruct } from 'constructs';
import { IntentConstruct, type IntentProps } from './intent-construct.js';
import type { IToolGateway } from './tool-gateway.js';
import type { IToolRoute } from './tool-route.js';
import { rateLimitSpec, type RateLimit } from './rate-limit.js';

/** How a ToolSet prefixes tool names with its member's target name (the route's name) and `_`. */
export enum ToolSetPrefixMode {
  /** Always `<route>_<tool>`. */
  ALWAYS = 'Always',
  /** `<route>_<tool>` only with more than one member (the default). */
  CONDITIONAL = 'Conditional',
  /** Bare tool names: they must be unique across the members. */
  NEVER = 'Never',
}

/** A ToolSet: one MCP endpoint, `/<namespace>/<name>/mcp`, for the tools of several routes. */
export interface IToolSet extends IConstruct {
  readonly name: string;
  readonly namespace: string;
}

export interface ToolSetProps extends IntentProps {
  /** The gateway the ToolSet is served on; every member route must be served on it too. */
  readonly gateway: IToolGateway;
  /**
   * Member routes; more can be added with `addRoute`. A route in another namespace must admit
   * the ToolSet's namespace with its `allowedToolSets`.
   * @default - none yet
   */
  readonly routes?: readonly IToolRoute[];
  /**
   * How tool names are prefixed.
   * @default ToolSetPrefixMode.CONDITIONAL
   */
  readonly prefixMode?: ToolSetPrefixMode;
  /**
   * A rate limit on requests to the ToolSet's endpoint, all members together, enforced by each
   * proxy replica in addition to the gateway's own limit. Member routes may not have their own.
   * @default - no limit of its own
   */
  readonly rateLimit?: RateLimit;
}

class ImportedToolSet extends Construct implements IToolSet {
  constructor(
    scope: Construct,
    id: string,
    public readonly name: string,
    public readonly namespace: string,
  ) {
    super(scope, id);
  }
}

/**
 * One MCP endpoint for several ToolRoutes of one gateway: an AgentgatewayBackend with one target
 * per route, an HTTPRoute at `/<namespace>/<name>/mcp`, and a policy that applies each route's
 * own tool filter and authorization to its target alone.
 */
export class ToolSet extends IntentConstruct implements IToolSet {
  /** A ToolSet owned by another pipeline, by name; nothing is emitted for it. */
  public static fromName(scope: Construct, id: string, name: string, namespace: string): IToolSet {
    return new ImportedToolSet(scope, id, name, namespace);
  }

  protected readonly kind = 'ToolSet' as const;
  public readonly gateway: IToolGateway;
  private readonly routes: IToolRoute[];
  private readonly prefixMode?: ToolSetPrefixMode;
  private readonly rateLimit?: RateLimit;

  constructor(scope: Construct, id: string, props: ToolSetProps) {
    super(scope, id, props);
    this.gateway = props.gateway;
    this.routes = [...(props.routes ?? [])];
    this.prefixMode = props.prefixMode;
    this.rateLimit = props.rateLimit;
    this.node.addValidation({ validate: () => this.validateReferences() });
  }

  /** Adds a member route. */
  public addRoute(route: IToolRoute): this {
    this.routes.push(route);
    return this;
  }

  /** @internal */
  protected _renderSpec(): Record<string, unknown> {
    return {
      toolGatewayRef: { name: this.gateway.name, namespace: this.gateway.namespace },
      routes: this.routes.map((r) => (r.namespace === this.namespace ? { name: r.name } : { name: r.name, namespace: r.namespace })),
      prefixMode: this.prefixMode,
      rateLimit: rateLimitSpec(this.rateLimit),
    };
  }

  /** Member routes are compiled with the ToolSet, so they must be constructs of this app. */
  private validateReferences(): string[] {
    const root = this.node.root;
    const errors: string[] = [];
    if (this.gateway.node.root !== root) {
      errors.push(
        `gateway ${this.gateway.node.path} belongs to another app; import it into this one with ToolGateway.fromName(scope, id, ${JSON.stringify(this.gateway.name)}, ${JSON.stringify(this.gateway.namespace)})`,
      );
    }
    for (const r of this.routes) {
      if (r.node.root !== root) errors.push(`route ${r.node.path} belongs to another app; a ToolSet includes routes compiled with it`);
    }
    return errors;
  }
}
