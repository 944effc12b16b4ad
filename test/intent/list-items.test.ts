import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/contracts/problem.js';
import { isList, listItems } from '../../src/intent/list-items.js';
import { readYamlDocuments } from '../../src/intent/yaml-documents.js';

function items(text: string) {
  const problems: Problem[] = [];
  const out = [...readYamlDocuments(text, 'in.yaml', problems)].flatMap((d) => [...listItems(d)]);
  expect(problems).toStrictEqual([]);
  return out;
}

describe('listItems |', () => {
  it('yields an object that is no List as itself', () => {
    const [only, ...rest] = items('# c\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    expect(rest).toStrictEqual([]);
    expect(only?.line).toBe(2);
    expect(only?.value).toStrictEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
  });

  it('unpacks a List and a nested *List, each item at its own line and locating its own fields', () => {
    const text = [
      'apiVersion: v1', // 1
      'kind: List', // 2
      'items:', // 3
      '  - apiVersion: v1', // 4
      '    kind: ConfigMapList', // 5
      '    items:', // 6
      '      - apiVersion: v1', // 7
      '        kind: ConfigMap', // 8
      '        metadata: {name: inner}', // 9
      '  - apiVersion: v1', // 10
      '    kind: Secret', // 11
      '    metadata:', // 12
      '      name: s', // 13
      '',
    ].join('\n');
    const got = items(text);
    // Breadth first: the outer List's own items, then the nested List's.
    expect(got.map((i) => [(i.value as { kind: string }).kind, i.line])).toStrictEqual([
      ['Secret', 10],
      ['ConfigMap', 7],
    ]);
    expect(got[0]?.locate(['metadata', 'name'])).toBe(13);
    expect(got[1]?.locate(['metadata', 'name'])).toBe(9);
  });

  it('treats a *List without items, or without apiVersion, as an object', () => {
    expect(isList({ apiVersion: 'v1', kind: 'List', items: [] })).toBe(true);
    expect(isList({ apiVersion: 'v1', kind: 'List' })).toBe(false);
    expect(isList({ kind: 'List', items: [] })).toBe(false);
    expect(isList({ apiVersion: 'v1', kind: 'Listing', items: [] })).toBe(false);
    expect(items('apiVersion: v1\nkind: List\nitems: []\n')).toStrictEqual([]);
  });

  it('yields every leaf of any nesting of Lists, in breadth-first order (property)', () => {
    type Tree = { leaf: number } | { list: Tree[] };
    const tree = fc.letrec<{ tree: Tree }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.record({ leaf: fc.nat(99) }),
        fc.record({ list: fc.array(tie('tree'), { maxLength: 4 }) }),
      ),
    })).tree;
    const toDoc = (t: Tree): unknown =>
      'leaf' in t
        ? { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${t.leaf}` } }
        : { apiVersion: 'v1', kind: 'List', items: t.list.map(toDoc) };
    const leaves = (t: Tree): number[] => {
      const out: number[] = [];
      const queue: Tree[] = [t];
      for (let n = 0; n < queue.length; n++) {
        const q = queue[n] as Tree;
        if ('leaf' in q) out.push(q.leaf);
        else queue.push(...q.list);
      }
      return out;
    };
    fc.assert(
      fc.property(tree, (t) => {
        const names = items(stringify(toDoc(t))).map((i) => (i.value as { metadata: { name: string } }).metadata.name);
        expect(names).toStrictEqual(leaves(t).map((n) => `c${n}`));
      }),
      { numRuns: 200 },
    );
  });
});
