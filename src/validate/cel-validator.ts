import type { CelInput, CelValue } from '@bufbuild/cel';
import { formatFieldPath, type PathSegment } from '../contracts/field-path.js';
import { isJsonObject, type JsonSchema } from '../contracts/json.js';
import type { EmittedObject } from '../contracts/manifest.js';
import type { Problem } from '../contracts/problem.js';
import { escapeControlCharacters, valueText } from '../contracts/value-text.js';
import { CelBinder, celRootSchema } from './cel-binding.js';
import { compileRule, type ValidationRule } from './cel-rule-cache.js';
import { manifestProblem } from './manifest-problem.js';
import type { KindSchema } from './schema-registry.js';
import { derefSchema } from './schema-ref.js';

/** State shared by the CEL checks of one validation run. */
export interface CelRun {
  /** Rule texts already reported as not checkable, so each gets one warning per run, not one per use. */
  readonly warnedRules: Set<string>;
}

export function newCelRun(): CelRun {
  return { warnedRules: new Set() };
}

/**
 * Evaluates every `x-kubernetes-validations` rule of `kind`'s schema against one object, as the API
 * server does on create: at each schema node that has rules, for each value there (every element of a
 * list, every value of a map), with `self` bound to that value.
 *
 * `defaulted` must be the object after schema defaulting, and structurally valid: the rules assume
 * both (e.g. `size(self.group)` relies on the `group: ""` default).
 *
 * A rule that is false is an error with the rule's message; a rule that fails to evaluate is an error
 * too, saying why. Transition rules (`oldSelf`) are skipped: they only apply to updates. A rule calling a
 * Kubernetes library function we do not implement is not checked, with one warning per run.
 */
export function validateCelRules(obj: EmittedObject, kind: KindSchema, defaulted: unknown, run: CelRun = newCelRun()): Problem[] {
  const root = celRootSchema(kind);
  const walker = new Walker(obj, root, run);
  walker.walk(root, defaulted, []);
  return walker.problems;
}

class Walker {
  readonly problems: Problem[] = [];
  private readonly binder: CelBinder;

  constructor(
    private readonly obj: EmittedObject,
    private readonly root: JsonSchema,
    private readonly run: CelRun,
  ) {
    this.binder = new CelBinder(root);
  }

  walk(node: JsonSchema, value: unknown, path: PathSegment[]): void {
    if (value === null || value === undefined) return;
    const schema = derefSchema(node, this.root);
    if (!hasRulesBelow(schema, this.root)) return;
    const rules = schema['x-kubernetes-validations'];
    if (Array.isArray(rules) && rules.length > 0) {
      const self = this.binder.bind(schema, value);
      for (const rule of rules as ValidationRule[]) this.check(rule, self, path);
    }
    if (Array.isArray(value)) {
      const items = schema.items;
      if (isJsonObject(items)) value.forEach((v, i) => this.walk(items, v, [...path, i]));
      return;
    }
    if (!isJsonObject(value)) return;
    const props = isJsonObject(schema.properties) ? schema.properties : undefined;
    const values = isJsonObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
    for (const [name, v] of Object.entries(value)) {
      const sub = props?.[name] ?? values;
      if (isJsonObject(sub)) this.walk(sub, v, [...path, name]);
    }
  }

  private check(rule: ValidationRule, self: CelInput, path: PathSegment[]): void {
    const field = fieldOf(path, rule.fieldPath);
    const error = (message: string): void => {
      this.problems.push(manifestProblem(this.obj, 'error', field, message));
    };
    const compiled = compileRule(rule.rule);
    switch (compiled.kind) {
      case 'transition':
        return;
      case 'unsupported':
        if (this.run.warnedRules.has(rule.rule)) return;
        this.run.warnedRules.add(rule.rule);
        this.problems.push(
          manifestProblem(
            this.obj,
            'warning',
            field,
            `CEL rule ${valueText(rule.rule)} not checked: it calls ${compiled.functions.map((f) => `${f}()`).join(', ')}, ` +
              'which the offline validator does not implement (objects using this rule are not checked against it)',
          ),
        );
        return;
      case 'invalid':
        error(`CEL rule ${valueText(rule.rule)} could not be compiled: ${compiled.error}`);
        return;
      case 'ready': {
        const outcome = compiled.evaluate(self);
        if (!outcome.ok) error(`CEL rule ${valueText(rule.rule)} could not be evaluated: ${outcome.error}`);
        else if (outcome.value === false) error(failureMessage(rule, self));
        else if (outcome.value !== true) {
          error(`CEL rule ${valueText(rule.rule)} could not be evaluated: it gave ${describeValue(outcome.value)}, not a bool`);
        }
      }
    }
  }
}

/** The longest messageExpression result the API server uses (MaxEvaluatedMessageExpressionSizeBytes). */
const MESSAGE_EXPRESSION_MAX_BYTES = 5 * 1024;

/**
 * The message for a rule that is false, chosen as the API server chooses it
 * (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/validation.go): the result of its
 * `messageExpression`, trimmed, unless that fails or is not a non-empty string of at most 5 KiB without a
 * line break; else its `message`, trimmed; else `failed rule: <rule>`. The expression's result can carry object
 * data, so its control characters are escaped.
 */
function failureMessage(rule: ValidationRule, self: CelInput): string {
  if (rule.messageExpression) {
    const compiled = compileRule(rule.messageExpression);
    if (compiled.kind === 'ready') {
      const outcome = compiled.evaluate(self);
      const text = outcome.ok && typeof outcome.value === 'string' ? outcome.value.trim() : '';
      if (text !== '' && !text.includes('\n') && Buffer.byteLength(text) <= MESSAGE_EXPRESSION_MAX_BYTES) {
        return escapeControlCharacters(text);
      }
    }
  }
  return rule.message ? rule.message.trim() : `failed rule: ${rule.rule.trim()}`;
}

/** The node's path, plus the rule's own `fieldPath` (a relative path such as `.spec.port`) when it has one. */
function fieldOf(path: readonly PathSegment[], fieldPath: string | undefined): string | undefined {
  const base = formatFieldPath(path);
  if (!fieldPath) return base || undefined;
  return base === ''
    ? fieldPath.replace(/^\./, '')
    : `${base}${fieldPath.startsWith('.') || fieldPath.startsWith('[') ? '' : '.'}${fieldPath}`;
}

function describeValue(v: CelValue): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return `the int ${v}`;
  if (typeof v === 'number') return `the double ${v}`;
  if (typeof v === 'string') return `the string ${valueText(v)}`;
  return 'a value';
}

const rulesBelow = new WeakMap<JsonSchema, boolean>();

/**
 * Whether a node or anything under it has rules. Most of a schema has none (all of the core kinds, most
 * of a CRD), so the walk skips those subtrees. Computed once per node; a node already being computed
 * (the self-referencing JSONSchemaProps in the CRD kind) counts as having rules, which is only slower.
 */
function hasRulesBelow(node: JsonSchema, root: JsonSchema, active = new Set<JsonSchema>()): boolean {
  const known = rulesBelow.get(node);
  if (known !== undefined) return known;
  if (active.has(node)) return true;
  active.add(node);
  const own = node['x-kubernetes-validations'];
  let found = Array.isArray(own) && own.length > 0;
  const children: unknown[] = [
    node.items,
    node.additionalProperties,
    ...(isJsonObject(node.properties) ? Object.values(node.properties) : []),
  ];
  for (const child of children) {
    if (found) break;
    if (isJsonObject(child)) found = hasRulesBelow(derefSchema(child, root), root, active);
  }
  active.delete(node);
  rulesBelow.set(node, found);
  return found;
}
