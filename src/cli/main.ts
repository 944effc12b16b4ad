import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compileForOutput } from '../app/build-output.js';
import { startValidation, type ValidationOptions } from '../app/validation-in-worker.js';
import { layoutFileRenderers } from '../emit/file-layout.js';
import { packageFile } from '../contracts/package-files.js';
import { hasErrors, type Problem } from '../contracts/problem.js';
import { loadYamlInput } from '../intent/load-yaml-input.js';
import { planOutput, stageOutput, type OutputPlan, type StagedOutput } from '../emit/write-output.js';
import { explainWorkload, parseWorkloadRef } from '../explain/explain-workload.js';
import { readManifestFiles, validateManifestFiles } from './validate-files.js';
import { validateManifests } from '../validate/validate-manifests.js';
import { printCheck, printProblems, printWritten, processConsole, type Console } from '../app/report.js';

const USAGE = `usage:
  tool-gateway synth --input <dir|file> [--input ...] --out <dir> [--check]
                     [--cluster-domain <domain>] [--guardrail-adapter-image <image>]
                     [--production-mode] [--no-network-policies]
                     [--no-crds] [--reconciler-image <image>] [--no-reconciler] [--jobs 1|2]
      Compiles ToolGateway, ToolRoute, ToolServer, Guard and GuardrailProvider custom
      resources (and v1 Namespaces, for their labels) into Gateway API and agentgateway YAML.
      --check writes nothing and exits 1 when <dir> differs from what synth would write.
      --production-mode refuses routes without TLS, upstream credentials, gateway client
      authentication or a pinned allow-list (a route's spec.productionMode: false opts out).
      --no-crds leaves out the CRDs of the status carriers (install the upstream ones instead);
      --reconciler-image runs a prebuilt reconciler image instead of the bundle in a ConfigMap;
      --no-reconciler emits neither status carriers nor the reconciler.
      --jobs 2 runs the validation gate in a worker thread while the files are written (faster
      on two cores for large estates, at the cost of a second heap); nothing is swapped in
      before the gate passed.
  tool-gateway validate <dir|file>...
      Checks Kubernetes manifests against the pinned CRD schemas and API-server rules.
  tool-gateway explain <namespace>/deployment/<name> | <namespace>/gateway/<name> [--manifests <dir|file>...]
      Shows who may reach a workload and what it may reach, from the NetworkPolicies in the
      manifests (default: dist).
  tool-gateway --version | --help`;

function version(): string {
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

async function synth(args: string[], c: Console, validation: ValidationOptions): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      input: { type: 'string', multiple: true },
      out: { type: 'string' },
      check: { type: 'boolean', default: false },
      'cluster-domain': { type: 'string' },
      'guardrail-adapter-image': { type: 'string' },
      'production-mode': { type: 'boolean', default: false },
      'no-network-policies': { type: 'boolean', default: false },
      'no-crds': { type: 'boolean', default: false },
      'reconciler-image': { type: 'string' },
      'no-reconciler': { type: 'boolean', default: false },
      jobs: { type: 'string', default: '1' },
    },
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
  const problems: Problem[] = [];
  const estate = loadYamlInput(values.input, problems);
  const compiled = compileForOutput({
    estate,
    inputProblems: problems,
    options: {
      clusterDomain: values['cluster-domain'],
      guardrailAdapterImage: values['guardrail-adapter-image'],
      productionMode: values['production-mode'],
      network: { enabled: !values['no-network-policies'] },
      reconciler: { enabled: !values['no-reconciler'], crds: !values['no-crds'], image: values['reconciler-image'] },
    },
  });
  if (!compiled.objects) {
    printProblems(compiled.problems, c);
    return 1;
  }
  // The gate runs on the other core for a large estate while this thread lays out the files and
  // stages them beside --out (or compares them, for --check); they are swapped in only once the
  // gate passed.
  const gate = startValidation(compiled.objects, { ...validation, inWorker: values.jobs === '2' });
  let staged: StagedOutput | undefined;
  let plan: OutputPlan;
  try {
    const files = layoutFileRenderers(compiled.objects);
    if (values.check) plan = planOutput(values.out, files);
    else ({ plan } = staged = stageOutput(values.out, files));
  } catch (e) {
    gate.cancel();
    throw e;
  }
  const all = [...compiled.problems, ...(await gate.problems)];
  printProblems(all, c);
  if (hasErrors(all)) {
    staged?.discard();
    return 1;
  }
  if (values.check) {
    const rerun = `tool-gateway synth --input ${values.input.join(' --input ')} --out ${values.out}`;
    return printCheck(values.out, plan, c, rerun);
  }
  staged?.commit();
  printWritten(values.out, plan, c);
  return 0;
}

function explain(args: string[], c: Console): number {
  const { values, positionals } = parseArgs({
    args,
    options: { manifests: { type: 'string', multiple: true } },
    allowPositionals: true,
    strict: true,
  });
  const [workload] = positionals;
  if (workload === undefined || positionals.length !== 1) {
    c.err('explain needs one workload, e.g. team-a/deployment/weather\n' + USAGE);
    return 2;
  }
  const ref = parseWorkloadRef(workload);
  if (typeof ref === 'string') {
    c.err(ref);
    return 2;
  }
  const { objects, problems } = readManifestFiles(values.manifests ?? ['dist']);
  // The policies must be ones the API server would accept before their meaning can be read off them.
  for (const p of validateManifests(objects.filter((o) => o.manifest.kind === 'NetworkPolicy'))) problems.push(p);
  if (hasErrors(problems)) {
    printProblems(problems, c, 'nothing to explain');
    return 1;
  }
  for (const line of explainWorkload(
    objects.map((o) => o.manifest),
    ref,
  ))
    c.out(line);
  return 0;
}

/**
 * Entry point of the `tool-gateway` command. Resolves to the exit code. `validation` tunes where
 * synth runs the validation gate (tests force the worker thread on small estates).
 */
export async function main(argv: readonly string[], c: Console = processConsole, validation: ValidationOptions = {}): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'synth':
        return await synth(rest, c, validation);
      case 'validate':
        if (rest.length === 0) {
          c.err('validate needs at least one file or directory\n' + USAGE);
          return 2;
        }
        return validateManifestFiles(rest, c);
      case 'explain':
        return explain(rest, c);
      case '--version':
        c.out(version());
        return 0;
      case '--help':
      case '-h':
      case undefined:
        c.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        c.err(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      c.err(`${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}
