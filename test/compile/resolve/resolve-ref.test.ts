import { describe, expect, it } from 'vitest';
import { formatProblem, type Problem } from '../../../src/contracts/problem.js';
import { problemsFor } from '../../../src/compile/problem-sink.js';
import { RefTargets, refNamespace, resolveRef } from '../../../src/compile/resolve/resolve-ref.js';

const route = { kind: 'ToolRoute', namespace: 'team-a', name: 'weather' };
const servers = new RefTargets('ToolServer', [
  { namespace: 'team-a', name: 'weather', port: 1 },
  { namespace: 'tools', name: 'weather', port: 2 },
]);

function resolve(ref: { name: string; namespace?: string; kind?: string }, targets = servers) {
  const problems: Problem[] = [];
  const target = resolveRef(ref, targets, problemsFor(route, problems), 'spec.upstream.toolServerRef');
  return { target, messages: problems.map(formatProblem) };
}

describe('resolveRef |', () => {
  it("defaults the namespace to the referencing object's", () => {
    expect(resolve({ name: 'weather' })).toStrictEqual({ target: { namespace: 'team-a', name: 'weather', port: 1 }, messages: [] });
    expect(resolve({ name: 'weather', namespace: 'tools', kind: 'ToolServer' }).target).toStrictEqual({
      namespace: 'tools',
      name: 'weather',
      port: 2,
    });
    expect(refNamespace({}, route)).toBe('team-a');
    expect(refNamespace({ namespace: 'tools' }, route)).toBe('tools');
  });

  it('reports a kind other than the target kind at <field>.kind and resolves nothing', () => {
    expect(resolve({ name: 'weather', kind: 'Service' })).toStrictEqual({
      target: undefined,
      messages: [
        'error: ToolRoute team-a/weather: spec.upstream.toolServerRef.kind: "Service" is not allowed; allowed: "ToolServer" (or leave it out)',
      ],
    });
  });

  it('reports a missing target at the field, with the hint of the target kind when it has one', () => {
    expect(resolve({ name: 'nope' }).messages).toStrictEqual([
      'error: ToolRoute team-a/weather: spec.upstream.toolServerRef: ToolServer team-a/nope is not defined in this input',
    ]);
    const hinted = new RefTargets('ToolServer', [], 'define it');
    expect(resolve({ name: 'nope', namespace: 'x' }, hinted).messages).toStrictEqual([
      'error: ToolRoute team-a/weather: spec.upstream.toolServerRef: ToolServer x/nope is not defined in this input; define it',
    ]);
  });

  it('lets a later target of the same namespace and name win', () => {
    const targets = new RefTargets('ToolGateway', [
      { namespace: 'a', name: 'g', from: 'imported' },
      { namespace: 'a', name: 'g', from: 'defined' },
    ]);
    expect(targets.get('a', 'g')?.from).toBe('defined');
    expect(targets.all()).toStrictEqual([{ namespace: 'a', name: 'g', from: 'defined' }]);
  });
});
