/**
 * What the validation gate (object rules + schemas + CEL rules) adds to synth.
 *
 *   npm run bench        (node --import tsx bench/synth.bench.ts)
 *
 * One process, two estates: the default app's (src/main.ts, ~15 objects) and a generated one with 200
 * routes. For each, rounds alternate between
 *   without: compileEstate + layoutFiles
 *   with:    compileEstate + validateManifests + layoutFiles   (what buildOutput does)
 * swapping which goes first every round. "first run" is round 0: `without` runs first and pays for the
 * compiler's cold start; `with` then adds the gate's cold cost (reading imports/schemas, compiling the ajv
 * chunks and parsing the CEL rules the objects reach), which is what a fresh `npm run synth` pays, so the
 * first-run "with" figure is `without` plus that gate time. The large estate runs second, so its first run
 * starts with whatever the default estate already warmed. "steady" is the median of the later rounds.
 * "of which CEL" is the CEL step alone (validateCelRules over the defaulted objects): on the first run
 * the gate runs step by step to time it; the steady figure is the median of separate CEL-only rounds.
 * Prints, asserts nothing.
 */
import { Chart } from 'cdk8s';
import { buildOutput } from '../src/app/build-output.js';
import { defaultRuntimeAssets } from '../src/app/runtime-assets.js';
import { compileEstate } from '../src/compile/compile-estate.js';
import { IntentConstruct } from '../src/constructs/intent-construct.js';
import { KnownNamespace } from '../src/constructs/known-namespace.js';
import type { Problem } from '../src/contracts/problem.js';
import { ToolGatewayApp } from '../src/index.js';
import { assembleEstate } from '../src/intent/assemble-estate.js';
import type { Estate } from '../src/intent/estate.js';
import { parseIntentDocument, type ParsedDocument } from '../src/intent/parse-intent.js';
import { defineDefaultEstate } from '../src/main.js';
import { layoutFiles } from '../src/emit/file-layout.js';
import type { EmittedObject } from '../src/contracts/manifest.js';
import { newCelRun, validateCelRules } from '../src/validate/cel-validator.js';
import { checkObjectRules } from '../src/validate/object-rules.js';
import { defaultSchemaRegistry } from '../src/validate/schema-registry.js';
import { checkObjectStructure } from '../src/validate/structural-validator.js';
import { validateManifests } from '../src/validate/validate-manifests.js';

const ROUNDS = 30;

/** The estate ToolGatewayApp.build() gathers from its constructs, without compiling it. */
function defaultEstate(): Estate {
  const app = new ToolGatewayApp();
  defineDefaultEstate(app);
  const problems: Problem[] = [];
  const docs: ParsedDocument[] = [];
  for (const c of app.node.findAll()) {
    const origin = { constructPath: c.node.path };
    if (IntentConstruct.isIntentConstruct(c)) docs.push(parseIntentDocument(c._toIntentDocument(), origin, problems));
    else if (KnownNamespace.isKnownNamespace(c)) docs.push(parseIntentDocument(c._toDocument(), origin, problems));
    else if (Chart.isChart(c) && c.toJson().length > 0) throw new Error('the default app now has plain ApiObjects; include them');
  }
  return estateOrThrow(docs, problems);
}

/** 8 team namespaces, 2 gateways, 40 tool servers, 200 routes (half external, a third filtered), one guard. */
function largeEstate(): Estate {
  const docs: Record<string, unknown>[] = [];
  const cr = (kind: string, name: string, namespace: string, spec: Record<string, unknown>): void => {
    docs.push({ apiVersion: 'runtime.agentic-layer.ai/v1alpha1', kind, metadata: { name, namespace }, spec });
  };
  const teams = Array.from({ length: 8 }, (_, i) => `team-${i}`);
  for (const ns of ['tool-gateway', 'guardrails', ...teams]) docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  cr('GuardrailProvider', 'presidio', 'guardrails', { type: 'presidio-api', presidio: { baseUrl: 'http://presidio.guardrails:80' } });
  cr('Guard', 'pii', 'guardrails', {
    mode: ['pre_call', 'post_call'],
    providerRef: { name: 'presidio' },
    allowedNamespaces: { from: 'All' },
  });
  cr('ToolGateway', 'shared', 'tool-gateway', { guardrails: [{ name: 'pii', namespace: 'guardrails' }] });
  cr('ToolGateway', 'edge', 'tool-gateway', {});
  for (let s = 0; s < 40; s++)
    cr('ToolServer', `server-${s}`, teams[s % teams.length] ?? 'team-0', { image: `ghcr.io/example/mcp-${s}:1.0.0`, port: 8000 });
  for (let r = 0; r < 200; r++) {
    const spec: Record<string, unknown> = {
      toolGatewayRef: { name: r % 4 === 0 ? 'edge' : 'shared', namespace: 'tool-gateway' },
      upstream:
        r % 2 === 0 ? { toolServerRef: { name: `server-${(r / 2) % 40}` } } : { external: { url: `https://mcp-${r}.example.com/mcp` } },
    };
    if (r % 3 === 0) spec.toolFilter = { allow: ['get_*', 'list_*'], deny: ['*_admin'] };
    // Routes to a server must live in its namespace; external ones are spread over the teams too.
    const namespace = (r % 2 === 0 ? teams[((r / 2) % 40) % teams.length] : teams[r % teams.length]) ?? 'team-0';
    cr('ToolRoute', `route-${r}`, namespace, spec);
  }
  const problems: Problem[] = [];
  return estateOrThrow(
    docs.map((d) => parseIntentDocument(d, undefined, problems)),
    problems,
  );
}

