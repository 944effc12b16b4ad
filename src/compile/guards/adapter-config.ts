import { createHash } from 'node:crypto';
import { stringify, type Pair } from 'yaml';
import type { GuardIntent, GuardrailProviderIntent } from '../../intent/estate.js';
import { goYamlKeyCompare } from './go-yaml-key-order.js';

/** Entity actions the adapter understands. */
export const ENTITY_ACTIONS = ['MASK', 'BLOCK', 'ALLOW'] as const;

/** Language sent to Presidio when the Guard names none (the upstream CRD's documented default). */
export const DEFAULT_GUARD_LANGUAGE = 'en';

/**
 * What the adapter does with an entity the Guard does not list. The adapter itself defaults to
 * ALLOW, although the upstream CRD promises BLOCK; we write the promise down, beside whatever
 * the Guard lists, so PII filtering never fails open. Only a Guard's own `ALL` replaces it.
 */
export const DEFAULT_ENTITY_ACTIONS: Readonly<Record<string, string>> = { ALL: 'BLOCK' };

export interface AdapterConfig {
  /** The config file, byte for byte. */
  readonly text: string;
  /** Lowercase hex SHA-256 of `text`; rolls the adapter pods when the config changes. */
  readonly hash: string;
}

/** A problem with a Guard's config, against the field it is about. */
export interface AdapterConfigProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Renders the guardrail adapter's static config the way the operator does (keys sorted at
 * every level, sequences not indented, number-like strings double-quoted, YAML 1.1 quoting as
 * go-yaml v2 does, in go-yaml's key order), with safe defaults made explicit.
 */
export function renderAdapterConfig(
  guard: GuardIntent,
  provider: GuardrailProviderIntent,
): { config?: AdapterConfig; problems: AdapterConfigProblem[] } {
  const problems: AdapterConfigProblem[] = [];
  if (provider.spec.type !== 'presidio-api') {
    problems.push({
      field: 'spec.providerRef',
      message: `provider ${provider.namespace}/${provider.name} has type ${JSON.stringify(provider.spec.type)}, which the guardrail adapter does not support; supported: "presidio-api"`,
    });
  }
  for (const [i, mode] of guard.spec.mode.entries()) {
    if (mode !== 'pre_call' && mode !== 'post_call') {
      problems.push({
        field: `spec.mode[${i}]`,
        message: `${JSON.stringify(mode)} is not supported by the guardrail adapter; supported: "pre_call", "post_call"`,
      });
    }
  }
  const endpoint = provider.spec.presidio?.baseUrl;
  if (provider.spec.type === 'presidio-api' && !endpoint) {
    problems.push({
      field: 'spec.providerRef',
      message: `provider ${provider.namespace}/${provider.name} has no presidio.baseUrl; a presidio-api provider needs one`,
    });
  }
  const presidio = guard.spec.presidio ?? {};
  // `{PERSON: MASK}` alone would leave every other entity to the adapter's ALLOW.
  const actions: Record<string, string> = { ...DEFAULT_ENTITY_ACTIONS, ...presidio.entityActions };
  for (const [entity, action] of Object.entries(actions)) {
    if (!(ENTITY_ACTIONS as readonly string[]).includes(action)) {
      problems.push({
        field: `spec.presidio.entityActions.${entity}`,
        message: `${JSON.stringify(action)} is not an entity action; allowed: ${ENTITY_ACTIONS.join(', ')}`,
      });
    }
  }
  const thresholds = presidio.scoreThresholds ?? {};
  for (const [entity, value] of Object.entries(thresholds)) {
    const n = Number(value);
    // Plain decimals only: JS Number() also reads " 0.5", "0x1" or "0b1", which the adapter's
    // float parsing rejects and then silently ignores, dropping the threshold.
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value) || n < 0 || n > 1) {
      problems.push({
        field: `spec.presidio.scoreThresholds.${entity}`,
        message: `${JSON.stringify(value)} is not a score threshold; allowed: a number from 0 to 1, written as a string such as "0.5"`,
      });
    }
  }
  if (problems.length > 0 || !endpoint) return { problems };

  const body = {
    modes: [...guard.spec.mode],
    presidio: {
      endpoint,
      entity_actions: { ...actions },
      language: presidio.language || DEFAULT_GUARD_LANGUAGE,
      ...(Object.keys(thresholds).length > 0 ? { score_thresholds: { ...thresholds } } : {}),
    },
    provider: 'presidio-api',
  };
  const text = stringify(body, {
    sortMapEntries: (a: Pair, b: Pair) => goYamlKeyCompare(String(a.key), String(b.key)),
    indentSeq: false,
    lineWidth: 0,
    version: '1.1',
  });
  return { config: { text, hash: createHash('sha256').update(text).digest('hex') }, problems };
}
