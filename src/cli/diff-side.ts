import { lstatSync } from 'node:fs';
import { compileForOutput } from '../app/build-output.js';
import { hasErrors, type Problem } from '../contracts/problem.js';
import { MANAGED_BY } from '../contracts/labels.js';
import { pathText, plainText } from '../contracts/value-text.js';
import { importedTargets } from '../compile/resolve/imported-targets.js';
import { loadYamlEstate } from '../intent/load-yaml-input.js';
import { validateManifests } from '../validate/validate-manifests.js';
import {
  consentOf,
  exposureFacts,
  ExposureFactsError,
  type ConsentFacts,
  type ExposureFacts,
  type IntentFacts,
} from '../explain/exposure-facts.js';
import { toolFilterFromCel } from '../compile/routes/tool-filter-from-cel.js';
import type { Estate } from '../intent/estate.js';
import { isGitRevision, materializeGitTree } from './git-tree.js';
import { readManifestFiles } from './validate-files.js';

/** One side of `diff`, read: its facts, and what it was. */
export interface DiffSide {
  readonly facts: ExposureFacts;
  /** `intent` when compiled here, `output` when it was synthesized already. */
  readonly kind: 'intent' | 'output';
}

export interface DiffSideOptions {
  readonly maxFileSize: number;
  readonly clusterDomain?: string;
}

/** Where a side's files are: a path on disk, or `<ref>:<path>` of the git repository around `cwd`. */
export type SideSource = { readonly path: string } | { readonly ref: string; readonly path: string };

/**
 * What `--base` or `--head` names: an existing path, else a git revision, written `<ref>:<path>`
 * or `<ref>` alone (the other side's path at that revision). A string message when it is neither.
 */
export function sideSource(flag: string, text: string, other: string, cwd: string): SideSource | string {
  const exists = (p: string): boolean => {
    try {
      lstatSync(p);
      return true;
    } catch {
      return false;
    }
  };
  if (exists(text)) return { path: text };
  const colon = text.indexOf(':');
  const [ref, path] = colon > 0 ? [text.slice(0, colon), text.slice(colon + 1)] : [text, undefined];
  if (isGitRevision(ref, cwd)) {
    const otherColon = other.indexOf(':');
    // The other side's path: as written, or the path part of its own <ref>:<path>.
    const otherPath = exists(other) || otherColon <= 0 ? other : other.slice(otherColon + 1) || undefined;
    const chosen = path || otherPath;
    if (chosen === undefined) {
      return `${flag} ${plainText(text)} is a git revision, but names no path; write ${pathText(`${ref}:<path>`)}`;
    }
    return { ref, path: chosen };
  }
  return `${flag} ${pathText(text)}: no such file or directory, and not a git revision; give an intent directory, a synthesized output (e.g. dist) or <git-ref>[:<path>]`;
}

/** What only the intent holds: production mode, and the consent of tool servers and guards. */
function intentFacts(estate: Estate): IntentFacts {
  const consent: [string, ConsentFacts][] = [
    ...estate.toolServers.map((s) => ({
      key: `ToolServer ${s.namespace}/${s.name}`,
      namespace: s.namespace,
      value: s.spec.allowedNamespaces,
    })),
    ...estate.guards.map((g) => ({ key: `Guard ${g.namespace}/${g.name}`, namespace: g.namespace, value: g.spec.allowedNamespaces })),
  ].map((o) => [o.key, { key: o.key, namespace: o.namespace, consent: consentOf(o.value, 'Same') }]);
  return {
    // synth's default, without --production-mode.
    productionMode: new Map(estate.toolRoutes.map((r) => [`${r.namespace}/${r.name}`, r.spec.productionMode ?? false])),
    consent: new Map(consent),
    namespaceLabels: new Map(estate.namespaces.map((n) => [n.name, n.labels])),
  };
}

/** Shows `file` (relative to the git copy's root) as `<ref>:<file>`. */
function withRef(problems: readonly Problem[], ref: string | undefined): Problem[] {
  if (ref === undefined) return [...problems];
  return problems.map((p) => (p.origin?.file !== undefined ? { ...p, origin: { ...p.origin, file: `${ref}:${p.origin.file}` } } : p));
}

/**
 * Reads one side of a diff. Synthesized output is told from intent by content: every object synth
 * writes carries `app.kubernetes.io/managed-by: cdk8s-tool-gateway`, a label intent may not set.
 * Intent is compiled in memory with synth's defaults; output is read as `explain` reads it, its
 * NetworkPolicies held to the API server's rules. Problems instead when either fails.
 */
export function readDiffSide(source: SideSource, options: DiffSideOptions, cwd: string): DiffSide | { problems: Problem[] } {
  const ref = 'ref' in source ? source.ref : undefined;
  let dir = source.path;
  let shownCwd = cwd;
  let dispose = (): void => {};
  let label = (input: string): string => pathText(input);
  if (ref !== undefined) {
    const tree = materializeGitTree(ref, source.path, cwd);
    if ('error' in tree) return { problems: [{ severity: 'error', message: tree.error }] };
    dir = tree.path;
    shownCwd = tree.root;
    dispose = () => tree.dispose();
    label = () => pathText(`${ref}:${source.path}`);
  }
  try {
    const read = readManifestFiles([dir], shownCwd, options.maxFileSize, label);
    const isOutput = read.objects.some((o) => o.manifest.metadata.labels?.['app.kubernetes.io/managed-by'] === MANAGED_BY);
    if (isOutput) {
      const problems = [...read.problems];
      for (const p of validateManifests(read.objects.filter((o) => o.manifest.kind === 'NetworkPolicy'))) problems.push(p);
      if (hasErrors(problems)) return { problems: withRef(problems, ref) };
      const manifests = read.objects.map((o) => o.manifest);
      return {
        facts: exposureFacts(manifests, undefined, { clusterDomain: options.clusterDomain, readFilter: toolFilterFromCel }),
        kind: 'output',
      };
    }
    const problems: Problem[] = [];
    const { estate, imported } = loadYamlEstate([dir], [], problems, shownCwd, { maxFileSize: options.maxFileSize, label });
    const compiled = compileForOutput({
      estate,
      ...importedTargets(imported),
      frontDoor: 'yaml',
      inputProblems: problems,
      options: { clusterDomain: options.clusterDomain },
    });
    if (!compiled.objects) return { problems: withRef(compiled.problems, ref) };
    return {
      facts: exposureFacts(
        compiled.objects.map((o) => o.manifest),
        intentFacts(estate),
        { clusterDomain: options.clusterDomain, readFilter: toolFilterFromCel },
      ),
      kind: 'intent',
    };
  } catch (e) {
    if (e instanceof ExposureFactsError) return { problems: [{ severity: 'error', message: e.message }] };
    throw e;
  } finally {
    dispose();
  }
}
