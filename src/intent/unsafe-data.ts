/** Where intent data holds something no Kubernetes object can, and why. */
export interface UnsafeData {
  readonly path: (string | number)[];
  readonly message: string;
}

/** A lone UTF-16 surrogate: text that is not valid Unicode and cannot be written as UTF-8 YAML or JSON. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The first place inside `value` (depth first, in key order) with an own `__proto__` key or a key or
 * string that is not valid Unicode, or undefined.
 *
 * No field, label, annotation or resource name of the intent may be called `__proto__`, and an object
 * copied by assignment would take such a key's value as its prototype (zod's records drop it silently),
 * so the intent front door refuses it by name rather than lose it. Lone surrogates cannot come from a
 * UTF-8 file but can from TypeScript; the API server stores UTF-8, so they are refused the same way.
 */
export function unsafeData(value: unknown): UnsafeData | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const top = stack.pop();
    if (!top) continue;
    if (typeof top.value === 'string') {
      if (LONE_SURROGATE.test(top.value)) return { path: top.path, message: 'is not valid Unicode text (it holds a lone surrogate)' };
      continue;
    }
    if (typeof top.value !== 'object' || top.value === null) continue;
    const children: { value: unknown; path: (string | number)[] }[] = [];
    if (Array.isArray(top.value)) top.value.forEach((v: unknown, i) => children.push({ value: v, path: [...top.path, i] }));
    else
      for (const [k, v] of Object.entries(top.value)) {
        const path = [...top.path, k];
        if (k === '__proto__') {
          return {
            path,
            message: 'a key named "__proto__" is not allowed: no Kubernetes field, label, annotation or resource name has that name',
          };
        }
        if (LONE_SURROGATE.test(k)) return { path, message: 'this key is not valid Unicode text (it holds a lone surrogate)' };
        children.push({ value: v, path });
      }
    // Pushed last to first so that the stack visits them in order; one push each, since spreading a
    // list of 100,000+ items into push() overflows the call stack.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as (typeof children)[number]);
  }
  return undefined;
}
