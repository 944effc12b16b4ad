/**
 * Words CEL reserves. Kubernetes makes a property with one of these names reachable as `__<word>__`
 * (k8s.io/apiserver/pkg/cel/common/escaping.go), so `metadata.namespace` is `self.__namespace__` in a rule.
 */
const RESERVED = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

/** The characters a property name may hold for CEL to reach it (`.`, `-` and `/` once escaped). */
const NAMEABLE = /^[a-zA-Z0-9_./-]*$/;
/** The escape sequence itself, and the three escaped characters. */
const EXPAND = /__|[-./]/g;
const ESCAPES: Record<string, string> = { __: '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' };

/**
 * The name a schema property has inside CEL, the way the API server escapes it: reserved words become
 * `__<word>__`, and `__`, `.`, `-` and `/` become `__underscores__`, `__dot__`, `__dash__` and `__slash__`.
 * Undefined when the property cannot be named in CEL at all (it starts with a digit or holds another
 * character); the API server then leaves it out of `self`.
 */
export function escapeCelProperty(name: string): string | undefined {
  if (name === '' || /^[0-9]/.test(name) || !NAMEABLE.test(name)) return undefined;
  if (RESERVED.has(name)) return `__${name}__`;
  return name.replace(EXPAND, (s) => ESCAPES[s] ?? s);
}
