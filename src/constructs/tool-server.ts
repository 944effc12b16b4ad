import { Construct, type IConstruct } from 'constructs';
import type { AllowedNamespaces } from './allowed-namespaces.js';
import type { EnvFrom, EnvVariable } from './env.js';
import { IntentConstruct, embeddedMetadata, type IntentProps } from './intent-construct.js';
import type { IToolGateway } from './tool-gateway.js';

/** How an MCP server speaks over HTTP. */
export enum McpTransport {
  /** Streamable HTTP (the current MCP transport); default path `/mcp`. */
  STREAMABLE_HTTP = 'http',
  /** The legacy HTTP+SSE transport; default path `/sse`. */
  SSE = 'sse',
}

/** A ToolServer that routes can point at. */
export interface IToolServer extends IConstruct {
  readonly name: string;
  readonly namespace: string;
}

/** Compute resources of the tool-server container, in Kubernetes quantity strings. */
export interface ToolServerResources {
  readonly requests?: Readonly<Record<string, string>>;
  readonly limits?: Readonly<Record<string, string>>;
}

export interface ToolServerProps extends IntentProps {
  /** Container image of the MCP server. */
  readonly image: string;
  /**
   * MCP transport the server speaks.
   * @default McpTransport.STREAMABLE_HTTP
   */
  readonly transport?: McpTransport;
  /**
   * Port the server listens on.
   * @default 8080
   */
  readonly port?: number;
  /**
   * HTTP path of the MCP endpoint.
   * @default - `/mcp` for Streamable HTTP, `/sse` for SSE
   */
  readonly path?: string;
  /**
   * Number of pods.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Entrypoint override.
   * @default - the image's entrypoint
   */
  readonly command?: readonly string[];
  /**
   * Arguments.
   * @default - the image's arguments
   */
  readonly args?: readonly string[];
  /**
   * Environment variables, in order.
   * @default - none besides OTEL_SERVICE_NAME and OTEL_SEMCONV_STABILITY_OPT_IN
   */
  readonly env?: readonly EnvVariable[];
  /**
   * ConfigMaps and Secrets whose keys become environment variables.
   * @default - none
   */
  readonly envFrom?: readonly EnvFrom[];
  /**
   * Names of Secrets used to pull the image.
   * @default - none
   */
  readonly imagePullSecrets?: readonly string[];
  /**
   * Requests and limits.
   * @default - requests cpu 100m / memory 300Mi, limits cpu 500m / memory 500Mi
   */
  readonly resources?: ToolServerResources;
  /**
   * Labels on the Deployment, Service and pods.
   * @default - none
   */
  readonly commonLabels?: Readonly<Record<string, string>>;
  /**
   * Annotations on the Deployment, Service and pods.
   * @default - none
   */
  readonly commonAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels on the pods only.
   * @default - none
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Annotations on the pods only.
   * @default - none
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Namespaces whose ToolRoutes may use this server. Its own namespace is always admitted.
   * @default AllowedNamespaces.same()
   */
  readonly allowedNamespaces?: AllowedNamespaces;
  /**
   * Gateways compiled by other pipelines (imported with `ToolGateway.fromName`) whose proxies
   * may call this server. The gateways of routes in this app are admitted without being listed;
   * a route in another app needs its gateway listed here, and its namespace admitted by
   * `allowedNamespaces`.
   * @default - only the gateways of this app's routes to the server
   */
  readonly allowedGateways?: readonly IToolGateway[];
  /**
   * What the server may reach besides DNS; everything else is denied by its NetworkPolicy.
   * @default - DNS only
   */
  readonly egress?: readonly Egress[];
  /**
   * Run as a non-root user. Set false only for images that cannot (the pod then does not meet
   * the restricted Pod Security Standard).
   * @default true
   */
  readonly runAsNonRoot?: boolean;
  /**
   * UID to run as.
   * @default - the image's user
   */
  readonly runAsUser?: number;
  /**
   * GID to run as.
   * @default - the image's group
   */
  readonly runAsGroup?: number;
  /**
   * Mount the root filesystem read-only (with a writable emptyDir at /tmp).
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
}

/** Options of `Egress.url`. */
export interface EgressUrlOptions {
  /**
   * Let the URL point at a privileged address (loopback, link-local, cloud metadata), for the
   * reason given; synth prints it as a warning.
   * @default - privileged addresses are refused
   */
  readonly allowPrivileged?: AllowPrivileged;
  /**
   * The port the pods behind an in-cluster Service of this URL listen on (the Service's
   * `targetPort`), for the NetworkPolicy, which matches the pod port, not the Service port.
   * Needed only for a Service that is no ToolServer of the estate.
   * @default - for such a Service, the server may reach every TCP port of its namespace, with a warning
   */
  readonly targetPort?: number;
}

/** Why an upstream or egress URL may point at a privileged address. */
export interface AllowPrivileged {
  /** Shown in the build's warning, for a reviewer to judge. */
  readonly reason: string;
}

/** A destination a ToolServer may reach. */
export class Egress {
  /**
   * The host and port of a URL, derived like a route's upstream (in-cluster by namespace, an IP
   * address by itself, else by port). Loopback, link-local and metadata addresses are refused
   * unless `options.allowPrivileged` gives a reason.
   */
  public static url(url: string, options: EgressUrlOptions = {}): Egress {
    const reason = options.allowPrivileged?.reason;
    return new Egress({
      url,
      ...(options.targetPort !== undefined ? { targetPort: options.targetPort } : {}),
      ...(reason !== undefined ? { allowPrivileged: true, privilegedReason: reason } : {}),
    });
  }

