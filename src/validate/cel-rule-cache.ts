import { isCelError, parse, plan, type CelValue } from '@bufbuild/cel';
import { kubernetesCelEnv, unsupportedFunctions } from './cel-environment.js';
import { shippedCelAsts } from './precompiled-cel-asts.js';

/** One entry of a schema node's `x-kubernetes-validations`. */
export interface ValidationRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly fieldPath?: string;
  readonly reason?: string;
  readonly optionalOldSelf?: boolean;
}

/** What evaluating a rule gave: its value, or why there is none. */
export type RuleOutcome = { readonly ok: true; readonly value: CelValue } | { readonly ok: false; readonly error: string };

/** A rule text, ready to run or classified as not runnable. */
export type CompiledRule =
  | { readonly kind: 'ready'; evaluate(self: unknown): RuleOutcome }
  /** Compares with the stored object (`oldSelf`): only meaningful on update, so never checked offline. */
  | { readonly kind: 'transition' }
  /** Calls a Kubernetes library function we do not implement. */
  | { readonly kind: 'unsupported'; readonly functions: readonly string[] }
  /** Does not parse or plan; the API server would have rejected the CRD, so this is a schema bug. */
  | { readonly kind: 'invalid'; readonly error: string };

const cache = new Map<string, CompiledRule>();

/**
 * The compiled form of a rule text. Parsing is the expensive part (0.5 to 2 ms per rule, and the
 * agentgateway schemas hold ~200 distinct rules, repeated ~1000 times), so each text is compiled once
 * per process, and only when an object actually reaches a node that has it.
 */
export function compileRule(text: string): CompiledRule {
  let compiled = cache.get(text);
  if (!compiled) {
    compiled = compile(text);
    cache.set(text, compiled);
  }
  return compiled;
}

/** True for rules that read `oldSelf`, which the API server only evaluates on update. */
export function isTransitionRule(text: string): boolean {
  return /\boldSelf\b/.test(text);
}

function compile(text: string): CompiledRule {
  if (isTransitionRule(text)) return { kind: 'transition' };
  const env = kubernetesCelEnv();
  try {
    // The build parsed every rule text of the schemas; a text it did not is parsed here.
    const parsed = (shippedCelAsts().parsed(text) as ReturnType<typeof parse> | undefined) ?? parse(text);
    const functions = unsupportedFunctions(parsed.expr, env);
    if (functions.length > 0) return { kind: 'unsupported', functions };
    const program = plan(env, parsed);
    return {
      kind: 'ready',
      evaluate: (self) => {
        try {
          const value = program({ self } as Parameters<typeof program>[0]);
          return isCelError(value) ? { ok: false, error: value.message } : { ok: true, value };
        } catch (e) {
          return { ok: false, error: e instanceof Error ? e.message : String(e) };
        }
      },
    };
  } catch (e) {
    // Only the first line: the rest is the parser's picture of where in the rule it failed.
    return { kind: 'invalid', error: e instanceof Error ? e.message.replace(/\n[\s\S]*$/, '') : String(e) };
  }
}
