import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli, runMain } from '../support/cli.js';

// Every command of the built binary (lib/cli.cjs, its commands loaded on demand, zod with its
// English messages only) against main() from the sources in this process: the same exit code and
// the same bytes on stdout and stderr.

const work = mkdtempSync(join(tmpdir(), 'tool-gateway-bin-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Intent that zod refuses in several ways: an unknown field, wrong types, a value outside an enum, a number too small. */
writeFileSync(
  join(work, 'bad.yaml'),
  `apiVersion: runtime.agentic-layer.ai/v1alpha1
kind: ToolServer
metadata: { name: weather, namespace: team-a }
spec:
  image: ghcr.io/example/weather:1.0.0
  prot: 8000
  transportType: carrier-pigeon
  replicas: -1
  args: [1, true]
---
apiVersion: runtime.agentic-layer.ai/v1alpha1
kind: ToolRoute
metadata: { name: weather, namespace: team-a }
spec:
  toolGatewayRef: 7
  upstream: {}
  toolFilter: { allow: [] }
`,
);

const CASES: readonly (readonly string[])[] = [
  ['--help'],
  ['--version'],
  [],
  ['frobnicate'],
  ['synth'],
  ['synth', '--input', 'examples/default-estate', '--out', 'dist', '--check'],
  ['synth', '--input', join(work, 'bad.yaml'), '--out', join(work, 'out')],
  ['synth', '--input', 'examples/default-estate', '--out', join(work, 'out'), '--jobs', '3'],
  ['validate', 'dist'],
  ['validate', join(work, 'bad.yaml')],
  ['explain', 'team-a/deployment/weather'],
  ['explain', 'nowhere'],
  ['graph', '--format', 'dot'],
  ['graph', '--format', 'png'],
  ['diff', '--base', 'examples/default-estate', '--head', 'dist', '--json'],
  ['diff', '--base', 'dist'],
];

describe('bin/tool-gateway.js |', () => {
  test.each(CASES.map((args) => [args.join(' ') || '(no arguments)', args] as const))(
    '%s: the same exit code and output as main() from the sources',
    async (_, args) => {
      const bin = runCli(args);
      const inProcess = await runMain(args);
      expect(bin).toStrictEqual(inProcess);
      if (args[0] === 'synth' && args.includes('bad.yaml')) expect(bin.stderr).toMatch(/unknown field "prot"/);
    },
  );
});