  /** Addresses in a CIDR block, on the given ports. */
  public static cidr(cidr: string, ...ports: number[]): Egress {
    return new Egress({ cidr, ports });
  }

  private constructor(
    private readonly spec: {
      url?: string;
      cidr?: string;
      ports?: number[];
      targetPort?: number;
      allowPrivileged?: boolean;
      privilegedReason?: string;
    },
  ) {}

  /** @internal */
  public _toSpec(): Record<string, unknown> {
    return { ...this.spec };
  }
}

/**
 * How routes reach a ToolServer that another pipeline owns, and the consent its owner declared.
 * Give the values of the owner's ToolServer: they are not checked against it at build time.
 */
export interface ToolServerAttributes {
  /**
   * MCP transport the server speaks.
   * @default McpTransport.STREAMABLE_HTTP
   */
  readonly transport?: McpTransport;
  /**
   * Port of the server's Service.
   * @default 8080
   */
  readonly port?: number;
  /**
   * HTTP path of the MCP endpoint.
   * @default - `/mcp` for Streamable HTTP, `/sse` for SSE
   */
  readonly path?: string;
  /**
   * The owner's `allowedNamespaces`: routes from other namespaces are refused here unless it
   * admits them, as they would be in the owner's app.
   * @default AllowedNamespaces.same()
   */
  readonly allowedNamespaces?: AllowedNamespaces;
}

/**
 * Marks a tool server that another pipeline owns, and holds the spec its import carries. A
 * registered symbol, so an import made by another copy of this package still counts.
 */
const IMPORTED = Symbol.for('cdk8s-tool-gateway.ImportedToolServer');

class ImportedToolServer extends Construct implements IToolServer {
  constructor(
    scope: Construct,
    id: string,
    public readonly name: string,
    public readonly namespace: string,
    a: ToolServerAttributes,
  ) {
    super(scope, id);
    const spec = { transportType: a.transport, port: a.port, path: a.path, allowedNamespaces: a.allowedNamespaces?._toSpec() };
    Object.defineProperty(this, IMPORTED, { value: spec });
  }
}

/**
 * An MCP server run in the cluster: a Deployment and a ClusterIP Service named after it,
 * reachable by routes at `http://<name>.<namespace>.svc.<cluster domain>:<port><path>`.
 */
export class ToolServer extends IntentConstruct implements IToolServer {
  /**
   * A ToolServer owned by another pipeline, for routes defined here to point at. Nothing is
   * emitted for it. Its owner must admit this app's gateway (`allowedGateways`) and the
   * routes' namespaces (`allowedNamespaces`) for traffic to get through.
   */
  public static fromName(
    scope: Construct,
    id: string,
    name: string,
    namespace: string,
    attributes: ToolServerAttributes = {},
  ): IToolServer {
    return new ImportedToolServer(scope, id, name, namespace, attributes);
  }

  /** True when `s` was made by `fromName`. */
  public static isImported(s: IToolServer): boolean {
    return IMPORTED in s;
  }

  /**
   * What `fromName` was given, as the spec an import carries.
   * @internal
   */
  public static _importSpec(s: IToolServer): unknown {
    return (s as Partial<Record<typeof IMPORTED, unknown>>)[IMPORTED];
  }

  protected readonly kind = 'ToolServer' as const;
  private readonly props: ToolServerProps;

  constructor(scope: Construct, id: string, props: ToolServerProps) {
    super(scope, id, props);
    this.props = props;
  }

  /** @internal */
  protected _renderSpec(): Record<string, unknown> {
    const p = this.props;
    return {
      image: p.image,
      transportType: p.transport,
      port: p.port,
      path: p.path,
      replicas: p.replicas,
      command: p.command ? [...p.command] : undefined,
      args: p.args ? [...p.args] : undefined,
      env: p.env ? [...p.env] : undefined,
      envFrom: p.envFrom ? [...p.envFrom] : undefined,
      imagePullSecrets: p.imagePullSecrets?.map((name) => ({ name })),
      resources: p.resources,
      commonMetadata: embeddedMetadata(p.commonLabels, p.commonAnnotations),
      podMetadata: embeddedMetadata(p.podLabels, p.podAnnotations),
      allowedNamespaces: p.allowedNamespaces?._toSpec(),
      allowedGateways: p.allowedGateways?.map((g) => ({ name: g.name, namespace: g.namespace })),
      egress: p.egress?.map((e) => e._toSpec()),
      securityContext: securityContext(p),
    };
  }
}

function securityContext(p: ToolServerProps): Record<string, unknown> | undefined {
  const sc = {
    ...(p.runAsNonRoot !== undefined ? { runAsNonRoot: p.runAsNonRoot } : {}),
    ...(p.runAsUser !== undefined ? { runAsUser: p.runAsUser } : {}),
    ...(p.runAsGroup !== undefined ? { runAsGroup: p.runAsGroup } : {}),
    ...(p.readOnlyRootFilesystem !== undefined ? { readOnlyRootFilesystem: p.readOnlyRootFilesystem } : {}),
  };
  return Object.keys(sc).length > 0 ? sc : undefined;
}
