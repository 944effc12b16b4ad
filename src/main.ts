import { pathToFileURL } from 'node:url';
import { Chart } from 'cdk8s';
import { KnownNamespace, McpTransport, runApp, ToolFilter, ToolGateway, ToolGatewayApp, ToolRoute, ToolServer, Upstream } from './index.js';

/**
 * The default app, what `npm run synth` compiles into dist/: one shared gateway, a tool server
 * in each of two team namespaces, an external MCP server, and tool filters. The same estate
 * as CR YAML is in examples/default-estate/.
 */
export function defineDefaultEstate(app: ToolGatewayApp): void {
  const platform = new Chart(app, 'platform', { namespace: 'tool-gateway' });
  new KnownNamespace(platform, 'tool-gateway', { labels: { 'platform.example.com/tier': 'shared' } });
  const gateway = new ToolGateway(platform, 'shared', {
    env: [
      // The `.svc` form: `observability` is no namespace of this estate, so a bare
      // `otel-collector.observability` would be taken for a public name.
      { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://otel-collector.observability.svc:4318' },
      { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: 'http/protobuf' },
      { name: 'RUST_LOG', value: 'info' },
    ],
    otlpTargetPort: 4318,
  });

  const teamA = new Chart(app, 'team-a', { namespace: 'team-a' });
  new KnownNamespace(teamA, 'team-a', { labels: { 'platform.example.com/team': 'a' } });
  const weather = new ToolServer(teamA, 'weather', {
    image: 'ghcr.io/example/weather-mcp:1.4.2',
    port: 8000,
    env: [{ name: 'WEATHER_API_KEY', valueFrom: { secretKeyRef: { name: 'weather-api', key: 'token' } } }],
  });
  new ToolRoute(teamA, 'weather-route', {
    name: 'weather',
    gateway,
    upstream: Upstream.toolServer(weather),
    toolFilter: ToolFilter.allow('get_*', 'list_*').deny('*_admin'),
  });

  const teamB = new Chart(app, 'team-b', { namespace: 'team-b' });
  new KnownNamespace(teamB, 'team-b', { labels: { 'platform.example.com/team': 'b' } });
  const docs = new ToolServer(teamB, 'docs', {
    image: 'ghcr.io/example/docs-search-mcp:0.9.0',
    transport: McpTransport.SSE,
    replicas: 2,
  });
  new ToolRoute(teamB, 'docs-route', { name: 'docs', gateway, upstream: Upstream.toolServer(docs) });
  new ToolRoute(teamB, 'github-route', {
    name: 'github',
    gateway,
    upstream: Upstream.external('https://api.githubcopilot.com/mcp/'),
    toolFilter: ToolFilter.allow('search_*', 'get_issue', 'list_pull_requests').deny('*delete*'),
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const app = new ToolGatewayApp();
  defineDefaultEstate(app);
  runApp(app);
}
