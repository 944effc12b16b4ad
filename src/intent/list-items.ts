import type { YamlDocument } from './yaml-documents.js';

/** A List object: kind `List` or `<Kind>List`, with a list of items. */
export function isList(v: unknown): v is { items: unknown[] } {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.apiVersion === 'string' && typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items);
}

/**
 * The objects one YAML document stands for: the document itself, or, for a List (`kind: List` or
 * any `*List`, as `kubectl get -o yaml` writes them), its items, as kubectl reads it. Lists may
 * nest. Each item carries its own line, and locates its fields from itself.
 */
export function* listItems(doc: YamlDocument): Generator<YamlDocument> {
  const pending: (readonly (string | number)[])[] = [[]];
  const valueAt = (path: readonly (string | number)[]): unknown =>
    path.reduce<unknown>((v, key) => (v as Record<string | number, unknown>)[key], doc.value);
  for (let n = 0; n < pending.length; n++) {
    const path = pending[n] as readonly (string | number)[];
    const value = valueAt(path);
    if (isList(value)) {
      value.items.forEach((_, i) => pending.push([...path, 'items', i]));
      continue;
    }
    yield {
      value,
      line: doc.locate(path) ?? doc.line,
      locate: path.length === 0 ? doc.locate : (p) => doc.locate([...path, ...p]),
    };
  }
}
