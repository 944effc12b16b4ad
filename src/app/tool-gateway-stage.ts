import { ApiObject, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { CompileOptions } from '../compile/compile-options.js';
import type { Manifest } from '../contracts/manifest.js';
import { formatProblem, hasErrors, type Problem } from '../contracts/problem.js';
import { validateManifests } from '../validate/validate-manifests.js';
import { compileForOutput } from './build-output.js';
import { gatherIntent } from './gather-intent.js';
import { outputPatcher } from './output-patches.js';
import { ToolGatewayApp } from './tool-gateway-app.js';

/** Compile options of the stage; see `CompileOptions`. */
export type ToolGatewayStageProps = CompileOptions;

const STAGE = Symbol.for('cdk8s-tool-gateway.ToolGatewayStage');

/**
 * Puts the tool-gateway intent of any cdk8s App into that App's own output: add one stage to
 * the App, define ToolGateways, ToolServers, ToolRoutes, Guards and GuardrailProviders in any of
 * its charts, beside the charts' own objects, and `app.synth()` writes the compiled objects
 * (Gateway API, agentgateway, workloads, NetworkPolicies, RBAC) as this chart, in whatever
 * `yamlOutputType` the App uses.
 *
 * The compile runs once, when cdk8s validates the App before writing (also for `synthYaml()`
 * and `Testing.synth(stage)`). The validation gate checks the compiled objects together with
 * every ApiObject of the App's other charts; any problem fails the synth with one line per
 * problem, and nothing is written.
 *
 * Prefer ToolGatewayApp for an app of its own: it writes one file per object into a folder it
 * owns, which reviews better in a pull request.
 */
export class ToolGatewayStage extends Chart {
  /** True for a ToolGatewayStage, also one from another copy of this library. */
  public static isToolGatewayStage(x: unknown): x is ToolGatewayStage {
    return typeof x === 'object' && x !== null && STAGE in x;
  }

  /** Warnings of the compile, once the App has been validated or synthesized. */
  public warnings: readonly Problem[] = [];

  private readonly options: CompileOptions;
  private errors?: string[];
  private compiling = false;

  constructor(scope: Construct, id: string, props: ToolGatewayStageProps = {}) {
    // No namespace and no labels: the compiled objects carry their own, and cluster-scoped ones must stay so.
    super(scope, id);
    Object.defineProperty(this, STAGE, { value: true });
    this.options = props;
    this.node.addValidation({ validate: () => this.compile() });
  }

  /** Compiles the App's intent into this chart once; the errors, one line per problem. */
  private compile(): string[] {
    if (this.errors) return this.errors;
    if (this.compiling) return [];
    this.compiling = true;
    try {
      if (ToolGatewayApp.isToolGatewayApp(this.node.root)) {
        return (this.errors = [
          'a ToolGatewayApp compiles its intent itself; a ToolGatewayStage is for any other cdk8s App, so remove one of the two',
        ]);
      }
      const others = this.node.root.node.findAll().filter((c) => c !== this && ToolGatewayStage.isToolGatewayStage(c));
      if (others.length > 0) {
        return (this.errors = [
          `an App compiles its tool-gateway intent once; it already has a ToolGatewayStage at ${others.map((c) => c.node.path).join(', ')}`,
        ]);
      }
      // cdk8s runs every construct's validations itself; this only gathers and compiles.
      const gathered = gatherIntent(this.node.root, { runValidations: false, skipCharts: [this] });
      const compiled = compileForOutput({
        estate: gathered.estate,
        importedGateways: gathered.importedGateways,
        frontDoor: 'typescript',
        importedToolServers: gathered.importedToolServers,
        options: this.options,
        inputProblems: gathered.problems,
        patchOutput: outputPatcher(gathered.outputPatches),
      });
      const problems = [...compiled.problems];
      if (compiled.objects) problems.push(...validateManifests([...compiled.objects, ...gathered.otherObjects]));
      this.warnings = problems.filter((p) => p.severity === 'warning');
      if (!compiled.objects || hasErrors(problems)) {
        return (this.errors = problems.filter((p) => p.severity === 'error').map(formatProblem));
      }
      for (const { manifest } of compiled.objects) new CompiledObject(this, objectId(manifest), manifest);
      return (this.errors = []);
    } finally {
      this.compiling = false;
    }
  }
}

/** A unique construct id per object: group, kind, namespace and name (none of which holds ':'). */
function objectId(m: Manifest): string {
  const group = m.apiVersion.includes('/') ? m.apiVersion.slice(0, m.apiVersion.indexOf('/')) : 'core';
  return [group, m.kind, m.metadata.namespace ?? '', m.metadata.name].join(':').replace(/\//g, '_');
}

/**
 * One compiled object, rendered exactly as the compiler produced it and the validation gate
 * passed it: cdk8s's own rendering of props would drop `null` values and resolve them again.
 */
class CompiledObject extends ApiObject {
  constructor(
    scope: Construct,
    id: string,
    private readonly manifest: Manifest,
  ) {
    super(scope, id, { apiVersion: manifest.apiVersion, kind: manifest.kind, metadata: { name: manifest.metadata.name } });
  }

  public override toJson(): Manifest {
    return structuredClone(this.manifest);
  }
}
