import { celEnv, celFunc, CelScalar, isCelError, parse, plan, type CelEnv, type CelFunc } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { quantityFunctions } from './cel-quantity.js';

const { STRING, BOOL } = CelScalar;

let memberMatches: ReturnType<typeof plan> | undefined;

/**
 * cel-go has `matches(text, regex)` as a global function besides `text.matches(regex)`, and the agentgateway
 * duration rules use it; @bufbuild/cel only has the member form. The global form evaluates the member form,
 * so both use the library's RE2 engine (Kubernetes semantics, linear time) without us importing it directly.
 */
const globalMatches = celFunc('matches', [STRING, STRING], BOOL, (text, pattern) => {
  memberMatches ??= plan(celEnv(), parse('text.matches(pattern)'));
  const result = memberMatches({ text, pattern });
  if (isCelError(result)) throw result;
  return result === true;
});

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
  env ??= celEnv({ funcs: [...KUBERNETES_FUNCTIONS] });
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
