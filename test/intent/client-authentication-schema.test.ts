import { describe, expect, it } from 'vitest';
import { errorsOf, estateOf, intentOf, toolGateway } from '../support/intent-fixtures.js';

const JWT = {
  issuer: 'https://idp.example.com/realms/agents',
  audiences: ['tool-gateway'],
  jwks: { uri: 'https://idp.example.com/realms/agents/protocol/openid-connect/certs' },
};

/** JWT without one field, to see the field reported as missing. */
const jwtWithout = (field: keyof typeof JWT) => Object.fromEntries(Object.entries(JWT).filter(([key]) => key !== field));

function errors(authentication: unknown): string[] {
  return errorsOf(estateOf([toolGateway('tool-gateway', 'tg', { authentication })]).problems).map((p) => `${p.field}: ${p.message}`);
}

describe('ToolGateway spec.authentication.jwt |', () => {
  it('accepts an issuer, audiences and a jwks uri, and keeps them on the intent', () => {
    expect(errors({ jwt: JWT })).toStrictEqual([]);
    const tg = intentOf('ToolGateway', toolGateway('tool-gateway', 'tg', { authentication: { jwt: JWT } }));
    expect(tg.spec.authentication).toStrictEqual({ jwt: JWT });
  });

  it('accepts a ConfigMap key as the key-set source in the schema (the compiler explains why agentgateway cannot use it)', () => {
    expect(errors({ jwt: { ...JWT, jwks: { configMapRef: { name: 'idp-jwks', key: 'jwks.json' } } } })).toStrictEqual([]);
  });

  it('needs jwt inside authentication', () => {
    expect(errors({})).toStrictEqual(['spec.authentication.jwt: is required']);
  });

  it('rejects an empty or blank issuer', () => {
    expect(errors({ jwt: { ...JWT, issuer: '' } })).toStrictEqual(['spec.authentication.jwt.issuer: the issuer must not be empty']);
    expect(errors({ jwt: { ...JWT, issuer: '  ' } })).toStrictEqual(['spec.authentication.jwt.issuer: the issuer must not be empty']);
    expect(errors({ jwt: jwtWithout('issuer') })).toStrictEqual(['spec.authentication.jwt.issuer: is required']);
  });

  it('rejects a missing or empty audience list, and blank audiences', () => {
    expect(errors({ jwt: { ...JWT, audiences: [] } })).toStrictEqual([
      'spec.authentication.jwt.audiences: needs at least one audience; without one, a token the issuer minted for any other service would be accepted',
    ]);
    expect(errors({ jwt: { ...JWT, audiences: ['ok', ''] } })).toStrictEqual([
      'spec.authentication.jwt.audiences[1]: an audience must not be empty',
    ]);
    expect(errors({ jwt: jwtWithout('audiences') })).toStrictEqual(['spec.authentication.jwt.audiences: is required']);
  });

  it('needs exactly one key-set source', () => {
    expect(errors({ jwt: { ...JWT, jwks: {} } })).toStrictEqual(['spec.authentication.jwt.jwks: set exactly one of uri or configMapRef']);
    expect(errors({ jwt: { ...JWT, jwks: { uri: JWT.jwks.uri, configMapRef: { name: 'k', key: 'jwks.json' } } } })).toStrictEqual([
      'spec.authentication.jwt.jwks: set exactly one of uri or configMapRef',
    ]);
  });

  it('rejects unknown fields, e.g. a jwks inline key set or a mode', () => {
    expect(errors({ jwt: { ...JWT, mode: 'Optional' } })).toStrictEqual([
      'spec.authentication.jwt.mode: unknown field (check the spelling: unknown fields are never ignored)',
    ]);
    expect(errors({ jwt: { ...JWT, jwks: { inline: '{"keys":[]}' } } })).toContain(
      'spec.authentication.jwt.jwks.inline: unknown field (check the spelling: unknown fields are never ignored)',
    );
  });
});
