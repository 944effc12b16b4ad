import type { IToolServer } from './tool-server.js';

/**
 * Where a ToolRoute sends MCP traffic: a ToolServer in the cluster, or an external URL.
 */
export class Upstream {
  /** A ToolServer, reached through its Service. */
  public static toolServer(server: IToolServer): Upstream {
    return new Upstream(server, undefined);
  }

  /**
   * An MCP endpoint outside the estate, e.g. `https://mcp.example.com/mcp`. `https` URLs get
   * TLS with SNI from the host; credentials, query strings and fragments are rejected.
   */
  public static external(url: string): Upstream {
    return new Upstream(undefined, url);
  }

  private constructor(
    /** The ToolServer, for toolServer upstreams. */
    public readonly server: IToolServer | undefined,
    /** The URL, for external upstreams. */
    public readonly url: string | undefined,
  ) {}

  /** @internal */
  public _toSpec(): Record<string, unknown> {
    if (this.server) return { toolServerRef: { name: this.server.name, namespace: this.server.namespace } };
    return { external: { url: this.url } };
  }
}
