import { valueText } from './value-text.js';

/**
 * Kubernetes name rules (apimachinery `validation.IsDNS1123Label`, `IsDNS1123Subdomain`,
 * `IsDNS1035Label`), as predicates plus a message saying what is allowed. The intent front door
 * and the validation gate's API-server rules share this one table.
 */

export type NameRule = 'dns1123-label' | 'dns1035-label' | 'dns1123-subdomain';

/** One name syntax: what it is called, its pattern and length limit, and the allowed characters in words. */
export interface NamePattern {
  /** e.g. `a DNS-1123 label`. */
  readonly what: string;
  readonly pattern: RegExp;
  readonly max: number;
  /** The allowed characters and their order, in words, without the length limit. */
  readonly allowed: string;
}

export const NAME_PATTERNS: Readonly<Record<NameRule, NamePattern>> = {
  'dns1123-label': {
    what: 'a DNS-1123 label',
    pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    max: 63,
    allowed: 'lowercase letters, digits and "-", starting and ending with a letter or digit',
  },
  'dns1035-label': {
    what: 'a DNS-1035 label',
    pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
    max: 63,
    allowed: 'lowercase letters, digits and "-", starting with a letter and ending with a letter or digit',
  },
  'dns1123-subdomain': {
    what: 'a DNS-1123 subdomain',
    pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    max: 253,
    allowed: 'lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit',
  },
};

/**
 * Returns undefined when `name` satisfies `rule`, otherwise a message naming the value (quoted, escaped and
 * cut to 200 characters) and the rule. `echo: false` leaves the value out, for a message whose context
 * already shows it (the object's own name in its label).
 */
export function nameProblem(name: string, rule: NameRule, { echo = true }: { echo?: boolean } = {}): string | undefined {
  const r = NAME_PATTERNS[rule];
  const words = `${r.allowed}, at most ${r.max} characters`;
  const subject = echo ? `${valueText(name, 200)} ` : '';
  if (name.length > r.max) return `${subject}is ${name.length} characters long; allowed: ${words}`;
  if (!r.pattern.test(name)) return `${subject}is not a valid name; allowed: ${words}`;
  return undefined;
}

export function isValidName(name: string, rule: NameRule): boolean {
  return nameProblem(name, rule) === undefined;
}
