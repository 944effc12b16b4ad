import { describe, expect, it } from 'vitest';
import { compileEstate } from '../../../src/compile/compile-estate.js';
import type { CompileOptions } from '../../../src/compile/compile-options.js';
import { RECONCILER_CONTROLLER_NAME, TOOL_GATEWAY_CLASS_NAME } from '../../../src/compile/runtime/status-carriers.js';
import { formatProblem } from '../../../src/contracts/problem.js';
import type { ToolGatewayClassFact } from '../../../src/intent/estate.js';
import { routeToUrl, toolGateway, validEstate } from '../../support/intent-fixtures.js';
import { TEST_RUNTIME_ASSETS } from '../../support/runtime-assets.js';

const OPERATOR = 'runtime.agentic-layer.ai/tool-gateway-agentgateway-controller';
/** The class the tool-gateway-agentgateway operator installs. */
const operatorClass: ToolGatewayClassFact = { name: 'agentgateway', controller: OPERATOR, isDefault: true };

function compile(docs: readonly unknown[], classes: readonly ToolGatewayClassFact[] = [], options: CompileOptions = {}) {
  const estate = { ...validEstate(docs), toolGatewayClasses: classes };
  const { objects, problems } = compileEstate({ estate, options, runtimeAssets: TEST_RUNTIME_ASSETS });
  return {
    gateways: objects
      .filter((o) => o.manifest.kind === 'Gateway')
      .map((o) => `${o.manifest.metadata.namespace}/${o.manifest.metadata.name}`),
    routes: objects
      .filter((o) => o.manifest.kind === 'HTTPRoute')
      .map((o) => `${o.manifest.metadata.namespace}/${o.manifest.metadata.name}`),
    notes: problems.filter((p) => p.severity === 'info').map(formatProblem),
    errors: problems.filter((p) => p.severity === 'error').map(formatProblem),
  };
}

const estate = [
  toolGateway('tool-gateway', 'ours', { toolGatewayClassName: TOOL_GATEWAY_CLASS_NAME }),
  toolGateway('tool-gateway', 'theirs', { toolGatewayClassName: 'agentgateway' }),
  routeToUrl('team-a', 'a', 'https://a.example.com/mcp', { toolGatewayRef: { name: 'ours', namespace: 'tool-gateway' } }),
  routeToUrl('team-a', 'b', 'https://b.example.com/mcp', { toolGatewayRef: { name: 'theirs', namespace: 'tool-gateway' } }),
];

describe('gateway class ownership |', () => {
  it("leaves a gateway of another controller's class, and its routes, to that controller, with a note on each", () => {
    const r = compile(estate, [operatorClass]);
    expect(r.errors).toStrictEqual([]);
    expect(r.gateways).toStrictEqual(['tool-gateway/ours']);
    expect(r.routes).toStrictEqual(['team-a/ours-a']);
    expect(r.notes).toStrictEqual([
      `info: ToolGateway tool-gateway/theirs: spec.toolGatewayClassName: names class "agentgateway", which belongs to controller "${OPERATOR}", so it is not compiled, nor are its routes; to compile it here instead (and stop that controller), adopt the class: --adopt-class agentgateway (adoptToolGatewayClasses in TypeScript)`,
      `info: ToolRoute team-a/b: spec.toolGatewayRef: attaches to ToolGateway tool-gateway/theirs, which names class "agentgateway", which belongs to controller "${OPERATOR}"; the route is that controller's to serve, so it is not compiled`,
    ]);
  });

  it('a named class unknown to the input is still not ours', () => {
    const r = compile([toolGateway('tool-gateway', 'x', { toolGatewayClassName: 'kgateway' })]);
    expect(r.gateways).toStrictEqual([]);
    expect(r.notes[0]).toContain('names class "kgateway", which belongs to another controller');
  });

  it('compiles a gateway of an adopted class, as if it were ours', () => {
    const r = compile(estate, [operatorClass], { adoptToolGatewayClasses: ['agentgateway'] });
    expect(r.gateways).toStrictEqual(['tool-gateway/ours', 'tool-gateway/theirs']);
    expect(r.routes).toStrictEqual(['team-a/ours-a', 'team-a/theirs-b']);
    expect(r.notes).toStrictEqual([]);
  });

  it("a gateway without a class is ours, unless the input's default class is another controller's", () => {
    const bare = [toolGateway('tool-gateway', 'tg'), routeToUrl('team-a', 'r', 'https://r.example.com/mcp')];
    expect(compile(bare).gateways).toStrictEqual(['tool-gateway/tg']);
    expect(compile(bare, [{ ...operatorClass, isDefault: false }]).gateways).toStrictEqual(['tool-gateway/tg']);
    const skipped = compile(bare, [operatorClass]);
    expect(skipped.gateways).toStrictEqual([]);
    expect(skipped.routes).toStrictEqual([]);
    expect(skipped.notes[0]).toContain(`names no class, and the default class in the input is "agentgateway" of controller "${OPERATOR}"`);
    expect(compile(bare, [operatorClass], { adoptToolGatewayClasses: ['agentgateway'] }).gateways).toStrictEqual(['tool-gateway/tg']);
  });

  it('our class by name, or any class of our controller, is ours', () => {
    const named = [toolGateway('tool-gateway', 'a', { toolGatewayClassName: TOOL_GATEWAY_CLASS_NAME })];
    expect(compile(named, [operatorClass]).gateways).toStrictEqual(['tool-gateway/a']);
    const renamed = [toolGateway('tool-gateway', 'b', { toolGatewayClassName: 'platform' })];
    expect(compile(renamed, [{ name: 'platform', controller: RECONCILER_CONTROLLER_NAME, isDefault: false }]).gateways).toStrictEqual([
      'tool-gateway/b',
    ]);
  });
});
