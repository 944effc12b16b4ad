import { compileEstate, type CompileInput } from '../compile/compile-estate.js';
import { hasErrors, type Problem } from '../contracts/problem.js';
import { layoutFiles, type LayoutOptions } from '../emit/file-layout.js';
import type { EmittedObject } from '../contracts/manifest.js';
import { validateManifests } from '../validate/validate-manifests.js';
import { defaultRuntimeAssets } from './runtime-assets.js';
import { nothingCompiledNote } from './nothing-compiled.js';

/** What to build; `runtimeAssets` defaults to the real reconciler bundle and the pinned upstream schemas. */
export interface BuildInput extends CompileInput {
  /** Problems found while reading the intent; any error stops the build before compiling. */
  readonly inputProblems?: readonly Problem[];
  /** Objects to emit as they are (e.g. a cdk8s app's own ApiObjects); validated like ours. */
  readonly extraObjects?: readonly EmittedObject[];
  /**
   * Changes the compiled objects before the gate: the TypeScript front door's `addJsonPatch`
   * (`outputPatcher`). A function rather than the patches themselves, so the CLI, which has none,
   * does not load the cdk8s code that applies them.
   */
  readonly patchOutput?: (objects: readonly EmittedObject[], problems: Problem[]) => readonly EmittedObject[];
  /** How the files are laid out (the kustomization, ...). */
  readonly layout?: LayoutOptions;
}

export interface BuildResult {
  /** Relative path → file content; undefined when there is any error. */
  readonly files?: Map<string, string>;
  readonly objects: readonly EmittedObject[];
  /** Errors and warnings, in the order found. */
  readonly problems: readonly Problem[];
}

/**
 * The one path from intent to files, shared by the TypeScript app and `tool-gateway synth`:
 * compile, then the validation gate over everything, then the deterministic layout. Any error
 * at any step means no files at all.
 */
export function buildOutput(input: BuildInput): BuildResult {
  const compiled = compileForOutput(input);
  if (!compiled.objects) return { objects: [], problems: compiled.problems };
  const problems = [...compiled.problems, ...validateManifests(compiled.objects)];
  if (hasErrors(problems)) return { objects: [], problems };
  return { files: layoutFiles(compiled.objects, input.layout), objects: compiled.objects, problems };
}

/** The objects to validate and lay out, or none when reading or compiling the intent found an error. */
export interface CompiledOutput {
  readonly objects?: readonly EmittedObject[];
  readonly problems: readonly Problem[];
}

/** The first half of `buildOutput`: the intent's problems, then compile. */
export function compileForOutput(input: BuildInput): CompiledOutput {
  const problems: Problem[] = [...(input.inputProblems ?? [])];
  if (hasErrors(problems)) return { problems };
  const compiled = compileEstate({ ...input, runtimeAssets: input.runtimeAssets ?? defaultRuntimeAssets() });
  problems.push(...compiled.problems);
  if (hasErrors(problems)) return { problems };
  const note = nothingCompiledNote(input.estate, compiled.objects);
  if (note) problems.push(note);
  const patched = input.patchOutput ? input.patchOutput(compiled.objects, problems) : compiled.objects;
  if (hasErrors(problems)) return { problems };
  return { objects: [...patched, ...(input.extraObjects ?? [])], problems };
}
