import { describe, expect, test } from 'vitest';
import { AllowedNamespaces } from '../../src/constructs/allowed-namespaces.js';

describe('AllowedNamespaces |', () => {
  test('renders from: Same, All or Selector, with labels and requirements', () => {
    expect(AllowedNamespaces.same()._toSpec()).toStrictEqual({ from: 'Same' });
    expect(AllowedNamespaces.all()._toSpec()).toStrictEqual({ from: 'All' });
    expect(
      AllowedNamespaces.selector({ tools: 'shared' }, [
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'team', operator: 'Exists' },
      ])._toSpec(),
    ).toStrictEqual({
      from: 'Selector',
      selector: {
        matchLabels: { tools: 'shared' },
        matchExpressions: [
          { key: 'env', operator: 'NotIn', values: ['dev'] },
          { key: 'team', operator: 'Exists' },
        ],
      },
    });
    // An empty selector is rendered as written; the intent schema rejects it with a hint to write from: All.
    expect(AllowedNamespaces.selector({})._toSpec()).toStrictEqual({ from: 'Selector', selector: {} });
  });

  test('as a namespace selector: nothing for All, the own namespace for Same, the selector for Selector', () => {
    expect(AllowedNamespaces.all()._toNamespaceSelector('team-a')).toBeUndefined();
    expect(AllowedNamespaces.same()._toNamespaceSelector('team-a')).toStrictEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'team-a' } },
    });
    expect(AllowedNamespaces.selector({ tools: 'shared' })._toNamespaceSelector('team-a')).toStrictEqual({
      namespaceSelector: { matchLabels: { tools: 'shared' } },
    });
  });

  test('copies the labels it is given, so later changes to the caller object do not leak in', () => {
    const labels: Record<string, string> = { tools: 'shared' };
    const allowed = AllowedNamespaces.selector(labels);
    labels.tools = 'changed';
    expect(allowed._toSpec()).toStrictEqual({ from: 'Selector', selector: { matchLabels: { tools: 'shared' } } });
  });
});
