import { describe, expect, it } from 'vitest';
import { buildConditions, kubeTime } from '../../src/reconciler/conditions.js';
import type { KubeObject } from '../../src/reconciler/kube-client.js';
import type { PlanGateway, PlanGuard, PlanRoute } from '../../src/contracts/reconciler-plan.js';
import {
  deriveGatewayStatus,
  deriveGuardStatus,
  deriveRouteStatus,
  gatewayView,
  routeRouting,
  type Lookup,
} from '../../src/reconciler/status-derivation.js';

/** A cluster domain other than the default, so a test cannot pass by hard-coding it. */
const DOMAIN = 'corp.internal';
const NOW = '2026-05-01T10:00:00Z';
const cond = (type: string, status: string, observedGeneration = 1, reason = type, message = '') => ({
  type,
  status,
  reason,
  message,
  observedGeneration,
  lastTransitionTime: '2026-01-01T00:00:00Z',
});
const obj = (name: string, namespace: string, extra: Partial<KubeObject> = {}): KubeObject => ({
  metadata: { name, namespace, generation: 1 },
  ...extra,
});

const gatewayObj = (status: unknown, port = 80, generation = 1) =>
  obj('gw', 'infra', {
    metadata: { name: 'gw', namespace: 'infra', generation },
    spec: { listeners: [{ name: 'http', protocol: 'HTTP', port }] },
    status,
  });
const programmed = (addresses: unknown[] = [{ type: 'IPAddress', value: '10.0.0.7' }], generation = 1) => ({
  addresses,
  conditions: [cond('Accepted', 'True', generation), cond('Programmed', 'True', generation)],
});

const route: PlanRoute = {
  namespace: 'team',
  name: 'r',
  gateway: { namespace: 'infra', name: 'gw' },
  httpRoute: 'gw-r',
  backend: 'gw-r',
  policies: ['gw-r-toolfilter'],
  path: '/team/r/mcp',
};

function lookupOf(objects: Record<string, KubeObject | undefined>): Lookup {
  return (kind, namespace, name) => objects[`${kind}/${namespace}/${name}`];
}

const acceptedRoute = (generation = 1, accepted = 'True', resolved = 'True') =>
  obj('gw-r', 'team', {
    metadata: { name: 'gw-r', namespace: 'team', generation },
    status: {
      parents: [
        {
          parentRef: { name: 'gw', namespace: 'infra' },
          conditions: [
            cond('Accepted', accepted, generation, accepted === 'True' ? 'Accepted' : 'NotAllowedByListeners', 'listener refuses'),
            cond('ResolvedRefs', resolved, generation),
          ],
        },
      ],
    },
  });

const healthy = () => ({
  'Gateway/infra/gw': gatewayObj(programmed()),
  'HTTPRoute/team/gw-r': acceptedRoute(),
  'AgentgatewayBackend/team/gw-r': obj('gw-r', 'team'),
  'AgentgatewayPolicy/team/gw-r-toolfilter': obj('gw-r-toolfilter', 'team'),
});

