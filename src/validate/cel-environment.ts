import { celEnv, celFunc, CelScalar, type CelEnv, type CelFunc } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { RE2JS } from '@bufbuild/re2';
import { quantityFunctions } from './cel-quantity.js';

const { STRING, BOOL } = CelScalar;

/** Distinct patterns kept compiled; past this the cache starts over, so data-built patterns cannot grow it without bound. */
const MAX_CACHED_PATTERNS = 1024;
const compiledPatterns = new Map<string, RE2JS>();

/**
 * The RE2 engine @bufbuild/cel's `matches` uses (Kubernetes semantics, linear time), with each
 * pattern compiled once per process: the library compiles it on every call, which cost more than
 * every other part of evaluating the HTTPRoute rules, whose patterns are all literals. A pattern
 * that does not compile throws each time, as without the cache.
 */
export const cachedRe2 = {
  compile(pattern: string): RE2JS {
    let re = compiledPatterns.get(pattern);
    if (re === undefined) {
      re = RE2JS.compile(pattern);
      if (compiledPatterns.size >= MAX_CACHED_PATTERNS) compiledPatterns.clear();
      compiledPatterns.set(pattern, re);
    }
    return re;
  },
};

/**
 * cel-go has `matches(text, regex)` as a global function besides `text.matches(regex)`, and the agentgateway
 * duration rules use it; @bufbuild/cel only has the member form. Both go through `cachedRe2`.
 */
const globalMatches = celFunc('matches', [STRING, STRING], BOOL, (text, pattern) => cachedRe2.compile(pattern).test(text));

/** Functions we add on top of @bufbuild/cel's standard library. */
const KUBERNETES_FUNCTIONS: readonly CelFunc[] = [...strings, globalMatches, ...quantityFunctions];

/**
 * Identifiers that are a library namespace when they prefix a call (`sets.contains(...)`), not a variable;
 * the function is then looked up by its qualified name.
 */
const NAMESPACES = new Set(['sets', 'math', 'base64', 'optional', 'strings', 'format', 'semver']);

let env: CelEnv | undefined;

/**
 * The CEL environment the API server gives CRD validation rules, as far as the pinned schemas need it:
 * the standard library, the strings extension, the global `matches`, and the Kubernetes quantity library.
 * Other Kubernetes libraries (lists, regex, url, ip, cidr, format, semver, sets, authz) are not implemented;
 * `unsupportedFunctions` finds rules that call them so they are skipped with a warning, never silently.
 */
export function kubernetesCelEnv(): CelEnv {
  env ??= celEnv({ funcs: [...KUBERNETES_FUNCTIONS], re2: cachedRe2 });
  return env;
}

/** AST node shapes we read; the generated protobuf types are not part of @bufbuild/cel's exports. */
interface ExprNode {
  readonly exprKind?: { readonly case?: string; readonly value?: unknown };
}
interface CallNode {
  readonly function: string;
  readonly target?: ExprNode;
  readonly args: readonly ExprNode[];
}

/**
 * The functions a parsed rule calls that the environment does not have, sorted (e.g. `["isSorted"]`).
 * Operators and macros (`_&&_`, `@in`, `has`, `all`, ...) are built in and never reported.
 */
export function unsupportedFunctions(expr: unknown, celEnvironment: CelEnv = kubernetesCelEnv()): string[] {
  const missing = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const kind = (node as ExprNode).exprKind;
    if (kind?.case === 'callExpr') {
      const call = kind.value as CallNode;
      const name = qualifiedName(call);
      if (!/^[_@]/.test(name) && !celEnvironment.funcs.find(name)) missing.add(name);
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(expr);
  return [...missing].sort();
}

function qualifiedName(call: CallNode): string {
  const target = call.target?.exprKind;
  if (target?.case === 'identExpr') {
    const name = (target.value as { name: string }).name;
    if (NAMESPACES.has(name)) return `${name}.${call.function}`;
  }
  return call.function;
}
