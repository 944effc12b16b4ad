import type { GuardIntent, GuardrailProviderIntent } from '../../intent/estate.js';
import type { ImportedIntent } from '../../intent/separate-imports.js';
import type { GatewayTarget, ToolServerTarget } from './resolve-routes.js';

/** What a compilation takes from intent other pipelines own (the `imported*` fields of CompileInput). */
export interface ImportedTargetsInput {
  readonly importedGateways: readonly GatewayTarget[];
  readonly importedToolServers: readonly ToolServerTarget[];
  readonly importedGuards: readonly GuardIntent[];
  readonly importedGuardrailProviders: readonly GuardrailProviderIntent[];
}

/**
 * Imported intent documents as compile targets. A gateway keeps its document, so its
 * allowedRoutes and authentication are checked as for one compiled here; `imported` keeps
 * everything of its own (Gateway, parameters, NetworkPolicy, status) from being emitted.
 */
export function importedTargets(imported: ImportedIntent): ImportedTargetsInput {
  return {
    importedGateways: imported.toolGateways.map((g) => ({ name: g.name, namespace: g.namespace, intent: g, imported: true })),
    importedToolServers: imported.toolServers.map((s) => ({ name: s.name, namespace: s.namespace, spec: s.spec })),
    importedGuards: imported.guards,
    importedGuardrailProviders: imported.guardrailProviders,
  };
}
