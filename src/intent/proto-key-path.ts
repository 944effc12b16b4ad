/**
 * The path of the first own `__proto__` key inside `value` (depth first, in key order), or undefined.
 * No field, label, annotation or resource name of the intent may be called `__proto__`, and an object
 * copied by assignment would take such a key's value as its prototype (zod's records drop it silently),
 * so the intent front door refuses it by name rather than lose it.
 */
export function protoKeyPath(value: unknown): (string | number)[] | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const top = stack.pop();
    if (!top || typeof top.value !== 'object' || top.value === null) continue;
    const children: { value: unknown; path: (string | number)[] }[] = [];
    if (Array.isArray(top.value)) top.value.forEach((v: unknown, i) => children.push({ value: v, path: [...top.path, i] }));
    else
      for (const [k, v] of Object.entries(top.value)) {
        if (k === '__proto__') return [...top.path, k];
        children.push({ value: v, path: [...top.path, k] });
      }
    // Pushed last to first so that the stack visits them in order; one push each, since spreading a
    // list of 100,000+ items into push() overflows the call stack.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as (typeof children)[number]);
  }
  return undefined;
}
