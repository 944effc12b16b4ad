import type { Construct, IConstruct } from 'constructs';
import type { EnvFrom, EnvVariable } from './env.js';
import { IntentConstruct, embeddedMetadata, type IntentProps } from './intent-construct.js';

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
}

/**
 * An MCP server run in the cluster: a Deployment and a ClusterIP Service named after it,
 * reachable by routes at `http://<name>.<namespace>.svc.<cluster domain>:<port><path>`.
 */
export class ToolServer extends IntentConstruct implements IToolServer {
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
    };
  }
}
