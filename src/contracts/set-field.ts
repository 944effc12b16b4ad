/**
 * Sets `target[key] = value` as an own, enumerable data field, whatever the key: an assignment
 * to `__proto__` would set the object's prototype instead, so data read from a user (a label, a
 * header, a map key) named so would vanish or, worse, change the object. Copies built field by
 * field in a loop (cheaper than `Object.fromEntries` over mapped entries) go through here.
 */
export function setField(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
