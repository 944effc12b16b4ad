/**
 * JSON as this project reads it: objects parsed from YAML or JSON whose fields are not yet
 * checked, JSON Schema nodes, and the one string order used wherever output is sorted.
 */

/** A JSON object whose members are not known yet; read a member, check its type, then use it. */
export type JsonObject = { readonly [key: string]: unknown };

/** A JSON Schema node as stored in imports/schemas (OpenAPI v3 with Kubernetes `x-kubernetes-*` markers). */
export type JsonSchema = JsonObject;

/** True for a JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** UTF-16 code-unit order: unlike localeCompare, it is the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
