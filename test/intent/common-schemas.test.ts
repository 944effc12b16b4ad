import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envVarSchema } from '../../src/intent/common-schemas.js';
import { describeIssue, formatPath } from '../../src/intent/zod-problems.js';

/** Each problem of an env entry as `field: message`. */
function envProblems(env: unknown): string[] {
  const r = envVarSchema.safeParse(env, { reportInput: true });
  return r.success ? [] : r.error.issues.map((i) => `${formatPath(i.path)}: ${describeIssue(i)}`);
}

describe('envVarSchema | names, as the API server checks them', () => {
  it('accepts printable ASCII other than "=" and refuses everything else (property)', () => {
    // Oracle: the rule character by character, not the schema's regular expression.
    const allowed = (name: string) =>
      name.length > 0 &&
      Array.from({ length: name.length }, (_, i) => name.charCodeAt(i)).every((c) => c >= 0x20 && c <= 0x7e && c !== 0x3d);
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.string(), fc.constantFrom('A=B', 'A\nB', 'Ä', 'DÉJÀ', 'a b', '1X', '.x')),
        (name) => {
          expect(envProblems({ name, value: 'v' }).length === 0).toBe(allowed(name));
        },
      ),
    );
  });

  it('names the bad name, escaped and capped, and says what is allowed', () => {
    expect(envProblems({ name: 'A=B', value: 'x' })).toStrictEqual([
      'name: "A=B" is not a valid environment variable name; allowed: printable ASCII characters other than "="',
    ]);
    expect(envProblems({ name: 'A\nB' })).toStrictEqual([
      'name: "A\\nB" is not a valid environment variable name; allowed: printable ASCII characters other than "="',
    ]);
    expect(envProblems({ name: '' })).toStrictEqual(['name: must not be empty']);
    const long = envProblems({ name: `é${'x'.repeat(100_000)}` });
    expect(long[0]?.length).toBeLessThan(400);
  });
});

describe('envVarSchema | value and valueFrom', () => {
  const secret = { secretKeyRef: { name: 's', key: 'k' } };

  it('refuses a non-empty value together with valueFrom, and accepts an empty one', () => {
    expect(envProblems({ name: 'A', value: 'x', valueFrom: secret })).toStrictEqual([
      'valueFrom: must not be given together with a non-empty value; give one of them',
    ]);
    expect(envProblems({ name: 'A', value: '', valueFrom: secret })).toStrictEqual([]);
    expect(envProblems({ name: 'A', valueFrom: secret })).toStrictEqual([]);
  });

  it('needs exactly one source in valueFrom', () => {
    expect(envProblems({ name: 'A', valueFrom: {} })).toStrictEqual([
      'valueFrom: needs one source; allowed: configMapKeyRef, secretKeyRef, fieldRef, resourceFieldRef, fileKeyRef',
    ]);
    expect(envProblems({ name: 'A', valueFrom: { ...secret, fieldRef: { fieldPath: 'metadata.name' } } })).toStrictEqual([
      'valueFrom: has 2 sources (secretKeyRef, fieldRef); exactly one is allowed',
    ]);
  });
});
