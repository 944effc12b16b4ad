import { describe, expect, it } from 'vitest';
import { toolAuthorizationSchema } from '../../src/intent/tool-authorization-schema.js';

const issues = (value: unknown) => {
  const r = toolAuthorizationSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const withClaims = (claims: unknown) => ({ rules: [{ principals: { claims } }] });

describe('toolAuthorizationSchema |', () => {
  it('accepts the README example, nested claim names and claim names that are no CEL identifiers', () => {
    expect(
      issues({
        rules: [
          {
            principals: { claims: { groups: ['sre', 'platform'] }, scopes: ['tools.write'] },
            tools: { allow: ['restart_*'], deny: ['restart_database'] },
          },
          { principals: { claims: { 'realm_access.roles': ['admin'], 'cognito:groups': ['x'], 'https://example.com/role': ['y'] } } },
          { principals: {} },
        ],
      }),
    ).toStrictEqual([]);
  });

  it('refuses empty rules, empty value lists, empty name segments and the raw token', () => {
    expect(issues({ rules: [] })).toStrictEqual([': list at least one rule, or leave authorization out'.replace(/^/, 'rules')]);
    expect(issues(withClaims({ sub: [] }))).toStrictEqual(['rules.0.principals.claims.sub: list at least one value; any of them matches']);
    expect(issues(withClaims({ 'a..b': ['x'] }))[0]).toContain('non-empty segments separated by dots');
    expect(issues(withClaims({ rawToken: ['x'] }))[0]).toContain('rawToken is the raw bearer token in agentgateway');
  });

  it('refuses control characters in claim names and values, and scopes outside RFC 6749', () => {
    expect(issues(withClaims({ 'a\nb': ['x'] }))[0]).toContain('claim name "a\\nb" contains a control character');
    expect(issues(withClaims({ sub: ['x\u0000'] }))[0]).toContain('claim value "x\\u0000" contains a control character');
    for (const scope of ['two words', 'quo"te', 'back\\slash', '']) {
      const [issue] = issues({ rules: [{ principals: { scopes: [scope] } }] });
      expect(issue, scope).toContain(`scope ${JSON.stringify(scope)} is not a scope token`);
      expect(issue, scope).toContain('RFC 6749');
    }
  });

  it('refuses unknown fields in a rule', () => {
    expect(issues({ rules: [{ principals: { claim: { sub: ['x'] } } }] })[0]).toContain('Unrecognized key');
  });
});