describe('gatewayView |', () => {
  it('is ready once accepted and programmed with an address; status gets the Service DNS name, probes the address; the port shows unless it is 80', () => {
    expect(gatewayView(gatewayObj(programmed()), { namespace: 'infra', name: 'gw' }, DOMAIN)).toMatchObject({
      status: 'True',
      reason: 'Programmed',
      url: 'http://gw.infra.svc.corp.internal',
      probeUrl: 'http://10.0.0.7',
    });
    expect(gatewayView(gatewayObj(programmed(), 8080), { namespace: 'infra', name: 'gw' }, DOMAIN)).toMatchObject({
      url: 'http://gw.infra.svc.corp.internal:8080',
      probeUrl: 'http://10.0.0.7:8080',
    });
    expect(
      gatewayView(gatewayObj(programmed([{ type: 'IPAddress', value: 'fd00::7' }])), { namespace: 'infra', name: 'gw' }, DOMAIN).probeUrl,
    ).toBe('http://[fd00::7]');
    expect(
      gatewayView(
        gatewayObj(
          programmed([
            { type: 'IPAddress', value: '10.0.0.7' },
            { type: 'Hostname', value: 'gw.example.com' },
          ]),
        ),
        { namespace: 'infra', name: 'gw' },
        DOMAIN,
      ).probeUrl,
    ).toBe('http://gw.example.com');
  });

  it('says why it is not ready: missing, refused, not yet programmed (stale conditions do not count), no address', () => {
    const key = { namespace: 'infra', name: 'gw' };
    expect(gatewayView(undefined, key, DOMAIN)).toMatchObject({
      status: 'False',
      reason: 'GatewayNotFound',
      message: 'Gateway infra/gw does not exist',
    });
    expect(
      gatewayView(gatewayObj({ conditions: [cond('Accepted', 'False', 1, 'InvalidParameters', 'no such class')] }), key, DOMAIN),
    ).toMatchObject({
      status: 'False',
      reason: 'GatewayNotAccepted',
      message: 'Gateway infra/gw is not accepted: InvalidParameters: no such class',
    });
    expect(gatewayView(gatewayObj(programmed(undefined, 1), 80, 2), key, DOMAIN)).toMatchObject({
      status: 'Unknown',
      reason: 'GatewayPending',
    });
    expect(gatewayView(gatewayObj(programmed([])), key, DOMAIN)).toMatchObject({ status: 'Unknown', reason: 'AddressPending' });
  });
});

describe('routeRouting |', () => {
  it('is routed when gateway, HTTPRoute parent, backend and policies all agree; the URL is the gateway URL plus the path', () => {
    expect(routeRouting(route, lookupOf(healthy()), DOMAIN)).toStrictEqual({
      status: 'True',
      reason: 'Routed',
      message: 'routed through Gateway infra/gw',
      url: 'http://gw.infra.svc.corp.internal/team/r/mcp',
      probeUrl: 'http://10.0.0.7/team/r/mcp',
    });
  });

  it('reports the first thing in the way, keeping the URL once the gateway has one', () => {
    const cases: [Record<string, KubeObject | undefined>, string, string][] = [
      [{ ...healthy(), 'Gateway/infra/gw': undefined }, 'False', 'GatewayNotReady'],
      [{ ...healthy(), 'HTTPRoute/team/gw-r': undefined }, 'False', 'HTTPRouteNotFound'],
      [{ ...healthy(), 'HTTPRoute/team/gw-r': acceptedRoute(1, 'False') }, 'False', 'HTTPRouteNotAccepted'],
      [{ ...healthy(), 'HTTPRoute/team/gw-r': acceptedRoute(1, 'True', 'False') }, 'False', 'RefsNotResolved'],
      [{ ...healthy(), 'HTTPRoute/team/gw-r': obj('gw-r', 'team') }, 'Unknown', 'HTTPRoutePending'],
      [{ ...healthy(), 'AgentgatewayBackend/team/gw-r': undefined }, 'False', 'BackendNotFound'],
      [
        { ...healthy(), 'AgentgatewayBackend/team/gw-r': obj('gw-r', 'team', { status: { conditions: [cond('Accepted', 'False')] } }) },
        'False',
        'BackendNotAccepted',
      ],
      [
        {
          ...healthy(),
          'AgentgatewayPolicy/team/gw-r-toolfilter': obj('p', 'team', {
            status: { ancestors: [{ conditions: [cond('Accepted', 'False', 1, 'Invalid', 'bad CEL')] }] },
          }),
        },
        'False',
        'PolicyNotAccepted',
      ],
    ];
    for (const [objects, status, reason] of cases) {
      const r = routeRouting(route, lookupOf(objects), DOMAIN);
      expect({ status: r.status, reason: r.reason }, reason).toStrictEqual({ status, reason });
      if (reason !== 'GatewayNotReady') expect(r.url).toBe('http://gw.infra.svc.corp.internal/team/r/mcp');
    }
    expect(routeRouting(route, lookupOf({ ...healthy(), 'HTTPRoute/team/gw-r': acceptedRoute(1, 'False') }), DOMAIN).message).toBe(
      'HTTPRoute team/gw-r is not accepted by Gateway infra/gw: NotAllowedByListeners: listener refuses',
    );
  });
});

