import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildOutput } from '../app/build-output.js';
import { hasErrors, type Problem } from '../diagnostics/problem.js';
import { loadYamlInput } from '../intent/load-yaml-input.js';
import { checkOutput, writeOutput } from '../output/write-output.js';
import { validateManifestFiles } from './validate-files.js';
import { printCheck, printProblems, printWritten, processConsole, type Console } from './report.js';

const USAGE = `usage:
  tool-gateway synth --input <dir|file> [--input ...] --out <dir> [--check]
                     [--cluster-domain <domain>] [--guardrail-adapter-image <image>]
      Compiles ToolGateway, ToolRoute, ToolServer, Guard and GuardrailProvider custom
      resources (and v1 Namespaces, for their labels) into Gateway API and agentgateway YAML.
      --check writes nothing and exits 1 when <dir> differs from what synth would write.
  tool-gateway validate <dir|file>...
      Checks Kubernetes manifests against the pinned CRD schemas and API-server rules.
  tool-gateway --version | --help`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function synth(args: string[], c: Console): number {
  const { values } = parseArgs({
    args,
    options: {
      input: { type: 'string', multiple: true },
      out: { type: 'string' },
      check: { type: 'boolean', default: false },
      'cluster-domain': { type: 'string' },
      'guardrail-adapter-image': { type: 'string' },
    },
    strict: true,
  });
  if (!values.input?.length || !values.out) {
    c.err('synth needs --input and --out\n' + USAGE);
    return 2;
  }
  const problems: Problem[] = [];
  const estate = loadYamlInput(values.input, problems);
  const result = buildOutput({
    estate,
    inputProblems: problems,
    options: { clusterDomain: values['cluster-domain'], guardrailAdapterImage: values['guardrail-adapter-image'] },
  });
  printProblems(result.problems, c);
  if (!result.files || hasErrors(result.problems)) return 1;
  if (values.check) {
    const rerun = `tool-gateway synth --input ${values.input.join(' --input ')} --out ${values.out}`;
    return printCheck(values.out, checkOutput(values.out, result.files), c, rerun);
  }
  printWritten(values.out, writeOutput(values.out, result.files), c);
  return 0;
}

/** Entry point of the `tool-gateway` command. Returns the exit code. */
export function main(argv: readonly string[], c: Console = processConsole): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'synth':
        return synth(rest, c);
      case 'validate':
        if (rest.length === 0) {
          c.err('validate needs at least one file or directory\n' + USAGE);
          return 2;
        }
        return validateManifestFiles(rest, c);
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
