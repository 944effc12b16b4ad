import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import { DEFAULT_ENTITY_ACTIONS, renderAdapterConfig } from '../../../src/compile/guards/adapter-config.js';
import { cr, guard, intentOf, presidioProvider, type Doc } from '../../support/intent-fixtures.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function render(
  guardSpec: Doc,
  provider: Doc = presidioProvider('guardrail-providers', 'presidio', 'http://presidio.guardrail-providers:80'),
) {
  return renderAdapterConfig(intentOf('Guard', guard('default', 'pii-guard', guardSpec)), intentOf('GuardrailProvider', provider));
}

function configOf(guardSpec: Doc, provider?: Doc) {
  const { config, problems } = render(guardSpec, provider);
  expect(problems).toStrictEqual([]);
  if (!config) throw new Error('expected a config');
  return config;
}

/** The operator's sample Guard (config/samples/guardrails in agent-runtime-operator). */
const SAMPLE_GUARD: Doc = {
  mode: ['pre_call', 'post_call'],
  providerRef: { name: 'presidio', namespace: 'guardrail-providers' },
  presidio: {
    language: 'en',
    scoreThresholds: { ALL: '0.5', PERSON: '0.8', EMAIL_ADDRESS: '0.7' },
    entityActions: { PERSON: 'MASK', EMAIL_ADDRESS: 'MASK', PHONE_NUMBER: 'MASK', CREDIT_CARD: 'BLOCK' },
  },
};

const SAMPLE_CONFIG = `modes:
- pre_call
- post_call
presidio:
  endpoint: http://presidio.guardrail-providers:80
  entity_actions:
    ALL: BLOCK
    CREDIT_CARD: BLOCK
    EMAIL_ADDRESS: MASK
    PERSON: MASK
    PHONE_NUMBER: MASK
  language: en
  score_thresholds:
    ALL: "0.5"
    EMAIL_ADDRESS: "0.7"
    PERSON: "0.8"
provider: presidio-api
`;

