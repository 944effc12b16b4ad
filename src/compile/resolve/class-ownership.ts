import type { Problem } from '../../contracts/problem.js';
import type { Estate, ToolGatewayClassFact, ToolGatewayIntent } from '../../intent/estate.js';
import { problemsFor } from '../problem-sink.js';
import { RECONCILER_CONTROLLER_NAME, TOOL_GATEWAY_CLASS_NAME } from '../runtime/status-carriers.js';

export { DEFAULT_CLASS_ANNOTATION } from '../../contracts/api-group.js';

/** ToolGateways split by whether this compiler owns them. */
export interface GatewayOwnership {
  readonly ours: readonly ToolGatewayIntent[];
  /** Gateways of another controller's class, with why, keyed by `<namespace>/<name>`. */
  readonly foreign: ReadonlyMap<string, { readonly gateway: ToolGatewayIntent; readonly reason: string }>;
}

const isOurs = (c: ToolGatewayClassFact, adopted: ReadonlySet<string>) =>
  c.name === TOOL_GATEWAY_CLASS_NAME || c.controller === RECONCILER_CONTROLLER_NAME || adopted.has(c.name);

/**
 * Which ToolGateways are ours, with the rules a class-aware controller applies: a gateway that
 * names a class is ours when the class is ours (our own, or one the options adopt); a gateway
 * that names none is ours unless the input declares a default class of another controller. A
 * gateway that is not ours is another controller's to run: it is left alone, with a note, and
 * so are its routes, rather than compiled into objects that controller would fight over.
 */
export function gatewayOwnership(estate: Estate, adoptedClasses: readonly string[], problems: Problem[]): GatewayOwnership {
  const adopted = new Set(adoptedClasses);
  const classes = new Map((estate.toolGatewayClasses ?? []).map((c) => [c.name, c]));
  const foreignDefault = (estate.toolGatewayClasses ?? []).filter((c) => c.isDefault && !isOurs(c, adopted));
  const ours: ToolGatewayIntent[] = [];
  const foreign = new Map<string, { gateway: ToolGatewayIntent; reason: string }>();
  for (const tg of estate.toolGateways) {
    const named = tg.spec.toolGatewayClassName;
    let reason: string | undefined;
    if (named !== undefined && named !== '') {
      const known = classes.get(named);
      if (!(named === TOOL_GATEWAY_CLASS_NAME || adopted.has(named) || (known && isOurs(known, adopted)))) {
        const owner = known ? `controller ${JSON.stringify(known.controller)}` : 'another controller';
        reason = `names class ${JSON.stringify(named)}, which belongs to ${owner}`;
      }
    } else if (foreignDefault.length > 0) {
      const c = foreignDefault[0] as ToolGatewayClassFact;
      reason = `names no class, and the default class in the input is ${JSON.stringify(c.name)} of controller ${JSON.stringify(c.controller)}`;
    }
    if (reason === undefined) {
      ours.push(tg);
      continue;
    }
    const cls = named !== undefined && named !== '' ? named : (foreignDefault[0] as ToolGatewayClassFact).name;
    foreign.set(`${tg.namespace}/${tg.name}`, { gateway: tg, reason });
    problemsFor(tg, problems).info(
      'spec.toolGatewayClassName',
      `${reason}, so it is not compiled, nor are its routes; to compile it here instead (and stop that controller), adopt the class: --adopt-class ${cls} (adoptToolGatewayClasses in TypeScript)`,
    );
  }
  return { ours, foreign };
}
