import { afterEach, expect } from 'vitest';

/**
 * Unit test files share one module graph per worker, so a test that adds a property to
 * Object.prototype (prototype pollution, e.g. through a `__proto__` key in generated input)
 * would leak into every file after it. Fail the test that did it, by name, instead.
 */
afterEach(() => {
  const leaked = Object.getOwnPropertyNames(Object.prototype).filter((k) => !BUILTIN.has(k));
  // Clean up first, so that only the test that polluted fails, not every test after it.
  for (const k of leaked) Reflect.deleteProperty(Object.prototype, k);
  expect(leaked, 'this test added properties to Object.prototype').toStrictEqual([]);
});

/** Object.prototype's own properties in Node 20 (ECMAScript plus Annex B's accessors). */
const BUILTIN = new Set([
  'constructor',
  '__defineGetter__',
  '__defineSetter__',
  'hasOwnProperty',
  '__lookupGetter__',
  '__lookupSetter__',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toString',
  'valueOf',
  '__proto__',
  'toLocaleString',
]);
