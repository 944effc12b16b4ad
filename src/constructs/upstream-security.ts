/** How much certificate verification to skip. Both are insecure; use them only while developing. */
export enum InsecureSkipVerify {
  /** Check the chain against the trusted CAs, but not the host name. */
  HOSTNAME = 'Hostname',
  /** Check nothing. Cannot be combined with a CA. */
  ALL = 'All',
}

/**
 * TLS from the gateway to an upstream MCP server: which CAs to trust, which client
 * certificate to present (mTLS), and the server name. Any UpstreamTls means TLS — also to a
 * ToolServer, which must then serve TLS itself. ConfigMaps and Secrets are referenced by name
 * only, in the ToolRoute's namespace; their contents never pass through the build.
 *
 * Immutable: every method returns a new value.
 *
 * @example UpstreamTls.ca('partner-ca').clientCertificate('partner-client-cert')
 */
export class UpstreamTls {
  /** TLS with the system CAs, SNI from the upstream host. */
  public static systemTrust(): UpstreamTls {
    return new UpstreamTls({});
  }

  /** TLS that trusts only the CA bundle in key `ca.crt` of ConfigMap `configMapName`. */
  public static ca(configMapName: string): UpstreamTls {
    return new UpstreamTls({ caCertificateRef: configMapName });
  }

  /** TLS with the system CAs, presenting the client certificate of Secret `secretName` (`tls.crt`, `tls.key`). */
  public static clientCertificate(secretName: string): UpstreamTls {
    return new UpstreamTls({ clientCertificateRef: secretName });
  }

  private constructor(
    private readonly settings: {
      readonly caCertificateRef?: string;
      readonly clientCertificateRef?: string;
      readonly insecureSkipVerify?: InsecureSkipVerify;
      readonly sni?: string;
    },
  ) {}

  /** This TLS, trusting only the CA bundle in key `ca.crt` of ConfigMap `configMapName`. */
  public ca(configMapName: string): UpstreamTls {
    return new UpstreamTls({ ...this.settings, caCertificateRef: configMapName });
  }

  /** This TLS, presenting the client certificate of Secret `secretName` (`tls.crt`, `tls.key`). */
  public clientCertificate(secretName: string): UpstreamTls {
    return new UpstreamTls({ ...this.settings, clientCertificateRef: secretName });
  }

  /** This TLS, sending `serverName` as SNI instead of the upstream host. */
  public sni(serverName: string): UpstreamTls {
    return new UpstreamTls({ ...this.settings, sni: serverName });
  }

  /** This TLS, with certificate verification relaxed. Insecure; refused in production mode when `ALL`. */
  public insecureSkipVerify(mode: InsecureSkipVerify): UpstreamTls {
    return new UpstreamTls({ ...this.settings, insecureSkipVerify: mode });
  }

  /** @internal */
  public _toSpec(): Record<string, unknown> {
    const s = this.settings;
    return {
      ...(s.caCertificateRef !== undefined ? { caCertificateRef: { name: s.caCertificateRef } } : {}),
      ...(s.clientCertificateRef !== undefined ? { clientCertificateRef: { name: s.clientCertificateRef } } : {}),
      ...(s.insecureSkipVerify !== undefined ? { insecureSkipVerify: s.insecureSkipVerify } : {}),
      ...(s.sni !== undefined ? { sni: s.sni } : {}),
    };
  }
}

/** Options of {@link BackendAuth.bearerFromSecret}. */
export interface SecretCredentialOptions {
  /**
   * Key inside the Secret.
   * @default 'Authorization'
   */
  readonly key?: string;
  /**
   * Header the value is sent in.
   * @default 'Authorization'
   */
  readonly header?: string;
  /**
   * Text put before the value, e.g. `'Token '`. With the default header and no prefix the
   * value is sent as a bearer token; with another header, as is.
   * @default - `Bearer ` in the Authorization header; none in another header
   */
  readonly prefix?: string;
}

/** Options of {@link BackendAuth.passthrough}. */
export interface PassthroughOptions {
  /**
   * Header the caller's token is sent in.
   * @default 'Authorization'
   */
  readonly header?: string;
  /**
   * Text put before the token.
   * @default - `Bearer ` in the Authorization header; none in another header
   */
  readonly prefix?: string;
}

/**
 * A credential the gateway adds to every request to an upstream: read by agentgateway from a
 * Secret in the ToolRoute's namespace (only referenced: its value never appears in the build
 * input or output), or the caller's own token, passed through.
 */
export class BackendAuth {
  /**
   * Sends the value of a Secret key as `Authorization: Bearer <value>` (a leading `Bearer ` in
   * the default key is stripped by agentgateway), or in another header with `header`/`prefix`.
   */
  public static bearerFromSecret(secretName: string, options: SecretCredentialOptions = {}): BackendAuth {
    return new BackendAuth(secretName, options);
  }

  /**
   * Forwards the caller's token, which the gateway's client authentication validated, to the
   * upstream: the upstream sees who calls. Needs `authentication` on the route's gateway (a
   * build error otherwise), and warns that the upstream could replay the token against the gateway.
   */
  public static passthrough(options: PassthroughOptions = {}): BackendAuth {
    return new BackendAuth(undefined, options);
  }

  private constructor(
    /** Name of the Secret; undefined for passthrough. */
    public readonly secretName: string | undefined,
    private readonly options: SecretCredentialOptions,
  ) {}

  /** @internal */
  public _toSpec(): Record<string, unknown> {
    const o = this.options;
    // A prefix alone changes the Authorization header's prefix, so the header is written then too.
    const header = o.header ?? (o.prefix !== undefined ? 'Authorization' : undefined);
    return {
      ...(this.secretName === undefined
        ? { passthrough: {} }
        : { secretRef: { name: this.secretName, ...(o.key !== undefined ? { key: o.key } : {}) } }),
      ...(header !== undefined ? { header: { name: header, ...(o.prefix !== undefined ? { prefix: o.prefix } : {}) } } : {}),
    };
  }
}