describe('deriveRouteStatus |', () => {
  const carrier = obj('r', 'team', { metadata: { name: 'r', namespace: 'team', generation: 4 } });
  const routing = routeRouting(route, lookupOf(healthy()), DOMAIN);
  const tools = { count: 2, names: ['a', 'b'], digest: 'sha256:ab' };

  it('names the kind of the carrier it is ready for: a ToolSet is not called a ToolRoute', () => {
    const session = { state: 'ready', tools, protocolVersion: '2025-11-25', mode: 'Session', sessionLosses: 0 } as const;
    const ready = (kind: string) =>
      deriveRouteStatus({ ...carrier, kind }, routing, session, NOW).conditions?.find((c) => c.type === 'Ready')?.message;
    expect(ready('ToolSet')).toBe('ToolSet is ready at http://gw.infra.svc.corp.internal/team/r/mcp; 2 tools');
    expect(ready('ToolRoute')).toBe('ToolRoute is ready at http://gw.infra.svc.corp.internal/team/r/mcp; 2 tools');
  });

  it('is Ready once the MCP session listed the tools, with ToolsDiscovered, the surface and the session facts', () => {
    const s = deriveRouteStatus(
      carrier,
      routing,
      {
        state: 'ready',
        tools,
        surface: { status: 'False', reason: 'FirstDiscovery', message: '2 tools discovered' },
        protocolVersion: '2025-11-25',
        mode: 'Session',
        sessionLosses: 0,
      },
      NOW,
    );
    expect(s).toStrictEqual({
      observedGeneration: 4,
      url: 'http://gw.infra.svc.corp.internal/team/r/mcp',
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          observedGeneration: 4,
          lastTransitionTime: NOW,
          reason: 'Ready',
          message: 'ToolRoute is ready at http://gw.infra.svc.corp.internal/team/r/mcp; 2 tools',
        },
        {
          type: 'ToolsDiscovered',
          status: 'True',
          observedGeneration: 4,
          lastTransitionTime: NOW,
          reason: 'ToolsListed',
          message: '2 tools listed over an MCP 2025-11-25 session',
        },
        {
          type: 'ToolSurfaceChanged',
          status: 'False',
          observedGeneration: 4,
          lastTransitionTime: NOW,
          reason: 'FirstDiscovery',
          message: '2 tools discovered',
        },
      ],
      tools,
      mcp: { protocolVersion: '2025-11-25', mode: 'Session', sessionLosses: 0 },
    });
  });

  it('is Unknown while probing, False when the session failed, and keeps the last tools through it', () => {
    expect(deriveRouteStatus(carrier, routing, { state: 'connecting', sessionLosses: 0 }, NOW).conditions![0]).toMatchObject({
      status: 'Unknown',
      reason: 'Probing',
    });
    const failed = deriveRouteStatus(
      carrier,
      routing,
      { state: 'failed', reason: 'Unauthorized', error: 'HTTP 401', tools, sessionLosses: 1 },
      NOW,
    );
    expect(failed.conditions!.map((c) => `${c.type}=${c.status}/${c.reason}`)).toStrictEqual([
      'Ready=False/McpUnreachable',
      'ToolsDiscovered=False/Unauthorized',
    ]);
    expect(failed.tools).toStrictEqual(tools);
    expect(failed.mcp).toStrictEqual({ sessionLosses: 1 });
  });

  it('without probing, routed means Ready; without a gateway address there is no URL', () => {
    expect(deriveRouteStatus(carrier, routing, undefined, NOW).conditions).toStrictEqual([
      {
        type: 'Ready',
        status: 'True',
        observedGeneration: 4,
        lastTransitionTime: NOW,
        reason: 'Routed',
        message: 'routed through Gateway infra/gw',
      },
    ]);
    const noGateway = routeRouting(route, lookupOf({}), DOMAIN);
    expect(deriveRouteStatus(carrier, noGateway, undefined, NOW)).not.toHaveProperty('url');
  });
});

