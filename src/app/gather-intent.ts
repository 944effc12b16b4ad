import { ApiObject, Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import type { GatewayTarget, ToolServerTarget } from '../compile/resolve/resolve-routes.js';
import { IntentConstruct } from '../constructs/intent-construct.js';
import { KnownNamespace } from '../constructs/known-namespace.js';
import { ToolGateway, type IToolGateway } from '../constructs/tool-gateway.js';
import { ToolServer, type IToolServer } from '../constructs/tool-server.js';
import type { EmittedObject, Manifest } from '../contracts/manifest.js';
import type { Problem } from '../contracts/problem.js';
import type { Estate } from '../intent/estate.js';
import { assembleEstate } from '../intent/assemble-estate.js';
import { parseImportedToolServer } from '../intent/parse-imported-tool-server.js';
import { parseIntentDocument, type ParsedDocument } from '../intent/parse-intent.js';
import type { IntentPatches } from './output-patches.js';

/** The intent of a construct tree, ready to compile, and the other objects its charts hold. */
export interface GatheredIntent {
  readonly estate: Estate;
  readonly importedGateways: readonly GatewayTarget[];
  readonly importedToolServers: readonly ToolServerTarget[];
  /** The charts' own ApiObjects (not ours): emitted beside the compiled output and validated with it. */
  readonly otherObjects: readonly EmittedObject[];
  /** What the intent constructs' `addJsonPatch` asked for. */
  readonly outputPatches: readonly IntentPatches[];
  readonly problems: Problem[];
}

export interface GatherOptions {
  /** Run every construct's validations and report their errors as problems. @default true */
  readonly runValidations?: boolean;
  /** Charts whose ApiObjects are not the user's own (the stage that holds the compiled output). */
  readonly skipCharts?: readonly Chart[];
}

/**
 * Reads the intent constructs (ToolGateway, ToolServer, ToolRoute, Guard, ...), KnownNamespaces
 * and imported gateways and tool servers below `root`, and the ApiObjects of its charts. Both the ToolGatewayApp
 * and the ToolGatewayStage compile what this returns, so the two doors compile alike.
 */
export function gatherIntent(root: IConstruct, options: GatherOptions = {}): GatheredIntent {
  const problems: Problem[] = [];
  const docs: ParsedDocument[] = [];
  const importedGateways: GatewayTarget[] = [];
  const importedToolServers: ToolServerTarget[] = [];
  const otherObjects: EmittedObject[] = [];
  const outputPatches: IntentPatches[] = [];
  const skip = new Set<IConstruct>(options.skipCharts ?? []);
  for (const c of root.node.findAll()) {
    const origin = { constructPath: c.node.path };
    if (options.runValidations !== false) for (const message of c.node.validate()) problems.push({ severity: 'error', message, origin });
    if (IntentConstruct.isIntentConstruct(c)) {
      const doc = c._toIntentDocument();
      docs.push(parseIntentDocument(doc, origin, problems));
      const patches = c._outputPatches();
      if (patches.length > 0) outputPatches.push({ intent: { kind: doc.kind, namespace: c.namespace, name: c.name }, origin, patches });
    } else if (KnownNamespace.isKnownNamespace(c)) docs.push(parseIntentDocument(c._toDocument(), origin, problems));
    else if (isImportedGateway(c)) importedGateways.push({ name: c.name, namespace: c.namespace });
    else if (isImportedToolServer(c)) {
      const server = parseImportedToolServer(c.name, c.namespace, ToolServer._importSpec(c), origin, problems);
      if (server) importedToolServers.push(server);
    } else if (ApiObject.isApiObject(c) && !skip.has(Chart.of(c))) otherObjects.push({ manifest: c.toJson() as Manifest });
  }
  return { estate: assembleEstate(docs, problems), importedGateways, importedToolServers, otherObjects, outputPatches, problems };
}

function isImportedGateway(c: unknown): c is IToolGateway {
  return typeof c === 'object' && c !== null && 'node' in c && ToolGateway.isImported(c as IToolGateway);
}

function isImportedToolServer(c: unknown): c is IToolServer {
  return typeof c === 'object' && c !== null && 'node' in c && ToolServer.isImported(c as IToolServer);
}
