import type { EmittedObject } from '../contracts/manifest.js';
import type { Problem } from '../contracts/problem.js';
import type { Estate } from '../intent/estate.js';

/** The kinds whose objects are what a run is for: a gateway, its routes, tool servers and guard adapters. */
const COMPILING_KINDS = new Set(['ToolGateway', 'ToolRoute', 'ToolServer', 'Guard']);

/**
 * A note for a run that read intent but compiled none of it (only GuardrailProviders, or only
 * gateways of another controller's class), so that an empty output is never a silent surprise.
 * Not an error: a folder of providers alone is valid.
 */
export function nothingCompiledNote(estate: Estate, objects: readonly EmittedObject[]): Problem | undefined {
  const read = (
    [
      ['ToolGateway', estate.toolGateways.length],
      ['ToolRoute', estate.toolRoutes.length],
      ['ToolServer', estate.toolServers.length],
      ['Guard', estate.guards.length],
      ['GuardrailProvider', estate.guardrailProviders.length],
    ] as const
  ).filter(([, n]) => n > 0);
  if (read.length === 0) return undefined;
  if (objects.some((o) => COMPILING_KINDS.has(o.provenance?.intent.kind ?? ''))) return undefined;
  const what = read.map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`).join(', ');
  const why =
    estate.toolGateways.length + estate.toolRoutes.length + estate.toolServers.length === 0
      ? 'no ToolGateway, ToolRoute or ToolServer: Guards and GuardrailProviders compile only for the gateways and routes that use them'
      : 'every ToolGateway belongs to another controller (see the notes above), and so do the routes attached to them';
  return { severity: 'info', message: `read ${what} but nothing compiles: ${why}` };
}
