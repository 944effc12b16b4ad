import { describe, expect, it } from 'vitest';
import {
  compileClientAuthentication,
  jwksBackendName,
  jwtPolicyName,
  parseJwksUri,
} from '../../../src/compile/gateways/client-authentication.js';
import type { Problem } from '../../../src/contracts/problem.js';
import { validateManifests } from '../../../src/validate/validate-manifests.js';
import { estateOf, intentOf, toolGateway, type Doc } from '../../support/intent-fixtures.js';

const JWT = {
  issuer: 'https://idp.example.com/realms/agents',
  audiences: ['tool-gateway', 'agents'],
  jwks: { uri: 'https://idp.example.com/realms/agents/protocol/openid-connect/certs' },
};

function compile(jwt: Doc | undefined) {
  const tg = intentOf('ToolGateway', toolGateway('tool-gateway', 'tg', jwt ? { authentication: { jwt } } : {}));
  const problems: Problem[] = [];
  const manifests = compileClientAuthentication(tg, problems);
  return { manifests, problems: problems.map((p) => `${p.field}: ${p.message}`) };
}

const labels = {
  'app.kubernetes.io/managed-by': 'cdk8s-tool-gateway',
  'runtime.agentic-layer.ai/toolgateway': 'tg',
  'runtime.agentic-layer.ai/toolgateway-namespace': 'tool-gateway',
};

describe('compileClientAuthentication |', () => {
  it('emits nothing for a gateway without authentication', () => {
    expect(compile(undefined)).toStrictEqual({ manifests: [], problems: [] });
  });

  it('emits the JWKS backend and the strict MCP-mode JWT policy on the Gateway', () => {
    const { manifests, problems } = compile(JWT);
    expect(problems).toStrictEqual([]);
    expect(JSON.parse(JSON.stringify(manifests))).toStrictEqual([
      {
        apiVersion: 'agentgateway.dev/v1alpha1',
        kind: 'AgentgatewayBackend',
        metadata: { name: 'tg-jwks', namespace: 'tool-gateway', labels },
        spec: { static: { host: 'idp.example.com', port: 443 }, policies: { tls: { sni: 'idp.example.com' } } },
      },
      {
        apiVersion: 'agentgateway.dev/v1alpha1',
        kind: 'AgentgatewayPolicy',
        metadata: { name: 'tg-jwt', namespace: 'tool-gateway', labels },
        spec: {
          targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'tg' }],
          traffic: {
            jwtAuthentication: {
              mode: 'Strict',
              mcp: {},
              providers: [
                {
                  issuer: 'https://idp.example.com/realms/agents',
                  audiences: ['tool-gateway', 'agents'],
                  jwks: {
                    remote: {
                      backendRef: { group: 'agentgateway.dev', kind: 'AgentgatewayBackend', name: 'tg-jwks' },
                      jwksPath: 'realms/agents/protocol/openid-connect/certs',
                    },
                  },
                },
              ],
            },
          },
        },
      },
    ]);
  });

  it('passes the validation gate, including the CRD CEL rules (MCP mode: one provider, mode Strict)', () => {
    const { manifests } = compile(JWT);
    const problems = validateManifests(manifests.map((manifest) => ({ manifest, provenance: undefined })));
    expect(problems).toStrictEqual([]);
  });

  it('would be stopped by the gate with two providers or a non-Strict mode in MCP mode (the gate evaluates the CRD CEL rules)', () => {
    const policy = compile(JWT).manifests[1]!;
    const jwt = (policy.spec as any).traffic.jwtAuthentication;
    const broken = {
      ...policy,
      spec: {
        ...(policy.spec as object),
        traffic: { jwtAuthentication: { ...jwt, mode: 'Optional', providers: [...jwt.providers, ...jwt.providers] } },
      },
    };
    const messages = validateManifests([{ manifest: broken, provenance: undefined }]).map((p) => p.message);
    expect(messages.some((m) => m.includes('jwtAuthentication.mcp requires exactly one provider'))).toBe(true);
    expect(messages.some((m) => m.includes('jwtAuthentication.mcp requires mode Strict'))).toBe(true);
  });

  it('keeps an explicit port, and sends no SNI to an IP literal', () => {
    const backend = compile({ ...JWT, jwks: { uri: 'https://10.1.2.3:8443/jwks.json' } }).manifests[0]!;
    expect(JSON.parse(JSON.stringify(backend.spec))).toStrictEqual({ static: { host: '10.1.2.3', port: 8443 }, policies: { tls: {} } });
  });

  it('names the policy and backend after the gateway', () => {
    expect(jwtPolicyName({ name: 'edge' })).toBe('edge-jwt');
    expect(jwksBackendName({ name: 'edge' })).toBe('edge-jwks');
  });

  it('refuses an http key-set URL: the key set decides who may call the gateway', () => {
    expect(compile({ ...JWT, jwks: { uri: 'http://idp.example.com/certs' } })).toStrictEqual({
      manifests: [],
      problems: [
        'spec.authentication.jwt.jwks.uri: "http://idp.example.com/certs" uses http; the key set decides who may call the gateway, so it must be fetched over https',
      ],
    });
    expect(compile({ ...JWT, jwks: { uri: 'HTTP://idp.example.com/certs' } }).problems[0]).toContain('must be fetched over https');
  });

  it('applies the external-URL rules when the gateway is read: no scheme, credentials, query or fragment', () => {
    const read = (jwt: Doc) =>
      estateOf([toolGateway('tool-gateway', 'tg', { authentication: { jwt } })]).problems.map((p) => `${p.field}: ${p.message}`);
    expect(read({ ...JWT, jwks: { uri: 'idp.example.com/certs' } })).toStrictEqual([
      'spec.authentication.jwt.jwks.uri: "idp.example.com/certs" has no scheme; write the full URL, e.g. "https://idp.example.com/certs"',
    ]);
    const leaky = read({ ...JWT, jwks: { uri: 'https://admin:s3cret@idp.example.com/certs' } });
    expect(leaky[0]).toContain('carries credentials in the URL');
    expect(leaky[0]).not.toContain('s3cret');
    expect(read({ ...JWT, jwks: { uri: 'https://idp.example.com/certs?realm=a' } })[0]).toContain('has a query string');
    expect(read({ ...JWT, issuer: 'https://idp.example.com/realms/a?token=s3cret' })).toStrictEqual([
      'spec.authentication.jwt.issuer: "https://idp.example.com/realms/a?***" has a query string, which an MCP target cannot carry; remove it',
    ]);
  });

  it('refuses a ConfigMap key set with the reason and the way out (agentgateway v1.4.1 has no ConfigMap source)', () => {
    expect(compile({ ...JWT, jwks: { configMapRef: { name: 'idp-jwks', key: 'jwks.json' } } })).toStrictEqual({
      manifests: [],
      problems: [
        'spec.authentication.jwt.jwks.configMapRef: ConfigMap "idp-jwks" cannot be used: agentgateway v1.4.1 loads a key set only from an https endpoint; set jwks.uri to the issuer\'s jwks_uri (or to an in-cluster https Service that serves the key set)',
      ],
    });
  });

  it('fetches a key set at the root of its host', () => {
    expect(parseJwksUri('https://keys.example.com/')).toMatchObject({ jwksPath: '/' });
    expect(parseJwksUri('https://keys.example.com')).toMatchObject({ jwksPath: '/' });
  });
});