function estateOrThrow(docs: ParsedDocument[], problems: Problem[]): Estate {
  const estate = assembleEstate(docs, problems);
  if (problems.some((p) => p.severity === 'error')) throw new Error(problems.map((p) => p.message).join('\n'));
  return estate;
}

function compileOrThrow(estate: Estate): readonly EmittedObject[] {
  const compiled = compileEstate({ estate, runtimeAssets: defaultRuntimeAssets() });
  if (compiled.problems.some((p) => p.severity === 'error')) throw new Error(compiled.problems.map((p) => p.message).join('\n'));
  return compiled.objects;
}

interface Timing {
  total: number;
  gate: number;
  /** Only measured on the first run, where the gate runs step by step. */
  cel?: number;
}

function without(estate: Estate): Timing {
  const t0 = performance.now();
  layoutFiles(compileOrThrow(estate));
  return { total: performance.now() - t0, gate: 0 };
}

function withGate(estate: Estate): Timing {
  const t0 = performance.now();
  const objects = compileOrThrow(estate);
  const t1 = performance.now();
  const problems = validateManifests(objects);
  const gate = performance.now() - t1;
  if (problems.length > 0) throw new Error(`the gate found problems:\n${problems.map((p) => p.message).join('\n')}`);
  layoutFiles(objects);
  return { total: performance.now() - t0, gate };
}

/**
 * The first run with the gate, taken step by step the way validateManifests runs it (object rules, then
 * per object structure and CEL), so the cold cost of CEL (parsing the rules reached) shows on its own.
 */
function withGateInSteps(estate: Estate): Timing {
  const t0 = performance.now();
  const objects = compileOrThrow(estate);
  const t1 = performance.now();
  const problems = checkObjectRules(objects);
  const run = newCelRun();
  let cel = 0;
  for (const obj of objects) {
    const s = checkObjectStructure(obj);
    problems.push(...s.problems);
    const tc = performance.now();
    if (s.kind && s.problems.length === 0) problems.push(...validateCelRules(obj, s.kind, s.defaulted, run));
    cel += performance.now() - tc;
  }
  const gate = performance.now() - t1;
  if (problems.length > 0) throw new Error(`the gate found problems:\n${problems.map((p) => p.message).join('\n')}`);
  layoutFiles(objects);
  return { total: performance.now() - t0, gate, cel };
}

/** The CEL step alone, on objects already through the structural step. */
function celOnly(objects: readonly EmittedObject[]): () => number {
  const checked = objects.map((obj) => ({ obj, s: checkObjectStructure(obj, defaultSchemaRegistry()) }));
  return () => {
    const run = newCelRun();
    const t0 = performance.now();
    for (const { obj, s } of checked) if (s.kind) validateCelRules(obj, s.kind, s.defaulted, run);
    return performance.now() - t0;
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const at = (i: number): number => s[i] ?? Number.NaN;
  return s.length % 2 ? at((s.length - 1) / 2) : (at(s.length / 2 - 1) + at(s.length / 2)) / 2;
}

interface Row {
  estate: string;
  objects: number;
  run: string;
  without: number;
  with: number;
  gate: number;
  cel?: number;
}

function measure(name: string, estate: Estate): Row[] {
  const first = { without: without(estate), with: withGateInSteps(estate) };
  const w: number[] = [];
  const g: Timing[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) {
      w.push(without(estate).total);
      g.push(withGate(estate));
    } else {
      g.push(withGate(estate));
      w.push(without(estate).total);
    }
  }
  const objects = compileOrThrow(estate);
  // Same objects and files as the real path, so the bench measures what synth does.
  const real = buildOutput({ estate });
  if (!real.files || real.files.size !== layoutFiles(objects).size) throw new Error('buildOutput disagrees with the bench pipeline');
  const cel = celOnly(objects);
  const celTimes = Array.from({ length: ROUNDS }, () => cel());
  return [
    {
      estate: name,
      objects: objects.length,
      run: 'first run',
      without: first.without.total,
      with: first.without.total + first.with.gate,
      gate: first.with.gate,
      cel: first.with.cel,
    },
    {
      estate: name,
      objects: objects.length,
      run: `steady (median of ${ROUNDS})`,
      without: median(w),
      with: median(g.map((t) => t.total)),
      gate: median(g.map((t) => t.gate)),
      cel: median(celTimes),
    },
  ];
}

const rows = [...measure('default app', defaultEstate()), ...measure('200 routes', largeEstate())];

const header = ['estate', 'objects', 'run', 'without gate', 'with gate', 'ratio', 'gate', 'of which CEL'];
const table = rows.map((r) => [
  r.estate,
  String(r.objects),
  r.run,
  `${r.without.toFixed(1)} ms`,
  `${r.with.toFixed(1)} ms`,
  `${(r.with / r.without).toFixed(2)}x`,
  `${r.gate.toFixed(1)} ms`,
  r.cel === undefined ? '-' : `${r.cel.toFixed(1)} ms`,
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)));
const line = (cells: string[]): string => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));
