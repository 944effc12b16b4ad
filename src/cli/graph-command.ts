import { parseArgs } from 'node:util';
import type { Console } from '../app/report.js';
import { formatProblem } from '../contracts/problem.js';
import { valueText } from '../contracts/value-text.js';
import { renderDot } from '../explain/render-dot.js';
import { renderMermaid } from '../explain/render-mermaid.js';
import { buildTopology } from '../explain/topology.js';
import { readPolicyManifests } from './read-policy-manifests.js';
import { USAGE } from './usage.js';

/** `tool-gateway graph`: the exit code. */
export function graphCommand(args: string[], c: Console): number {
  const { values } = parseArgs({
    args,
    options: { manifests: { type: 'string', multiple: true }, format: { type: 'string' }, 'max-file-size': { type: 'string' } },
    allowPositionals: false,
    strict: true,
  });
  const format = values.format ?? 'mermaid';
  if (format !== 'mermaid' && format !== 'dot') {
    c.err(`--format ${valueText(format)} is not a graph format; allowed: mermaid, dot\n${USAGE}`);
    return 2;
  }
  const read = readPolicyManifests(values.manifests, values['max-file-size'], c, 'nothing to graph');
  if (typeof read === 'number') return read;
  const { objects } = read;
  const topology = buildTopology(objects.map((o) => o.manifest));
  if (!topology.nodes.some((n) => n.shape === 'gateway' || n.shape === 'route')) {
    // The status carriers hold the routes' intent; synth --no-reconciler leaves them out.
    c.err(
      formatProblem({
        severity: 'error',
        message: `no ToolGateway or ToolRoute among the manifests in ${(values.manifests ?? ['dist']).join(', ')}; graph reads them (synth --no-reconciler leaves them out)`,
      }),
    );
    return 1;
  }
  c.out(format === 'dot' ? renderDot(topology) : renderMermaid(topology));
  return 0;
}
