import { Chart } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { dropUndefined, embeddedMetadata, IntentConstruct } from '../../src/constructs/intent-construct.js';
import { KnownNamespace } from '../../src/constructs/known-namespace.js';
import { ToolServer } from '../../src/constructs/tool-server.js';
import { chartIn, problemLines, testApp } from '../support/construct-app.js';

describe('IntentConstruct |', () => {
  test('takes its name from the construct id and its namespace from the enclosing Chart; props override both', () => {
    const chart = chartIn(testApp(), 'team-a');
    const byDefault = new ToolServer(chart, 'weather', { image: 'x:1' });
    expect([byDefault.name, byDefault.namespace]).toStrictEqual(['weather', 'team-a']);
    const overridden = new ToolServer(chart, 'weather-server', { image: 'x:1', name: 'weather-2', namespace: 'team-b' });
    expect([overridden.name, overridden.namespace]).toStrictEqual(['weather-2', 'team-b']);
    expect(overridden._toIntentDocument().metadata).toStrictEqual({ name: 'weather-2', namespace: 'team-b' });
  });

  test('without a namespace, the document has none and the build reports it with the construct path', () => {
    const app = testApp();
    const server = new ToolServer(new Chart(app, 'no-namespace'), 'weather', { image: 'x:1' });
    expect(server.namespace).toBe('');
    expect(server._toIntentDocument().metadata).toStrictEqual({ name: 'weather' });
    const result = app.build();
    expect(result.files).toBeUndefined();
    expect(problemLines(result.problems).filter((l) => l.startsWith('no-namespace/weather: metadata.namespace: '))).toHaveLength(1);
  });

  test('tells intent constructs from other constructs', () => {
    const chart = chartIn(testApp(), 'team-a');
    expect(IntentConstruct.isIntentConstruct(new ToolServer(chart, 's', { image: 'x:1' }))).toBe(true);
    expect(IntentConstruct.isIntentConstruct(new KnownNamespace(chart, 'team-a'))).toBe(false);
    expect(IntentConstruct.isIntentConstruct(chart)).toBe(false);
    expect(IntentConstruct.isIntentConstruct(undefined)).toBe(false);
  });

  test('drops undefined fields and empty lists, and gives no metadata for no labels and no annotations', () => {
    expect(dropUndefined({ a: 1, b: undefined, c: [], d: [0], e: '', f: false })).toStrictEqual({ a: 1, d: [0], e: '', f: false });
    expect(embeddedMetadata(undefined, undefined)).toBeUndefined();
    expect(embeddedMetadata({}, {})).toBeUndefined();
    expect(embeddedMetadata({ a: 'b' }, {})).toStrictEqual({ labels: { a: 'b' } });
    expect(embeddedMetadata(undefined, { c: 'd' })).toStrictEqual({ annotations: { c: 'd' } });
  });
});
