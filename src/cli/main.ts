import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compileForOutput } from '../app/build-output.js';
import { startValidation, type ValidationOptions } from '../app/validation-in-worker.js';
import { layoutFileRenderers } from '../emit/file-layout.js';
import { packageFile } from '../contracts/package-files.js';
import { formatProblem, hasErrors, type Problem } from '../contracts/problem.js';
import { loadYamlEstate } from '../intent/load-yaml-input.js';
import { importedTargets } from '../compile/resolve/imported-targets.js';
import type { Estate } from '../intent/estate.js';
import { DEFAULT_MAX_FILE_SIZE } from '../intent/read-input-files.js';
import { OutputError } from '../emit/output-error.js';
import { DEFAULT_MAX_PRUNE, planOutput, stageOutput, type OutputPlan, type StagedOutput } from '../emit/write-output.js';
import { explainWorkload, parseWorkloadRef } from '../explain/explain-workload.js';
import { buildTopology } from '../explain/topology.js';
import { renderDot } from '../explain/render-dot.js';
import { renderMermaid } from '../explain/render-mermaid.js';
import { readManifestFiles, validateManifestFiles } from './validate-files.js';
import type { EmittedObject } from '../contracts/manifest.js';
import { validateManifests } from '../validate/validate-manifests.js';
import { printCheck, printProblems, printWritten, processConsole, type Console } from '../app/report.js';
import { valueText } from '../contracts/value-text.js';
import { parseByteSize } from './byte-size.js';
import { readDiffSide, sideSource, type DiffSide } from './diff-side.js';
import { exposureDiff } from '../explain/exposure-diff.js';
import { renderExposureJson, renderExposureMarkdown } from '../explain/render-exposure-diff.js';
import { inputOutputOverlap } from './input-output-overlap.js';

