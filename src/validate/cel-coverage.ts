import { compileRule, type ValidationRule } from './cel-rule-cache.js';
import { isJsonObject, type JsonSchema } from '../contracts/json.js';
import type { KindSchema } from './schema-registry.js';

/** How many of a set of schemas' CEL rules the offline gate checks, and why it skips the others. */
export interface CelCoverage {
  /** Distinct rule texts. */
  readonly rules: number;
  /** Places rules appear (a rule text shared by many schema nodes counts once per node). */
  readonly uses: number;
  /** Distinct rule texts that compile and are evaluated. */
  readonly checked: number;
  /** Transition rules (`oldSelf`): only meaningful on update, never checked offline. */
  readonly transition: readonly string[];
  /** Rule texts skipped because they call functions we do not implement, with those functions. */
  readonly unsupported: readonly { readonly rule: string; readonly functions: readonly string[]; readonly uses: number }[];
  /** Rule texts that do not parse or plan, with the error. */
  readonly invalid: readonly { readonly rule: string; readonly error: string }[];
}

/**
 * Compiles every CEL rule of `kinds` and sorts them into checked, transition, unsupported and invalid.
 * Compiling all ~200 agentgateway rules takes a few hundred ms, so this is for tests and reports, not for
 * the gate (which compiles only the rules objects reach).
 */
export function celCoverage(kinds: readonly Pick<KindSchema, 'schema'>[]): CelCoverage {
  const uses = new Map<string, number>();
  for (const kind of kinds) collectRules(kind.schema, uses, new Set());
  let checked = 0;
  const transition: string[] = [];
  const unsupported: { rule: string; functions: readonly string[]; uses: number }[] = [];
  const invalid: { rule: string; error: string }[] = [];
  for (const [rule, count] of uses) {
    const compiled = compileRule(rule);
    if (compiled.kind === 'ready') checked++;
    else if (compiled.kind === 'transition') transition.push(rule);
    else if (compiled.kind === 'unsupported') unsupported.push({ rule, functions: compiled.functions, uses: count });
    else invalid.push({ rule, error: compiled.error });
  }
  const total = [...uses.values()].reduce((a, b) => a + b, 0);
  return { rules: uses.size, uses: total, checked, transition, unsupported, invalid };
}

/** Walks schema nodes only (properties, items, map values, `$defs`), never property names. */
function collectRules(node: JsonSchema, uses: Map<string, number>, seen: Set<JsonSchema>): void {
  if (seen.has(node)) return;
  seen.add(node);
  const rules = node['x-kubernetes-validations'];
  if (Array.isArray(rules)) for (const r of rules as ValidationRule[]) uses.set(r.rule, (uses.get(r.rule) ?? 0) + 1);
  const children: unknown[] = [node.items, node.additionalProperties];
  for (const key of ['properties', '$defs'] as const) {
    const map = node[key];
    if (isJsonObject(map)) children.push(...Object.values(map));
  }
  for (const child of children) if (isJsonObject(child)) collectRules(child, uses, seen);
}
