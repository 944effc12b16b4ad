import { App, type AppProps } from 'cdk8s';
import type { CompileOptions } from '../compile/compile-options.js';
import { SynthError, hasErrors, type Problem } from '../contracts/problem.js';
import { planOutput, writeOutput, type OutputPlan, type WriteOutputOptions } from '../emit/write-output.js';
import { buildOutput, type BuildResult } from './build-output.js';
import { gatherIntent } from './gather-intent.js';
import { outputPatcher } from './output-patches.js';

const TOOL_GATEWAY_APP = Symbol.for('cdk8s-tool-gateway.ToolGatewayApp');

export interface ToolGatewayAppProps extends CompileOptions {
  /**
   * Directory the YAML is written to. Synth replaces its generated files atomically and
   * removes stale ones; files it did not generate are left alone.
   * @default - `$CDK8S_OUTDIR`, else `dist`
   */
  readonly outdir?: string;
  /**
   * Writes `kustomization.yaml` into `outdir`, listing every generated file, so `kubectl
   * kustomize`, Argo CD's kustomize source or an overlay builds exactly the emitted set. Turned
   * off, a kustomization a previous synth wrote is removed like any stale file.
   * @default true
   */
  readonly kustomization?: boolean;
}

/**
 * A cdk8s App that compiles the tool-gateway intent defined in its charts. Intent constructs
 * (ToolGateway, ToolServer, ToolRoute, Guard, ...) are gathered and compiled as one estate
 * — the same code path as `tool-gateway synth --input` — and any other cdk8s ApiObjects in
 * the charts are emitted alongside. Every object passes the validation gate before a single
 * file is written.
 */
export class ToolGatewayApp extends App {
  /** True for a ToolGatewayApp, also one from another copy of this library. */
  public static isToolGatewayApp(x: unknown): x is ToolGatewayApp {
    return typeof x === 'object' && x !== null && TOOL_GATEWAY_APP in x;
  }

  private readonly compileOptions: CompileOptions;
  private readonly kustomization: boolean | undefined;

  constructor(props: ToolGatewayAppProps = {}) {
    // Every other prop is a compile option; pass them all, so a new option cannot be dropped here.
    const { outdir, kustomization, ...compileOptions } = props;
    super({ outdir } satisfies AppProps);
    Object.defineProperty(this, TOOL_GATEWAY_APP, { value: true });
    this.compileOptions = compileOptions;
    this.kustomization = kustomization;
  }

  /** Compiles and validates without writing: the files, or the problems that stop them. */
  public build(): BuildResult {
    const gathered = gatherIntent(this);
    return buildOutput({
      estate: gathered.estate,
      importedGateways: gathered.importedGateways,
      frontDoor: 'typescript',
      importedToolServers: gathered.importedToolServers,
      options: this.compileOptions,
      inputProblems: gathered.problems,
      extraObjects: gathered.otherObjects,
      patchOutput: outputPatcher(gathered.outputPatches),
      layout: { kustomization: this.kustomization },
    });
  }

  /**
   * Writes the output to `outdir`. Throws SynthError (listing every problem) and writes
   * nothing when the intent or the output has an error.
   */
  public override synth(): void {
    this.synthesize();
  }

  /**
   * Like synth(), and returns what changed. `prune` tunes the guard against deleting most of
   * the previously generated files (`maxPrune` percent, default 50; `pruneOk` lifts it).
   */
  public synthesize(prune: Pick<WriteOutputOptions, 'maxPrune' | 'pruneOk'> = {}): OutputPlan {
    const files = this.filesOrThrow();
    return writeOutput(this.outdir, files, prune);
  }

  /** Compares `outdir` with what synth would write; writes nothing. */
  public check(): OutputPlan {
    return planOutput(this.outdir, this.filesOrThrow());
  }

  private filesOrThrow(): Map<string, string> {
    const result = this.build();
    if (!result.files || hasErrors(result.problems)) throw new SynthError(result.problems);
    this.lastWarnings = result.problems.filter((p) => p.severity === 'warning');
    return result.files;
  }

  /** Warnings of the last synth or check. */
  public lastWarnings: readonly Problem[] = [];
}
