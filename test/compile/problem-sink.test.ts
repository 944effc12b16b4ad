import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/contracts/problem.js';
import { problemsFor } from '../../src/compile/problem-sink.js';

const route = { kind: 'ToolRoute', namespace: 'team-a', name: 'weather', origin: { file: 'estate.yaml', line: 3 } };

describe('problemsFor |', () => {
  it('reports errors and warnings about its intent, in the order reported, into the shared list', () => {
    const problems: Problem[] = [{ severity: 'warning', message: 'found earlier' }];
    const report = problemsFor(route, problems);
    report.error('spec.toolGatewayRef', 'is not set');
    report.warning(undefined, 'looks odd');
    expect(problems).toStrictEqual([
      { severity: 'warning', message: 'found earlier' },
      {
        severity: 'error',
        object: { kind: 'ToolRoute', namespace: 'team-a', name: 'weather' },
        field: 'spec.toolGatewayRef',
        message: 'is not set',
        origin: { file: 'estate.yaml', line: 3 },
      },
      {
        severity: 'warning',
        object: { kind: 'ToolRoute', namespace: 'team-a', name: 'weather' },
        field: undefined,
        message: 'looks odd',
        origin: { file: 'estate.yaml', line: 3 },
      },
    ]);
  });

  it('keeps the intent it reports about', () => {
    expect(problemsFor(route, []).intent).toBe(route);
  });
});
