/**
 * Writes a large estate as custom-resource YAML, the input `tool-gateway synth --input` reads:
 *
 *   node --import tsx bench/scale/generate-estate.ts --routes 1000 --out <dir>
 *
 * One ToolGateway `shared` in namespace `tool-gateway`; the routes go 100 to a namespace
 * (`team-000`, `team-001`, ...), one file per namespace. Route i is `tool-NNNN`: even routes reach
 * their own ToolServer (same name, port 8000) through `upstream.toolServerRef`, odd routes an
 * external `https://mcp-NNNN.example.com/mcp`. Every route has a tool filter with allow and deny
 * globs. Each namespace also gets its v1 Namespace document. The output depends only on the count.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';

export const ROUTES_PER_NAMESPACE = 100;
const API_VERSION = 'runtime.agentic-layer.ai/v1alpha1';
const GATEWAY_NAMESPACE = 'tool-gateway';
const GATEWAY_NAME = 'shared';

type Doc = Record<string, unknown>;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function namespaceDoc(name: string, labels: Record<string, string>): Doc {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

function platformDocs(): Doc[] {
  return [
    namespaceDoc(GATEWAY_NAMESPACE, { 'platform.example.com/tier': 'shared' }),
    { apiVersion: API_VERSION, kind: 'ToolGateway', metadata: { name: GATEWAY_NAME, namespace: GATEWAY_NAMESPACE }, spec: {} },
  ];
}

function routeDocs(index: number, namespace: string): Doc[] {
  const name = `tool-${pad(index, 4)}`;
  const metadata = { name, namespace };
  const docs: Doc[] = [];
  let upstream: Doc;
  if (index % 2 === 0) {
    docs.push({ apiVersion: API_VERSION, kind: 'ToolServer', metadata, spec: { image: `ghcr.io/example/${name}-mcp:1.0.0`, port: 8000 } });
    upstream = { toolServerRef: { name } };
  } else {
    upstream = { external: { url: `https://mcp-${pad(index, 4)}.example.com/mcp` } };
  }
  docs.push({
    apiVersion: API_VERSION,
    kind: 'ToolRoute',
    metadata,
    spec: {
      toolGatewayRef: { name: GATEWAY_NAME, namespace: GATEWAY_NAMESPACE },
      upstream,
      toolFilter: { allow: ['get_*', 'list_*', 'search_*'], deny: ['*_admin', '*delete*'] },
    },
  });
  return docs;
}

function render(docs: readonly Doc[]): string {
  return docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}

/**
 * Writes the estate with `routes` routes into `dir` (created if missing) and returns the files
 * written, relative to `dir`.
 */
export function writeEstate(dir: string, routes: number): string[] {
  if (!Number.isInteger(routes) || routes < 1 || routes > 10_000) {
    throw new Error(`routes must be an integer from 1 to 10000 (route names have 4 digits), got ${routes}`);
  }
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const write = (file: string, docs: readonly Doc[]): void => {
    writeFileSync(join(dir, file), render(docs));
    files.push(file);
  };
  write('platform.yaml', platformDocs());
  const namespaces = Math.ceil(routes / ROUTES_PER_NAMESPACE);
  for (let n = 0; n < namespaces; n++) {
    const namespace = `team-${pad(n, 3)}`;
    const docs: Doc[] = [namespaceDoc(namespace, { 'platform.example.com/team': pad(n, 3) })];
    const end = Math.min(routes, (n + 1) * ROUTES_PER_NAMESPACE);
    for (let i = n * ROUTES_PER_NAMESPACE; i < end; i++) docs.push(...routeDocs(i, namespace));
    write(`${namespace}.yaml`, docs);
  }
  return files;
}

function cli(): void {
  const { values } = parseArgs({ options: { routes: { type: 'string' }, out: { type: 'string' } }, strict: true });
  if (values.routes === undefined || values.out === undefined) {
    console.error('usage: generate-estate.ts --routes <count> --out <dir>');
    process.exitCode = 2;
    return;
  }
  const files = writeEstate(values.out, Number(values.routes));
  console.log(`wrote ${files.length} files to ${values.out}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) cli();