const USAGE = `usage:
  tool-gateway synth --input <dir|file> [--input ...] --out <dir> [--check]
                     [--cluster-domain <domain>] [--guardrail-adapter-image <image>]
                     [--production-mode] [--no-network-policies]
                     [--no-crds] [--reconciler-image <image>] [--no-reconciler] [--jobs 1|2]
                     [--reconciler-service-monitor] [--reconciler-metrics-from <namespace> ...]
                     [--reconciler-replicas <n>] [--reconciler-shards <n>]
                     [--max-file-size <bytes|NKiB|NMiB|NGiB>] [--allow-empty]
                     [--max-prune <percent>] [--prune-ok] [--adopt-class <name> ...] [--strict-input]
                     [--import <dir|file> ...] [--no-kustomization]
      Compiles ToolGateway, ToolRoute, ToolServer, Guard, GuardrailProvider and ToolSet custom
      resources (and v1 Namespaces, for their labels) into Gateway API and agentgateway YAML.
      Other objects in the input (ConfigMaps, Deployments, the agent runtime's kinds, Lists'
      items that are not intent, kustomization files) are skipped with a note; --strict-input
      makes each of them an error. ToolGatewayClasses are read, never written.
      --check writes nothing and exits 1 when <dir> differs from what synth would write.
      --no-kustomization leaves out <dir>/kustomization.yaml, which lists every generated file.
      --production-mode refuses routes without TLS, upstream credentials, gateway client
      authentication or a pinned allow-list (a route's spec.productionMode: false opts out).
      --no-crds leaves out the CRDs of the status carriers (install the upstream ones instead);
      --reconciler-image runs a prebuilt reconciler image instead of the bundle in a ConfigMap;
      --no-reconciler emits neither status carriers nor the reconciler.
      --reconciler-service-monitor adds a Service and a Prometheus Operator ServiceMonitor for the
      reconciler's /metrics (needs the monitoring.coreos.com CRDs); --reconciler-metrics-from
      <namespace> lets pods of that namespace reach its health port through its NetworkPolicy.
      --reconciler-replicas (default 2, at most 16) runs that many reconciler pods, which split the
      status carriers into --reconciler-shards shards (default 4 or the replicas, at most 64)
      through Leases in the reconciler's namespace.
      Only ToolGateways of our class (or of none, unless the input's default ToolGatewayClass is
      another controller's) compile; others, and their routes, are skipped with a note.
      --adopt-class <name> takes a class over, e.g. agentgateway when migrating from its operator.
      --import <dir|file> reads ToolGateways, ToolServers, Guards and GuardrailProviders another
      pipeline owns (e.g. the platform repository's folder): routes here may use them and their
      allowedRoutes, allowedNamespaces and authentication are honoured, but nothing is emitted for
      them (nor for ToolRoutes there). An intent document annotated
      cdk8s-tool-gateway/imported: "true" in an --input counts as imported too.
      --jobs 2 runs the validation gate in a worker thread while the files are written (faster
      on two cores for large estates, at the cost of a second heap); nothing is swapped in
      before the gate passed.
      Inputs are read as regular UTF-8 files only (no FIFOs or devices; symlinks only to files and
      directories inside an input directory), each at most --max-file-size (default 16MiB).
      An input without ToolGateway, ToolRoute, ToolServer, Guard or GuardrailProvider is refused
      unless --allow-empty; --out may not be, contain or lie inside an --input. A run that would
      delete more than --max-prune percent (default 50) of the previously generated files is
      refused unless --prune-ok.
  tool-gateway validate <dir|file>... [--max-file-size <size>]
      Checks Kubernetes manifests against the pinned CRD schemas and API-server rules.
  tool-gateway explain <namespace>/deployment/<name> | <namespace>/gateway/<name> [--manifests <dir|file>...]
                       [--max-file-size <size>]
      Shows who may reach a workload and what it may reach, from the NetworkPolicies in the
      manifests (default: dist).
  tool-gateway graph [--manifests <dir|file>...] [--format mermaid|dot] [--max-file-size <size>]
      Prints the topology of the manifests (default: dist) as a Mermaid flowchart (the default)
      or a Graphviz digraph: gateways, routes with their tool filters, upstreams, guards, the
      namespaces a gateway admits routes from, and who the NetworkPolicies let reach each gateway
      and workload.
  tool-gateway diff --base <dir|git-ref[:path]> --head <dir|git-ref[:path]> [--json] [--fail-on weaken]
                    [--cluster-domain <domain>] [--max-file-size <size>]
      Reports what a change newly exposes, and to whom: per gateway and route the URLs added or
      removed, tools newly allowed or denied by the filter (decided exactly, with an example
      name), client JWT, upstream TLS verification, credentials, guards and their failure mode,
      production mode, consent (allowedRoutes, allowedNamespaces), and who may newly reach each
      workload under the NetworkPolicies; each change marked WEAKENED or STRENGTHENED. A side is
      an intent directory (compiled here), a synthesized output (e.g. dist) or a git revision
      (<ref>:<path>, or <ref> for the other side's path), read without a checkout. Markdown for a
      pull-request comment, or --json. --fail-on weaken exits 3 when anything weakened.
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
  const problems: Problem[] = [];
  const { estate, imported } = loadYamlEstate(values.input, imports, problems, process.cwd(), {
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
  const compiled = compileForOutput({
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
    const files = layoutFileRenderers(compiled.objects, { kustomization: !values['no-kustomization'] });
    if (values.check) plan = planOutput(values.out, files);
    else ({ plan } = staged = stageOutput(values.out, files, { maxPrune, pruneOk: values['prune-ok'] }));
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
    const rerun = `tool-gateway synth --input ${values.input.join(' --input ')}${imports.map((i) => ` --import ${i}`).join('')} --out ${values.out}`;
    return printCheck(values.out, plan, c, rerun);
  }
  staged?.commit();
  printWritten(values.out, plan, c);
  return 0;
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

/** `--max-file-size` in bytes; undefined (after printing why) when it is not a size. */
function maxFileSizeOf(text: string | undefined, c: Console): number | undefined {
  if (text === undefined) return DEFAULT_MAX_FILE_SIZE;
  const size = parseByteSize(text);
  if (typeof size === 'number') return size;
  c.err(`--max-file-size: ${size.error}\n${USAGE}`);
  return undefined;
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

function validate(args: string[], c: Console): number {
  const { values, positionals } = parseArgs({
    args,
    options: { 'max-file-size': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) {
    c.err('validate needs at least one file or directory\n' + USAGE);
    return 2;
  }
  const maxFileSize = maxFileSizeOf(values['max-file-size'], c);
  if (maxFileSize === undefined) return 2;
  return validateManifestFiles(positionals, c, process.cwd(), maxFileSize);
}

function explain(args: string[], c: Console): number {
  const { values, positionals } = parseArgs({
    args,
    options: { manifests: { type: 'string', multiple: true }, 'max-file-size': { type: 'string' } },
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
  const read = readPolicyManifests(values.manifests, values['max-file-size'], c, 'nothing to explain');
  if (typeof read === 'number') return read;
  const { objects } = read;
  for (const line of explainWorkload(
    objects.map((o) => o.manifest),
    ref,
  ))
    c.out(line);
  return 0;
}

/**
 * The manifests `explain` and `graph` read (default `dist`), with their NetworkPolicies held to
 * the API server's rules first: the policies' meaning is read off them. The exit code instead
 * when a flag or a manifest is wrong.
 */
function readPolicyManifests(
  manifests: readonly string[] | undefined,
  maxFileSizeFlag: string | undefined,
  c: Console,
  onError: string,
): { objects: EmittedObject[] } | number {
  const maxFileSize = maxFileSizeOf(maxFileSizeFlag, c);
  if (maxFileSize === undefined) return 2;
  const { objects, problems } = readManifestFiles(manifests ?? ['dist'], process.cwd(), maxFileSize);
  for (const p of validateManifests(objects.filter((o) => o.manifest.kind === 'NetworkPolicy'))) problems.push(p);
  if (hasErrors(problems)) {
    printProblems(problems, c, onError);
    return 1;
  }
  return { objects };
}

function graph(args: string[], c: Console): number {
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

function diff(args: string[], c: Console): number {
  const { values } = parseArgs({
    args,
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      json: { type: 'boolean', default: false },
      'fail-on': { type: 'string' },
      'cluster-domain': { type: 'string' },
      'max-file-size': { type: 'string' },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.base === undefined || values.head === undefined) {
    c.err('diff needs --base and --head\n' + USAGE);
    return 2;
  }
  if (values['fail-on'] !== undefined && values['fail-on'] !== 'weaken') {
    c.err(`--fail-on ${valueText(values['fail-on'])} is not a condition; allowed: weaken\n${USAGE}`);
    return 2;
  }
  const maxFileSize = maxFileSizeOf(values['max-file-size'], c);
  if (maxFileSize === undefined) return 2;
  const cwd = process.cwd();
  const sides: Partial<Record<'base' | 'head', DiffSide>> = {};
  for (const [flag, text, other] of [
    ['base', values.base, values.head],
    ['head', values.head, values.base],
  ] as const) {
    const source = sideSource(`--${flag}`, text, other, cwd);
    if (typeof source === 'string') {
      c.err(formatProblem({ severity: 'error', message: source }));
      return 1;
    }
    const side = readDiffSide(source, { maxFileSize, clusterDomain: values['cluster-domain'] }, cwd);
    if ('problems' in side) {
      // Warnings about either side are synth's to print; a diff stops only at errors.
      printProblems(
        side.problems.filter((p) => p.severity === 'error'),
        c,
        `nothing to compare (--${flag})`,
      );
      return 1;
    }
    sides[flag] = side;
  }
  const { base, head } = sides as Record<'base' | 'head', DiffSide>;
  const notes: string[] = [];
  const output = (['base', 'head'] as const).filter((f) => (f === 'base' ? base : head).kind === 'output');
  if (output.length > 0) {
    notes.push(
      `Production mode and the allowedNamespaces of ToolServers and Guards leave no trace in synthesized output (--${output.join(' and --')}), so they were not compared; compare intent directories to see them.`,
    );
  }
  const changes = exposureDiff(base.facts, head.facts);
  c.out(values.json ? renderExposureJson(changes, notes) : renderExposureMarkdown(changes, notes));
  return values['fail-on'] === 'weaken' && changes.some((ch) => ch.effect === 'weakened') ? 3 : 0;
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
        return validate(rest, c);
      case 'explain':
        return explain(rest, c);
      case 'graph':
        return graph(rest, c);
      case 'diff':
        return diff(rest, c);
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
    // A fault of --out (a file in its place, a read-only directory, a full disk): one line, no stack.
    if (e instanceof OutputError) {
      c.err(formatProblem({ severity: 'error', message: e.message }));
      return 1;
    }
    throw e;
  }
}
