import { parseArgs, type ParseArgsConfig } from 'node:util';
import { compileForOutput, type CompiledOutput } from '../app/build-output.js';
import { startValidation, type ValidationOptions } from '../app/validation-in-worker.js';
import { layoutFileRenderers } from '../emit/file-layout.js';
import { formatProblem, hasErrors, type Problem } from '../contracts/problem.js';
import { loadYamlEstate } from '../intent/load-yaml-input.js';
import { importedTargets } from '../compile/resolve/imported-targets.js';
import type { Estate } from '../intent/estate.js';
import { DEFAULT_MAX_PRUNE, planOutput, stageOutput, type OutputPlan, type StagedOutput } from '../emit/write-output.js';
import { printCheck, printProblems, printWritten, type Console } from '../app/report.js';
import { valueText } from '../contracts/value-text.js';
import { inputOutputOverlap } from './input-output-overlap.js';
import { maxFileSizeOf } from './max-file-size-of.js';
import { USAGE } from './usage.js';
import { collectGarbage } from './collect-garbage.js';

const SYNTH_OPTIONS = {
  input: { type: 'string', multiple: true },
  import: { type: 'string', multiple: true },
  out: { type: 'string' },
  check: { type: 'boolean', default: false },
  'cluster-domain': { type: 'string' },
  'guardrail-adapter-image': { type: 'string' },
  'production-mode': { type: 'boolean', default: false },
  'no-network-policies': { type: 'boolean', default: false },
  'no-crds': { type: 'boolean', default: false },
  'reconciler-image': { type: 'string' },
  'reconciler-service-monitor': { type: 'boolean', default: false },
  'reconciler-metrics-from': { type: 'string', multiple: true },
  'no-reconciler': { type: 'boolean', default: false },
  'reconciler-replicas': { type: 'string' },
  'reconciler-shards': { type: 'string' },
  'adopt-class': { type: 'string', multiple: true },
  jobs: { type: 'string', default: '1' },
  'max-file-size': { type: 'string' },
  'allow-empty': { type: 'boolean', default: false },
  'max-prune': { type: 'string' },
  'prune-ok': { type: 'boolean', default: false },
  'strict-input': { type: 'boolean', default: false },
  'no-kustomization': { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

type SynthValues = ReturnType<typeof parseArgs<{ args: string[]; options: typeof SYNTH_OPTIONS; strict: true }>>['values'];

/** `tool-gateway synth`: the exit code. */
export async function synthCommand(args: string[], c: Console, validation: ValidationOptions): Promise<number> {
  const { values } = parseArgs({
    args,
    options: SYNTH_OPTIONS,
    strict: true,
  });
  if (values.jobs !== '1' && values.jobs !== '2') {
    c.err(`--jobs must be 1 or 2, got ${JSON.stringify(values.jobs)}\n${USAGE}`);
    return 2;
  }
  if (!values.input?.length || !values.out) {
    c.err('synth needs --input and --out\n' + USAGE);
    return 2;
  }
  const maxFileSize = maxFileSizeOf(values['max-file-size'], c);
  const maxPrune = maxPruneOf(values['max-prune'], c);
  if (maxFileSize === undefined || maxPrune === undefined) return 2;
  const replicas = wholeNumberOf('--reconciler-replicas', values['reconciler-replicas'], c);
  const shards = wholeNumberOf('--reconciler-shards', values['reconciler-shards'], c);
  if (replicas === null || shards === null) return 2;
  const imports = values.import ?? [];
  const overlap = inputOutputOverlap(values.input, values.out) ?? inputOutputOverlap(imports, values.out, '--import');
  if (overlap !== undefined) {
    c.err(formatProblem({ severity: 'error', message: `${overlap}; nothing was written` }));
    return 1;
  }
  // Read and compiled in a function of its own: the estate is garbage once it is compiled, and a
  // local of this async function would stay alive across the awaits below (a tenth of the peak
  // heap at 10,000 routes).
  const compiled = readAndCompile(values, values.input, imports, maxFileSize, replicas, shards);
  if (!compiled.objects) {
    printProblems(compiled.problems, c);
    return 1;
  }
  collectGarbage();
  // The gate runs on the other core for a large estate while this thread lays out the files and
  // stages them beside --out (or compares them, for --check); they are swapped in only once the
  // gate passed.
  const gate = startValidation(compiled.objects, { ...validation, inWorker: values.jobs === '2' });
  let staged: StagedOutput | undefined;
  let plan: OutputPlan;
  try {
    const files = layoutFileRenderers(compiled.objects, { kustomization: !values['no-kustomization'] });
    if (values.check) plan = planOutput(values.out, files);
    else ({ plan } = staged = stageOutput(values.out, files, { maxPrune, pruneOk: values['prune-ok'] }));
  } catch (e) {
    gate.cancel();
    throw e;
  }
  collectGarbage();
  const all = [...compiled.problems, ...(await gate.problems)];
  printProblems(all, c);
  if (hasErrors(all)) {
    staged?.discard();
    return 1;
  }
  if (values.check) {
    const rerun = `tool-gateway synth --input ${values.input.join(' --input ')}${imports.map((i) => ` --import ${i}`).join('')} --out ${values.out}`;
    return printCheck(values.out, plan, c, rerun);
  }
  staged?.commit();
  printWritten(values.out, plan, c);
  return 0;
}

/** The first half of synth: read the intent and compile it (problems, or objects to validate and write). */
function readAndCompile(
  values: SynthValues,
  inputs: readonly string[],
  imports: readonly string[],
  maxFileSize: number,
  replicas: number | undefined,
  shards: number | undefined,
): CompiledOutput {
  const problems: Problem[] = [];
  const { estate, imported } = loadYamlEstate(inputs, imports, problems, process.cwd(), {
    maxFileSize,
    strictInput: values['strict-input'],
  });
  if (!hasErrors(problems) && intentCount(estate) === 0) {
    const none = 'the input holds no ToolGateway, ToolRoute, ToolServer, Guard or GuardrailProvider';
    if (values['allow-empty']) problems.push({ severity: 'warning', message: `${none}; --allow-empty writes an output without them` });
    else {
      problems.push({
        severity: 'error',
        message: `${none} (is the --input path right?); pass --allow-empty to write an output without them`,
      });
    }
  }
  return compileForOutput({
    estate,
    ...importedTargets(imported),
    frontDoor: 'yaml',
    inputProblems: problems,
    options: {
      clusterDomain: values['cluster-domain'],
      guardrailAdapterImage: values['guardrail-adapter-image'],
      productionMode: values['production-mode'],
      network: { enabled: !values['no-network-policies'] },
      reconciler: {
        enabled: !values['no-reconciler'],
        crds: !values['no-crds'],
        image: values['reconciler-image'],
        replicas,
        shards,
        serviceMonitor: values['reconciler-service-monitor'],
        metricsFrom: values['reconciler-metrics-from']?.map((namespace) => ({ namespace })),
      },
      adoptToolGatewayClasses: values['adopt-class'],
    },
  });
}

function intentCount(estate: Estate): number {
  return (
    estate.toolGateways.length +
    estate.toolRoutes.length +
    estate.toolServers.length +
    estate.guards.length +
    estate.guardrailProviders.length
  );
}

/** `--max-prune` as a percentage; undefined (after printing why) when it is not one. */
function maxPruneOf(text: string | undefined, c: Console): number | undefined {
  if (text === undefined) return DEFAULT_MAX_PRUNE;
  const percent = /^\d+(\.\d+)?%?$/.test(text) ? Number.parseFloat(text) : NaN;
  if (percent >= 0 && percent <= 100) return percent;
  c.err(`--max-prune must be a percentage from 0 to 100, got ${JSON.stringify(text)}\n${USAGE}`);
  return undefined;
}

/** A flag's whole number, undefined when not given, null (after printing why) when it is not one; the range is checked by synth. */
function wholeNumberOf(flag: string, text: string | undefined, c: Console): number | undefined | null {
  if (text === undefined) return undefined;
  if (/^\d{1,6}$/.test(text)) return Number(text);
  c.err(`${flag} must be a whole number, got ${valueText(text)}\n${USAGE}`);
  return null;
}
