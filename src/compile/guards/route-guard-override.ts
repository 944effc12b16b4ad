import type { Problem } from '../../contracts/problem.js';
import type { GuardIntent, ToolGatewayIntent } from '../../intent/estate.js';
import { problemsFor } from '../problem-sink.js';
import type { ResolvedRoute } from '../resolve/resolve-routes.js';

/** A gateway's own guard, resolved and admitted. */
export interface GatewayGuard {
  readonly gateway: ToolGatewayIntent;
  readonly guard: GuardIntent;
}

/** A route's own guard, resolved and admitted. */
export interface RouteGuard {
  readonly route: ResolvedRoute;
  readonly guard: GuardIntent;
}

/** What the override check decided. */
export interface GuardOverrides {
  /**
   * Keys (`namespace/name`) of gateways whose guard a route replaces, with the owner's consent.
   * Their guard runs after routing, where a route's own ext_proc takes its place; every other
   * gateway guard runs before routing, where no route policy can displace it.
   */
  readonly replaced: ReadonlySet<string>;
}

const gatewayKey = (g: { namespace: string; name: string }) => `${g.namespace}/${g.name}`;
const guardLabel = (g: GuardIntent) => `Guard ${g.namespace}/${g.name}`;

/**
 * Who may override a guard. agentgateway runs one ext_proc per phase: a gateway guard in the
 * PreRouting phase and a route guard in PostRouting both run, while two PostRouting ones merge
 * and the route's wins. So a route's guard adds to its gateway's (mode Add, the default), and
 * replaces it (mode Replace) only where the gateway's owner set `routeOverride: Allow`; a
 * replacement is a warning, so the weakening stays visible. Problems go into `problems`.
 */
export function checkGuardOverrides(
  gatewayGuards: ReadonlyMap<string, GatewayGuard>,
  routeGuards: readonly RouteGuard[],
  problems: Problem[],
): GuardOverrides {
  const replaced = new Map<string, ResolvedRoute>();
  for (const { route: r, guard } of routeGuards) {
    if (r.route.spec.guardrailPolicy?.mode !== 'Replace') continue;
    const report = problemsFor(r.route, problems);
    const tg = r.gateway.intent;
    // An imported gateway's guard is compiled by its owner, who cannot see this route replace it.
    if (!tg || r.gateway.imported) {
      report.error(
        'spec.guardrailPolicy.mode',
        `"Replace" needs the consent of the gateway's owner, but ToolGateway ${gatewayKey(r.gateway)} is owned by another pipeline, so it cannot be checked here; leave mode at Add (the default) so both guards apply`,
      );
      continue;
    }
    const own = gatewayGuards.get(gatewayKey(tg));
    // Nothing to replace: the route's guard is the only one either way.
    if (!own) continue;
    const weakens = own.guard.spec.failureMode === 'FailClosed' && guard.spec.failureMode === 'FailOpen';
    const what = `the guard of ToolGateway ${gatewayKey(tg)} (${guardLabel(own.guard)}) with ${guardLabel(guard)} on this route${
      weakens ? ', weakening FailClosed to FailOpen' : ''
    }`;
    if (tg.spec.guardrailPolicy?.routeOverride !== 'Allow') {
      report.error(
        'spec.guardrailPolicy.mode',
        `"Replace" would replace ${what}, which the gateway's owner does not allow; the owner must set spec.guardrailPolicy.routeOverride: Allow on ToolGateway ${gatewayKey(tg)}, or leave mode at Add (the default) so both guards apply`,
      );
      continue;
    }
    report.warning(
      'spec.guardrailPolicy.mode',
      `replaces ${what}, as ToolGateway ${gatewayKey(tg)} allows (spec.guardrailPolicy.routeOverride: Allow)`,
    );
    replaced.set(gatewayKey(tg), r);
  }

  // A gateway guard that a route replaces runs after routing, where it cannot also run beside
  // another route's own guard: one ext_proc per route and phase.
  for (const { route: r, guard } of routeGuards) {
    if (r.route.spec.guardrailPolicy?.mode === 'Replace') continue;
    const by = replaced.get(gatewayKey(r.gateway));
    const own = gatewayGuards.get(gatewayKey(r.gateway));
    if (!by || !own) continue;
    problemsFor(r.route, problems).error(
      'spec.guardrailPolicy.mode',
      `cannot add ${guardLabel(guard)} to the guard of ToolGateway ${gatewayKey(r.gateway)} (${guardLabel(own.guard)}), because ToolRoute ${by.route.namespace}/${by.route.name} replaces that guard, and agentgateway then runs it in the route's one ext_proc slot; set spec.guardrailPolicy.mode: Replace here (this route then runs only its own guard), or drop the replacement on ToolRoute ${by.route.namespace}/${by.route.name}`,
    );
  }
  return { replaced: new Set(replaced.keys()) };
}
