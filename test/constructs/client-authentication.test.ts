import { describe, expect, test } from 'vitest';
import { ClientAuthentication } from '../../src/constructs/client-authentication.js';
import { ToolGateway } from '../../src/constructs/tool-gateway.js';
import { chartIn, testApp } from '../support/construct-app.js';

describe('ClientAuthentication |', () => {
  test('renders a JWT issuer and audiences with the key set from a URI or a ConfigMap', () => {
    expect(
      ClientAuthentication.jwt({
        issuer: 'https://idp.example.com',
        audiences: ['a', 'b'],
        jwksUri: 'https://idp.example.com/jwks',
      })._toSpec(),
    ).toStrictEqual({ jwt: { issuer: 'https://idp.example.com', audiences: ['a', 'b'], jwks: { uri: 'https://idp.example.com/jwks' } } });
    expect(
      ClientAuthentication.jwt({
        issuer: 'https://idp.example.com',
        audiences: ['a'],
        jwksConfigMap: { name: 'idp-keys', key: 'jwks.json' },
      })._toSpec(),
    ).toStrictEqual({
      jwt: { issuer: 'https://idp.example.com', audiences: ['a'], jwks: { configMapRef: { name: 'idp-keys', key: 'jwks.json' } } },
    });
  });

  test('renders the OAuth resource metadata with the intent field names, only those given', () => {
    const spec = (resourceMetadata: object) =>
      ClientAuthentication.jwt({
        issuer: 'https://idp.example.com',
        audiences: ['a'],
        jwksUri: 'https://idp.example.com/jwks',
        resourceMetadata,
      })._toSpec();
    expect(
      spec({ resource: 'https://tools.example.com', scopesSupported: ['s'], authorizationServers: ['https://idp.example.com'] }),
    ).toMatchObject({
      jwt: {
        resourceMetadata: {
          resource: 'https://tools.example.com',
          scopesSupported: ['s'],
          authorizationServers: ['https://idp.example.com'],
        },
      },
    });
    expect((spec({ scopesSupported: ['s'] }) as { jwt: { resourceMetadata: unknown } }).jwt.resourceMetadata).toStrictEqual({
      scopesSupported: ['s'],
    });
  });

  test('mistakes are reported with the construct path, not thrown', () => {
    const app = testApp();
    new ToolGateway(chartIn(app, 'tool-gateway', 'platform'), 'shared', {
      authentication: ClientAuthentication.jwt({
        issuer: '',
        audiences: [],
        jwksUri: 'https://idp.example.com/jwks',
        jwksConfigMap: { name: 'k', key: 'jwks.json' },
      }),
    });
    const result = app.build();
    expect(result.files).toBeUndefined();
    expect(result.problems.map((p) => `${p.origin?.constructPath}: ${p.field}`)).toStrictEqual([
      'platform/shared: spec.authentication.jwt.issuer',
      'platform/shared: spec.authentication.jwt.audiences',
      'platform/shared: spec.authentication.jwt.jwks',
    ]);
  });
});
