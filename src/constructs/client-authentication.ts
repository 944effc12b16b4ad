/** A ConfigMap key holding a JSON Web Key Set. */
export interface JwksConfigMapRef {
  /** Name of the ConfigMap, in the gateway's namespace. */
  readonly name: string;
  /** Key holding the key set. */
  readonly key: string;
}

/**
 * The OAuth protected-resource metadata (RFC 9728) the gateway serves to MCP clients, which
 * find it through the `WWW-Authenticate` challenge of a request without a token.
 */
export interface OAuthResourceMetadata {
  /**
   * The resource identifier clients ask tokens for, e.g. `https://tools.example.com`; list it in
   * `audiences` too (a warning otherwise).
   * @default - the URL the client called
   */
  readonly resource?: string;
  /**
   * Scopes a client may request.
   * @default - none advertised
   */
  readonly scopesSupported?: readonly string[];
  /**
   * Where clients get tokens.
   * @default - the issuer
   */
  readonly authorizationServers?: readonly string[];
}

/** Options of {@link ClientAuthentication.jwt}. */
export interface JwtAuthenticationOptions {
  /** The `iss` claim every token must carry, e.g. `https://idp.example.com/realms/agents`. */
  readonly issuer: string;
  /** Accepted `aud` values; at least one. */
  readonly audiences: readonly string[];
  /**
   * An https URL serving the issuer's JSON Web Key Set (its `jwks_uri`). Set exactly one of
   * `jwksUri` and `jwksConfigMap`.
   * @default - none
   */
  readonly jwksUri?: string;
  /**
   * A ConfigMap key holding the key set. agentgateway v1.4.1 cannot load a key set from a
   * ConfigMap, so the build reports an error that says so; use `jwksUri`.
   * @default - none
   */
  readonly jwksConfigMap?: JwksConfigMapRef;
  /**
   * What MCP clients discover about the gateway as an OAuth protected resource.
   * @default - agentgateway's: the called URL as resource, the issuer as authorization server
   */
  readonly resourceMetadata?: OAuthResourceMetadata;
}

/**
 * How a ToolGateway authenticates its clients. With JWT, every request needs a valid bearer
 * token from the issuer for one of the audiences; anything else is rejected before any route.
 *
 * @example ClientAuthentication.jwt({ issuer: 'https://idp.example.com', audiences: ['tool-gateway'], jwksUri: 'https://idp.example.com/jwks' })
 */
export class ClientAuthentication {
  /** Bearer JWTs, validated by agentgateway in MCP mode (strict: no token, no access). */
  public static jwt(options: JwtAuthenticationOptions): ClientAuthentication {
    return new ClientAuthentication(options);
  }

  private constructor(private readonly options: JwtAuthenticationOptions) {}

  /** @internal */
  public _toSpec(): Record<string, unknown> {
    const o = this.options;
    return {
      jwt: {
        issuer: o.issuer,
        audiences: [...o.audiences],
        jwks: {
          ...(o.jwksUri !== undefined ? { uri: o.jwksUri } : {}),
          ...(o.jwksConfigMap !== undefined ? { configMapRef: { name: o.jwksConfigMap.name, key: o.jwksConfigMap.key } } : {}),
        },
        ...(o.resourceMetadata !== undefined ? { resourceMetadata: resourceMetadataSpec(o.resourceMetadata) } : {}),
      },
    };
  }
}

function resourceMetadataSpec(m: OAuthResourceMetadata): Record<string, unknown> {
  return {
    ...(m.resource !== undefined ? { resource: m.resource } : {}),
    ...(m.scopesSupported !== undefined ? { scopesSupported: [...m.scopesSupported] } : {}),
    ...(m.authorizationServers !== undefined ? { authorizationServers: [...m.authorizationServers] } : {}),
  };
}