describe('renderAdapterConfig | operator rendering', () => {
  it('renders the sample Guard byte for byte as the operator does, plus the explicit ALL: BLOCK', () => {
    const config = configOf(SAMPLE_GUARD);
    expect(config.text).toBe(SAMPLE_CONFIG);
  });

  it('hashes exactly the rendered bytes as lowercase hex SHA-256', () => {
    const config = configOf(SAMPLE_GUARD);
    expect(config.hash).toBe(sha256(SAMPLE_CONFIG));
    expect(config.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('renders the worked example (test/fixtures/worked-example) with language en and ALL: BLOCK made explicit', () => {
    const config = configOf(
      { mode: ['pre_call'], providerRef: { name: 'presidio' }, presidio: { entityActions: { EMAIL_ADDRESS: 'MASK' } } },
      presidioProvider('guards'),
    );
    expect(config.text).toBe(`modes:
- pre_call
presidio:
  endpoint: http://presidio:8000
  entity_actions:
    ALL: BLOCK
    EMAIL_ADDRESS: MASK
  language: en
provider: presidio-api
`);
    expect(config.hash).toBe(sha256(config.text));
  });

  it('keeps the modes in the order the Guard lists them', () => {
    expect(parse(configOf({ mode: ['post_call', 'pre_call'] }).text).modes).toStrictEqual(['post_call', 'pre_call']);
  });

  it('leaves out score_thresholds when none are given and never writes empty maps', () => {
    const text = configOf({ presidio: { scoreThresholds: {} } }).text;
    expect(text).not.toContain('score_thresholds');
    expect(text).not.toContain('{}');
  });

  it('writes the Guard language when one is set and en when it is empty', () => {
    expect(parse(configOf({ presidio: { language: 'de' } }).text).presidio.language).toBe('de');
    expect(parse(configOf({ presidio: { language: '' } }).text).presidio.language).toBe('en');
  });

  it('quotes thresholds that look like numbers, so the adapter reads strings', () => {
    const text = configOf({ presidio: { scoreThresholds: { ALL: '1', PERSON: '0', PHONE_NUMBER: '.5', URL: '1e-1' } } }).text;
    expect(text).toContain('    ALL: "1"\n    PERSON: "0"\n    PHONE_NUMBER: ".5"\n    URL: "1e-1"\n');
    expect(parse(text).presidio.score_thresholds).toStrictEqual({ ALL: '1', PERSON: '0', PHONE_NUMBER: '.5', URL: '1e-1' });
  });

  it('quotes keys that YAML 1.1 would read as booleans', () => {
    const text = configOf({ presidio: { entityActions: { ON: 'MASK', Y: 'BLOCK' } } }).text;
    expect(text).toContain('    "ON": MASK\n    "Y": BLOCK\n');
  });
});

describe('renderAdapterConfig | safe defaults', () => {
  it('blocks every entity when entityActions is omitted (the CRD promise; the adapter would allow)', () => {
    expect(DEFAULT_ENTITY_ACTIONS).toStrictEqual({ ALL: 'BLOCK' });
    const config = configOf({ mode: ['pre_call'] }, presidioProvider('guards'));
    expect(config.text).toBe(`modes:
- pre_call
presidio:
  endpoint: http://presidio:8000
  entity_actions:
    ALL: BLOCK
  language: en
provider: presidio-api
`);
  });

  it('blocks every entity when entityActions is empty or presidio has only other settings', () => {
    expect(parse(configOf({ presidio: { entityActions: {} } }).text).presidio.entity_actions).toStrictEqual({ ALL: 'BLOCK' });
    expect(parse(configOf({ presidio: { language: 'en' } }).text).presidio.entity_actions).toStrictEqual({ ALL: 'BLOCK' });
  });

  it('writes ALL: BLOCK beside a partial entityActions, so unlisted entities are not let through', () => {
    const text = configOf({ presidio: { entityActions: { PERSON: 'MASK' } } }).text;
    expect(parse(text).presidio.entity_actions).toStrictEqual({ ALL: 'BLOCK', PERSON: 'MASK' });
    expect(text).toContain('  entity_actions:\n    ALL: BLOCK\n    PERSON: MASK\n');
  });

  it("keeps the Guard's own ALL, whatever it says", () => {
    for (const action of ['MASK', 'BLOCK', 'ALLOW']) {
      expect(parse(configOf({ presidio: { entityActions: { ALL: action, PERSON: 'MASK' } } }).text).presidio.entity_actions).toStrictEqual({
        ALL: action,
        PERSON: 'MASK',
      });
    }
  });

  it('writes ALL: BLOCK for every entityActions without ALL', () => {
    const entity = fc.stringMatching(/^[A-Z][A-Z_]{0,11}$/).filter((e) => e !== 'ALL');
    fc.assert(
      fc.property(fc.dictionary(entity, fc.constantFrom('MASK', 'BLOCK', 'ALLOW'), { maxKeys: 5 }), (entityActions) => {
        const written = parse(configOf({ presidio: { entityActions } }).text).presidio.entity_actions;
        expect(written).toStrictEqual({ ALL: 'BLOCK', ...entityActions });
      }),
      { numRuns: 100 },
    );
  });
});

describe('renderAdapterConfig | determinism', () => {
  it('gives the same bytes and hash for any insertion order of thresholds and actions', () => {
    const thresholds: Array<[string, string]> = [
      ['ALL', '0.5'],
      ['PERSON', '0.8'],
      ['EMAIL_ADDRESS', '0.7'],
    ];
    const entityActions: Array<[string, string]> = [
      ['PERSON', 'MASK'],
      ['EMAIL_ADDRESS', 'MASK'],
      ['PHONE_NUMBER', 'MASK'],
      ['CREDIT_CARD', 'BLOCK'],
    ];
    const baseline = configOf(SAMPLE_GUARD);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(thresholds, { minLength: thresholds.length }),
        fc.shuffledSubarray(entityActions, { minLength: entityActions.length }),
        (t, a) => {
          const config = configOf({
            ...SAMPLE_GUARD,
            presidio: { language: 'en', scoreThresholds: Object.fromEntries(t), entityActions: Object.fromEntries(a) },
          });
          expect(config).toStrictEqual(baseline);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('changes the hash when the provider endpoint changes', () => {
    const a = configOf(SAMPLE_GUARD);
    const b = configOf(SAMPLE_GUARD, presidioProvider('guardrail-providers', 'presidio', 'http://presidio.guardrail-providers:8080'));
    expect(b.hash).not.toBe(a.hash);
    expect(b.text).toContain('endpoint: http://presidio.guardrail-providers:8080\n');
  });
});

describe('renderAdapterConfig | rejected configurations', () => {
  it('rejects a provider type other than presidio-api', () => {
    const openai = cr('GuardrailProvider', 'g', 'moderation', {
      type: 'openai-moderation-api',
      openaiModeration: { baseUrl: 'https://api.openai.com' },
    });
    expect(render({}, openai)).toStrictEqual({
      problems: [
        {
          field: 'spec.providerRef',
          message:
            'provider g/moderation has type "openai-moderation-api", which the guardrail adapter does not support; supported: "presidio-api"',
        },
      ],
    });
    const bedrock = cr('GuardrailProvider', 'g', 'bedrock', { type: 'bedrock-api', bedrock: { region: 'eu-central-1' } });
    expect(render({}, bedrock).problems.map((p) => p.message)).toStrictEqual([
      'provider g/bedrock has type "bedrock-api", which the guardrail adapter does not support; supported: "presidio-api"',
    ]);
  });

  it('rejects during_call, naming its position in the mode list', () => {
    expect(render({ mode: ['pre_call', 'during_call'] })).toStrictEqual({
      problems: [
        { field: 'spec.mode[1]', message: '"during_call" is not supported by the guardrail adapter; supported: "pre_call", "post_call"' },
      ],
    });
  });

  it('fails on a presidio provider without baseUrl', () => {
    const noBlock = cr('GuardrailProvider', 'g', 'presidio', { type: 'presidio-api' });
    const expected = {
      problems: [{ field: 'spec.providerRef', message: 'provider g/presidio has no presidio.baseUrl; a presidio-api provider needs one' }],
    };
    expect(render({}, noBlock)).toStrictEqual(expected);
  });

  it('rejects entity actions other than MASK, BLOCK and ALLOW, case-sensitively', () => {
    expect(render({ presidio: { entityActions: { PERSON: 'mask', EMAIL_ADDRESS: 'REDACT', PHONE_NUMBER: 'ALLOW' } } })).toStrictEqual({
      problems: [
        { field: 'spec.presidio.entityActions.PERSON', message: '"mask" is not an entity action; allowed: MASK, BLOCK, ALLOW' },
        { field: 'spec.presidio.entityActions.EMAIL_ADDRESS', message: '"REDACT" is not an entity action; allowed: MASK, BLOCK, ALLOW' },
      ],
    });
  });

  it('rejects thresholds outside [0, 1] and values that are not plain decimals', () => {
    const bad = ['1.5', '-0.1', 'abc', '', ' 0.5', '0.5 ', '0x1', '0b1', 'Infinity', 'NaN', '1_0'];
    const scoreThresholds = Object.fromEntries(bad.map((v, i) => [`E${i}`, v]));
    const { config, problems } = render({ presidio: { scoreThresholds } });
    expect(config).toBeUndefined();
    expect(problems).toStrictEqual(
      bad.map((v, i) => ({
        field: `spec.presidio.scoreThresholds.E${i}`,
        message: `${JSON.stringify(v)} is not a score threshold; allowed: a number from 0 to 1, written as a string such as "0.5"`,
      })),
    );
  });

  it('accepts thresholds at both ends of the range and in exponent form', () => {
    for (const v of ['0', '1', '0.0', '1.0', '.25', '1.', '+0.5', '5e-1', '1E0']) {
      expect(render({ presidio: { scoreThresholds: { ALL: v } } }).problems).toStrictEqual([]);
    }
  });

  it('reports every problem of a Guard at once', () => {
    const openai = cr('GuardrailProvider', 'g', 'm', { type: 'openai-moderation-api' });
    const { problems } = render(
      { mode: ['during_call'], presidio: { entityActions: { ALL: 'DROP' }, scoreThresholds: { ALL: '2' } } },
      openai,
    );
    expect(problems.map((p) => p.field)).toStrictEqual([
      'spec.providerRef',
      'spec.mode[0]',
      'spec.presidio.entityActions.ALL',
      'spec.presidio.scoreThresholds.ALL',
    ]);
  });
});