describe('deriveGatewayStatus and deriveGuardStatus |', () => {
  const gw: PlanGateway = { namespace: 'infra', name: 'gw', policies: ['gw-guardrail'], guards: [{ namespace: 'g', name: 'pii' }] };
  const guards = new Map<string, PlanGuard>([['Guard/g/pii', { namespace: 'g', name: 'pii', deployment: 'pii-adapter' }]]);
  const carrier = obj('gw', 'infra');
  const available = (status: string) =>
    obj('pii-adapter', 'g', {
      status: { availableReplicas: status === 'True' ? 1 : 0, conditions: [cond('Available', status, 1, 'MinimumReplicasAvailable', 'x')] },
    });

  it('a gateway is Ready only when its guard adapters are', () => {
    const objects = {
      'Gateway/infra/gw': gatewayObj(programmed()),
      'AgentgatewayPolicy/infra/gw-guardrail': obj('gw-guardrail', 'infra'),
      'Deployment/g/pii-adapter': available('True'),
    };
    expect(deriveGatewayStatus(gw, carrier, lookupOf(objects), guards, NOW, DOMAIN)).toMatchObject({
      url: 'http://gw.infra.svc.corp.internal',
      conditions: [{ status: 'True', reason: 'Programmed' }],
    });
    const down = deriveGatewayStatus(
      gw,
      carrier,
      lookupOf({ ...objects, 'Deployment/g/pii-adapter': available('False') }),
      guards,
      NOW,
      DOMAIN,
    );
    expect(down.conditions![0]).toMatchObject({
      status: 'False',
      reason: 'GuardNotReady',
      message: 'Guard g/pii: Deployment g/pii-adapter is not available: MinimumReplicasAvailable: x',
    });
    expect(down.url).toBe('http://gw.infra.svc.corp.internal');
  });

  it('a guard is Ready from its adapter, and says so when nothing uses it', () => {
    expect(
      deriveGuardStatus(
        { namespace: 'g', name: 'pii', deployment: 'pii-adapter' },
        obj('pii', 'g'),
        lookupOf({ 'Deployment/g/pii-adapter': available('True') }),
        NOW,
      ).conditions![0],
    ).toMatchObject({ status: 'True', reason: 'AdapterAvailable' });
    expect(
      deriveGuardStatus({ namespace: 'g', name: 'pii', deployment: 'pii-adapter' }, obj('pii', 'g'), lookupOf({}), NOW).conditions![0],
    ).toMatchObject({ status: 'False', reason: 'AdapterNotFound' });
    expect(deriveGuardStatus({ namespace: 'g', name: 'idle' }, obj('idle', 'g'), lookupOf({}), NOW).conditions![0]).toMatchObject({
      status: 'False',
      reason: 'Unused',
    });
  });
});

describe('buildConditions |', () => {
  it('keeps lastTransitionTime while the status holds, even if reason and message change', () => {
    const first = buildConditions([{ type: 'Ready', status: 'False', reason: 'A', message: 'a' }], undefined, 1, '2026-01-01T00:00:00Z');
    const same = buildConditions([{ type: 'Ready', status: 'False', reason: 'B', message: 'b' }], first, 2, NOW);
    expect(same[0]).toStrictEqual({
      type: 'Ready',
      status: 'False',
      observedGeneration: 2,
      lastTransitionTime: '2026-01-01T00:00:00Z',
      reason: 'B',
      message: 'b',
    });
    expect(buildConditions([{ type: 'Ready', status: 'True', reason: 'C', message: '' }], same, 2, NOW)[0]!.lastTransitionTime).toBe(NOW);
  });

  it('writes metav1.Time: UTC, whole seconds', () => {
    expect(kubeTime(new Date('2026-05-01T10:00:00.987Z'))).toBe('2026-05-01T10:00:00Z');
  });
});
