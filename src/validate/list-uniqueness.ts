import { formatFieldPath, type PathSegment } from '../contracts/field-path.js';
import { valueText } from '../contracts/value-text.js';
import type { JsonSchema } from '../contracts/json.js';
import { isSchemaNode } from './schema-ref.js';
import type { StructuralIssue } from './structural-issue.js';

/**
 * Checks what `x-kubernetes-list-type` promises and the API server enforces: in a `map` list no two
 * entries have the same values for the `x-kubernetes-list-map-keys` (a missing key counts as null, after
 * defaulting); in a `set` list no two values are equal. `atomic` and unmarked lists may repeat.
 */
export function checkListUniqueness(
  schema: JsonSchema,
  list: readonly unknown[],
  path: readonly PathSegment[],
  issues: StructuralIssue[],
): void {
  const listType = schema['x-kubernetes-list-type'];
  if (listType === 'map') {
    const keys = schema['x-kubernetes-list-map-keys'];
    checkMapList(list, Array.isArray(keys) ? keys.filter((k) => typeof k === 'string') : [], path, issues);
  }
  if (listType === 'set') checkSetList(list, path, issues);
}

function checkMapList(list: readonly unknown[], keys: readonly string[], path: readonly PathSegment[], issues: StructuralIssue[]): void {
  const seen = new Map<string, number>();
  list.forEach((entry, i) => {
    if (!isSchemaNode(entry)) return;
    const id = JSON.stringify(keys.map((k) => entry[k] ?? null));
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, i);
      return;
    }
    const keyText = keys.map((k) => `${k} ${valueText(entry[k])}`).join(', ');
    const keyedBy = keys.length > 1 ? `(${keys.join(', ')})` : keys.join(', ');
    issues.push({
      field: formatFieldPath([...path, i]),
      message: `duplicate entry with ${keyText} (same as index ${first}); entries are keyed by ${keyedBy} and must be unique`,
    });
  });
}

function checkSetList(list: readonly unknown[], path: readonly PathSegment[], issues: StructuralIssue[]): void {
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const id = JSON.stringify(item);
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else {
      const message = `duplicate value ${valueText(item)} (same as index ${first}); values of this list must be unique`;
      issues.push({ field: formatFieldPath([...path, i]), message });
    }
  });
}
