import fc from 'fast-check';

/**
 * Random valid intent estates as CR documents, for property tests. Names are built so that
 * derived names (`<gateway>-<route>`) can never collide: gateways are `g<digit>` and route names
 * never look like a gateway prefix.
 */

const label = fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/).filter((s) => !s.includes('--'));

const globChar = fc.constantFrom('a', 'b', '_', '-', '.', '*', '?', '(', '[', '$', '^', '\\', '"', '+', '|');
const glob = fc.array(globChar, { minLength: 1, maxLength: 8 }).map((cs) => cs.join(''));

const host = fc.oneof(
  // Three labels: a two-label `<a>.<b>` would resolve in-cluster when `<b>` is a namespace of the estate.
  fc.tuple(label, fc.constantFrom('com', 'io', 'example')).map(([a, b]) => `${a}.mcp.${b}`),
  fc.tuple(fc.integer({ min: 1, max: 254 }), fc.integer({ min: 0, max: 255 })).map(([a, b]) => `10.${a}.${b}.1`),
);
const urlPath = fc.array(label, { maxLength: 3 }).map((parts) => (parts.length ? `/${parts.join('/')}` : ''));
const externalUrl = fc
  .tuple(fc.constantFrom('http', 'https', 'HTTPS'), host, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), urlPath)
  .map(([scheme, h, port, path]) => `${scheme}://${h}${port ? `:${port}` : ''}${path}`);

/** The element at `index` modulo the length of `items`, which must not be empty. */
function pick<T>(items: readonly T[], index: number): T {
  const item = items[index % items.length];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export interface EstateDocs {
  readonly docs: Record<string, unknown>[];
}

export const arbitraryEstate: fc.Arbitrary<EstateDocs> = fc
  .record({
    namespaces: fc.uniqueArray(
      label.filter((n) => n !== 'tool-gateway'),
      { minLength: 1, maxLength: 4 },
    ),
    gatewayCount: fc.integer({ min: 1, max: 3 }),
    servers: fc.array(
      fc.record({
        nsIndex: fc.nat(),
        transport: fc.constantFrom('http', 'sse', undefined),
        port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        path: fc.option(
          urlPath.filter((p) => p !== ''),
          { nil: undefined },
        ),
        replicas: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
        consent: fc.constantFrom('all', 'selector'),
      }),
      { maxLength: 5 },
    ),
    routes: fc.array(
      fc.record({
        nsIndex: fc.nat(),
        gatewayIndex: fc.option(fc.nat(), { nil: undefined }),
        serverIndex: fc.option(fc.nat(), { nil: undefined }),
        url: externalUrl,
        allow: fc.array(glob, { maxLength: 3 }),
        deny: fc.array(glob, { maxLength: 3 }),
      }),
      { maxLength: 8 },
    ),
    withGuard: fc.boolean(),
    // Presidio's pod port, declared or not (then the adapter may reach its namespace on any port).
    presidioTargetPort: fc.option(fc.constantFrom(3000, 8000), { nil: undefined }),
    guardConsentBySelector: fc.boolean(),
    routeGuards: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
  })
  .map((e) => {
    const docs: Record<string, unknown>[] = [];
    const cr = (kind: string, name: string, namespace: string, spec: Record<string, unknown>) =>
      docs.push({ apiVersion: 'runtime.agentic-layer.ai/v1alpha1', kind, metadata: { name, namespace }, spec });
    for (const ns of e.namespaces) docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { team: ns } } });

    // Gateway 0 lives in `tool-gateway` and is the default; the others live in team namespaces.
    const gateways = Array.from({ length: e.gatewayCount }, (_, i) => ({
      name: `g${i}`,
      namespace: i === 0 ? 'tool-gateway' : pick(e.namespaces, i),
    }));
    if (e.withGuard) {
      const presidio = { baseUrl: 'http://presidio.guards:8000', ...(e.presidioTargetPort ? { targetPort: e.presidioTargetPort } : {}) };
      cr('GuardrailProvider', 'presidio', 'guards', { type: 'presidio-api', presidio });
      // Consent for every namespace that uses it: all, or by the label the API server sets.
      const allowedNamespaces = e.guardConsentBySelector
        ? { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Exists' }] } }
        : { from: 'All' };
      if (e.guardConsentBySelector) docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tool-gateway' } });
      cr('Guard', 'pii', 'guards', { mode: ['pre_call', 'post_call'], providerRef: { name: 'presidio' }, allowedNamespaces });
    }
    for (const [i, g] of gateways.entries()) {
      cr('ToolGateway', g.name, g.namespace, e.withGuard && i === 0 ? { guardrails: [{ name: 'pii', namespace: 'guards' }] } : {});
    }
    const servers = e.servers.map((s, i) => {
      const namespace = pick(e.namespaces, s.nsIndex);
      const name = `server-${i}`;
      const spec: Record<string, unknown> = { image: `ghcr.io/example/mcp-${i}:1.0.0` };
      if (s.transport) spec.transportType = s.transport;
      if (s.port !== undefined) spec.port = s.port;
      if (s.path !== undefined) spec.path = s.path;
      if (s.replicas !== undefined) spec.replicas = s.replicas;
      // Routes come from any namespace: the owner admits them all, plainly or by label.
      spec.allowedNamespaces =
        s.consent === 'all'
          ? { from: 'All' }
          : { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Exists' }] } };
      cr('ToolServer', name, namespace, spec);
      return { name, namespace };
    });
    e.routes.forEach((r, i) => {
      const namespace = pick(e.namespaces, r.nsIndex);
      const spec: Record<string, unknown> = {};
      if (r.gatewayIndex !== undefined) {
        const g = pick(gateways, r.gatewayIndex);
        spec.toolGatewayRef = { name: g.name, namespace: g.namespace };
      }
      const server = r.serverIndex !== undefined && servers.length > 0 ? pick(servers, r.serverIndex) : undefined;
      spec.upstream = server ? { toolServerRef: { name: server.name, namespace: server.namespace } } : { external: { url: r.url } };
      if (r.allow.length || r.deny.length) {
        spec.toolFilter = { ...(r.allow.length ? { allow: r.allow } : {}), ...(r.deny.length ? { deny: r.deny } : {}) };
      }
      if (e.withGuard && e.routeGuards[i]) spec.guardrails = [{ name: 'pii', namespace: 'guards' }];
      cr('ToolRoute', `route-${i}`, namespace, spec);
    });
    return { docs };
  });
