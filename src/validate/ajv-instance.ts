import { Ajv, Name } from 'ajv';
import ajvFormats from 'ajv-formats';

const addFormats = ajvFormats.default;

/** Inclusive ranges, with the bounds spelled out for messages (2^63 - 1 is not exact as a JS number). */
export const INT_RANGES: Readonly<Record<string, { readonly min: number; readonly max: number; readonly text: string }>> = {
  int32: { min: -(2 ** 31), max: 2 ** 31 - 1, text: '-2147483648 to 2147483647' },
  int64: { min: -(2 ** 63), max: 2 ** 63 - 1, text: '-9223372036854775808 to 9223372036854775807' },
};

/**
 * Markers ajv only needs to accept: their meaning is applied when the schema is prepared
 * (structural-schema.ts), when the object is defaulted (api-server-defaulting.ts), or by the CEL step.
 */
const ANNOTATION_KEYWORDS = [
  'x-kubernetes-validations',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
];

let ajv: Ajv | undefined;

/**
 * The one ajv instance every schema chunk is compiled with at run time, configured to check the
 * formats the API server checks, the way it checks them.
 */
export function sharedAjv(): Ajv {
  ajv ??= newAjv();
  return ajv;
}

/**
 * An ajv instance configured as `sharedAjv`. With `formatsCode`, it also keeps each validator's
 * source, for `npm run build` to write as code (ajv/dist/standalone): formats that are functions are
 * then read from the expression `formatsCode` at run time, which the loader binds to the formats of
 * `sharedAjv`, so both kinds of validator run the same format checks.
 */
export function newAjv(formatsCode?: string): Ajv {
  const instance = new Ajv({
    allErrors: true,
    // Errors then carry the failing value and its schema node, which the messages quote.
    verbose: true,
    strictSchema: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    // The derived schemas are trusted generated files; meta-validating them only costs time.
    validateSchema: false,
    addUsedSchema: false,
    // ajv's code optimiser does not make these validators measurably faster but doubles compile time
    // (0.65 s vs 0.29 s for the whole agentgateway backend schema).
    code: formatsCode === undefined ? { optimize: false } : { optimize: false, source: true, formats: new Name(formatsCode) },
  });
  for (const keyword of ANNOTATION_KEYWORDS) instance.addKeyword(keyword);
  addFormats(instance, ['date-time', 'date', 'ipv4', 'ipv6', 'hostname', 'email', 'uuid', 'byte']);
  // Only the range: a fraction already fails `type: integer`, and one error per mistake reads better.
  for (const [name, r] of Object.entries(INT_RANGES)) {
    instance.addFormat(name, { type: 'number', validate: (n: number) => n >= r.min && n <= r.max });
  }
  // The API server's `uri` is Go's url.ParseRequestURI: an absolute URI or an absolute path, no spaces.
  instance.addFormat('uri', { type: 'string', validate: (s: string) => /^([A-Za-z][A-Za-z0-9+.-]*:|\/)\S*$/.test(s) });
  return instance;
}

/**
 * What, besides a schema, decides the code ajv generates for it here: the annotation keywords, and
 * each format's name and form (a regular expression is inlined into the code, a function is called).
 * A precompiled validator is used only where this matches the one it was generated under.
 */
export function ajvSetupFingerprint(instance: Ajv): string {
  const formats = Object.keys(instance.formats)
    .sort()
    .map((name) => {
      const f: unknown = instance.formats[name];
      if (f instanceof RegExp) return `${name}=/${f.source}/${f.flags}`;
      if (typeof f === 'object' && f !== null)
        return `${name}=${typeof (f as { type?: unknown }).type === 'string' ? (f as { type: string }).type : 'string'}:${typeof (f as { validate?: unknown }).validate}`;
      return `${name}=${typeof f}`;
    });
  return JSON.stringify({ keywords: ANNOTATION_KEYWORDS, formats });
}
