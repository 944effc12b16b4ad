import { describe, expect, it } from 'vitest';
import { readManifestFiles } from '../../src/cli/validate-files.js';
import { toolFilterFromCel } from '../../src/compile/routes/tool-filter-from-cel.js';
import type { Manifest } from '../../src/contracts/manifest.js';
import { exposureFacts, ExposureFactsError } from '../../src/explain/exposure-facts.js';

const dist = readManifestFiles(['dist']).objects.map((o) => o.manifest);
const read = (manifests: readonly Manifest[]) => exposureFacts(manifests, undefined, { readFilter: toolFilterFromCel });

describe('exposureFacts | the default app’s output', () => {
  const facts = read(dist);

  it('reads each route’s URL, filter and upstream off the HTTPRoute, its policy and its backend', () => {
    expect([...facts.routes.keys()]).toEqual(['team-a/weather', 'team-b/docs', 'team-b/github']);
    expect(facts.routes.get('team-b/github')).toEqual({
      kind: 'ToolRoute',
      key: 'team-b/github',
      gateway: 'tool-gateway/shared',
      urls: ['http://shared.tool-gateway.svc.cluster.local/team-b/github/mcp'],
      filter: { allow: ['search_*', 'get_issue', 'list_pull_requests'], deny: ['*delete*'] },
      upstream: 'https://api.githubcopilot.com/mcp/',
      tls: true,
      skipVerify: 'None',
      credentials: [],
    });
    expect(facts.routes.get('team-b/docs')?.filter).toBeUndefined();
  });

  it('reads the gateway’s consent, and no JWT or guard where there is none', () => {
    expect(facts.gateways.get('tool-gateway/shared')).toEqual({ key: 'tool-gateway/shared', admits: { from: 'All' } });
    expect(facts.consent).toBeUndefined();
    expect([...facts.workloads.keys()]).toEqual([
      'tool-gateway/Gateway/shared',
      'team-a/Deployment/weather',
      'team-b/Deployment/docs',
      'tool-gateway/Deployment/tool-gateway-reconciler',
    ]);
  });

  it('refuses a tool-filter policy synth would not write, naming it', () => {
    const edited = dist.map((m) =>
      m.kind === 'AgentgatewayPolicy' && m.metadata.name === 'shared-github-toolfilter'
        ? {
            ...m,
            spec: {
              ...(m.spec as object),
              backend: { mcp: { authorization: { action: 'Allow', policy: { matchExpressions: ['true'] } } } },
            },
          }
        : m,
    );
    expect(() => read(edited)).toThrow(ExposureFactsError);
    expect(() => read(edited)).toThrow(
      /^AgentgatewayPolicy team-b\/shared-github-toolfilter: spec\.backend\.mcp\.authorization is not a tool filter synth writes/,
    );
  });
});
