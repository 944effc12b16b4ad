import { describe, expect, it } from 'vitest';
import type { EmittedObject } from '../../src/contracts/manifest.js';
import type { Estate } from '../../src/intent/estate.js';
import { nothingCompiledNote } from '../../src/app/nothing-compiled.js';
import { estateOf as parsedEstate, presidioProvider, toolGateway, toolServer } from '../support/intent-fixtures.js';

function estateOf(docs: readonly unknown[]): Estate {
  const { estate, problems } = parsedEstate(docs);
  expect(problems).toStrictEqual([]);
  return estate;
}

const from = (kind: string): EmittedObject => ({
  manifest: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x', namespace: 'a' } },
  provenance: { intent: { kind, namespace: 'a', name: 'x' } },
});

describe('nothingCompiledNote |', () => {
  it('notes an estate of providers only, counting what was read', () => {
    const estate = estateOf([presidioProvider('a'), presidioProvider('b')]);
    expect(nothingCompiledNote(estate, [])).toStrictEqual({
      severity: 'info',
      message:
        'read 2 GuardrailProviders but nothing compiles: no ToolGateway, ToolRoute or ToolServer: Guards and GuardrailProviders compile only for the gateways and routes that use them',
    });
  });

  it("notes gateways that compiled to nothing as another controller's", () => {
    const note = nothingCompiledNote(estateOf([toolGateway('a', 'g')]), [from('GuardrailProvider')]);
    expect(note?.message).toBe(
      'read 1 ToolGateway but nothing compiles: every ToolGateway belongs to another controller (see the notes above), and so do the routes attached to them',
    );
  });

  it('says nothing when a gateway, route, server or guard compiled, or when nothing was read', () => {
    const estate = estateOf([toolGateway('a', 'g'), toolServer('a', 's')]);
    for (const kind of ['ToolGateway', 'ToolRoute', 'ToolServer', 'Guard'])
      expect(nothingCompiledNote(estate, [from(kind)]), kind).toBeUndefined();
    expect(nothingCompiledNote(estateOf([]), [])).toBeUndefined();
  });
});
