import type { IToolServer } from './tool-server.js';
import type { AllowPrivileged } from './tool-server.js';
import type { BackendAuth, UpstreamTls } from './upstream-security.js';

/** How the gateway secures its connection to an upstream. */
export interface UpstreamOptions {
  /**
   * TLS to the upstream: trusted CA, client certificate (mTLS), SNI. Any value means TLS, also
   * to a ToolServer; an `http://` URL with TLS is an error.
   * @default - https URLs: TLS with the system CAs and SNI from the host; otherwise plain text
   */
  readonly tls?: UpstreamTls;
  /**
   * A credential from a Secret, added to every request to the upstream.
   * @default - no credential
   */
  readonly auth?: BackendAuth;
  /**
   * Let an external URL point at a privileged address (loopback, link-local, cloud metadata),
   * for the reason given; synth prints it as a warning, and production mode refuses it.
   * @default - privileged addresses are refused
   */
  readonly allowPrivileged?: AllowPrivileged;
}

/** Options of `Upstream.external`. */
export interface ExternalUpstreamOptions extends UpstreamOptions {
  /**
   * The port the pods behind an in-cluster Service of this URL listen on (the Service's
   * `targetPort`), for the NetworkPolicy, which matches the pod port, not the Service port.
   * Needed only for a Service that is no ToolServer of the estate.
   * @default - for such a Service, the gateway may reach every TCP port of its namespace, with a warning
   */
  readonly targetPort?: number;
}

/**
 * Where a ToolRoute sends MCP traffic: a ToolServer in the cluster, or an external URL.
 */
export class Upstream {
  /** A ToolServer, reached through its Service. */
  public static toolServer(server: IToolServer, options: UpstreamOptions = {}): Upstream {
    return new Upstream(server, undefined, options);
  }

  /**
   * An MCP endpoint outside the estate, e.g. `https://mcp.example.com/mcp`. `https` URLs get
   * TLS with SNI from the host; credentials, query strings and fragments are rejected, and so
   * are loopback, link-local and metadata addresses unless `options.allowPrivileged` gives a
   * reason. A URL naming a ToolServer's Service is held to that server's `allowedNamespaces`.
   */
  public static external(url: string, options: ExternalUpstreamOptions = {}): Upstream {
    return new Upstream(undefined, url, options);
  }

  private constructor(
    /** The ToolServer, for toolServer upstreams. */
    public readonly server: IToolServer | undefined,
    /** The URL, for external upstreams. */
    public readonly url: string | undefined,
    /** TLS, credentials and, for external upstreams, the pod port. */
    public readonly options: ExternalUpstreamOptions,
  ) {}

  /** @internal */
  public _toSpec(): Record<string, unknown> {
    const security = {
      ...(this.options.tls ? { tls: this.options.tls._toSpec() } : {}),
      ...(this.options.auth ? { auth: this.options.auth._toSpec() } : {}),
      ...(this.options.allowPrivileged ? { allowPrivileged: true, privilegedReason: this.options.allowPrivileged.reason } : {}),
    };
    if (this.server) return { toolServerRef: { name: this.server.name, namespace: this.server.namespace }, ...security };
    const targetPort = this.options.targetPort;
    return { external: { url: this.url, ...(targetPort !== undefined ? { targetPort } : {}) }, ...security };
  }
}
