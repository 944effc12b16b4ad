/**
 * Kubernetes name rules (apimachinery `validation.IsDNS1123Label`, `IsDNS1123Subdomain`,
 * `IsDNS1035Label`), as predicates plus a message saying what is allowed.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export type NameRule = 'dns1123-label' | 'dns1035-label' | 'dns1123-subdomain';

const RULES: Record<NameRule, { pattern: RegExp; max: number; words: string }> = {
  'dns1123-label': {
    pattern: DNS1123_LABEL,
    max: 63,
    words: 'lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
  },
  'dns1035-label': {
    pattern: DNS1035_LABEL,
    max: 63,
    words: 'lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, at most 63 characters',
  },
  'dns1123-subdomain': {
    pattern: DNS1123_SUBDOMAIN,
    max: 253,
    words:
      'lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit, at most 253 characters',
  },
};

/** Returns undefined when `name` satisfies `rule`, otherwise a message naming the value and the rule. */
export function nameProblem(name: string, rule: NameRule): string | undefined {
  const r = RULES[rule];
  if (name.length > r.max) {
    return `${JSON.stringify(name)} is ${name.length} characters long; allowed: ${r.words}`;
  }
  if (!r.pattern.test(name)) return `${JSON.stringify(name)} is not a valid name; allowed: ${r.words}`;
  return undefined;
}

export function isValidName(name: string, rule: NameRule): boolean {
  return nameProblem(name, rule) === undefined;
}
