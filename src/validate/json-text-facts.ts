/** What the chunker needs to know of a schema node's JSON text, without writing the text. */
export interface JsonTextFacts {
  /** `JSON.stringify(node).length`. */
  readonly length: number;
  /** `JSON.stringify(node).includes('"$ref"')`: the node holds a `$ref` key (or a string ending in `"$ref`). */
  readonly mentionsRef: boolean;
}

const known = new WeakMap<object, JsonTextFacts>();

/**
 * The length of `JSON.stringify(value)` and whether that text contains `"$ref"`, computed bottom up
 * and remembered per object. The chunker asks this of every subtree at every level; writing each
 * subtree's text out took time quadratic in the schema's depth (a tenth of a second for the
 * agentgateway kinds on a cold run).
 */
export function jsonTextFacts(value: unknown): JsonTextFacts {
  if (typeof value !== 'object' || value === null) return primitiveFacts(value);
  const cached = known.get(value);
  if (cached) return cached;
  let length = 2;
  let mentionsRef = false;
  let first = true;
  const add = (facts: JsonTextFacts, extra: number): void => {
    length += facts.length + extra + (first ? 0 : 1);
    mentionsRef ||= facts.mentionsRef;
    first = false;
  };
  if (Array.isArray(value)) {
    // JSON writes a hole, undefined or a function in a list as null.
    for (const item of value as unknown[]) add(item === undefined || typeof item === 'function' ? NULL_FACTS : jsonTextFacts(item), 0);
  } else {
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      const keyFacts = primitiveFacts(key);
      add(jsonTextFacts(item), keyFacts.length + 1);
      mentionsRef ||= keyFacts.mentionsRef;
    }
  }
  const facts = { length, mentionsRef };
  known.set(value, facts);
  return facts;
}

const NULL_FACTS: JsonTextFacts = { length: 4, mentionsRef: false };

/**
 * A scalar's text. `"$ref"` cannot span two tokens of JSON: a string opens after `{`, `[`, `:` or `,`
 * and closes before one of `:`, `,`, `}`, `]`, so looking at each token alone is exact.
 */
function primitiveFacts(value: unknown): JsonTextFacts {
  const text = (JSON.stringify(value) as string | undefined) ?? 'null';
  return { length: text.length, mentionsRef: typeof value === 'string' && text.includes('"$ref"') };
}
