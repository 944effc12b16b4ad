import { GATEWAY_POD_LABEL } from '../contracts/labels.js';
import { compareStrings, isJsonObject } from '../contracts/json.js';
import type { Manifest } from '../contracts/manifest.js';
import type { LabelSelector } from '../contracts/selector.js';
import { namespaceLabelsOf, peerText, portsText, selectorText } from './explain-workload.js';
import { NetworkPolicyEvaluator } from './network-policy-evaluator.js';
import type { PolicyPeer } from './network-policy-shape.js';

export type NodeShape = 'gateway' | 'route' | 'upstream' | 'guard' | 'peer';

/** One box of the diagram. `id` is made of ASCII letters, digits and `_` only, whatever the name. */
export interface TopologyNode {
  readonly id: string;
  readonly label: string;
  readonly shape: NodeShape;
  /** The namespace the object lives in: the renderers group nodes by it. */
  readonly namespace?: string;
}

/** `solid` for traffic the gateway routes; `dashed` for consent and network reachability. */
export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  readonly style: 'solid' | 'dashed';
}

export interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
}

/**
 * A node id that is a valid Mermaid and DOT identifier for any key: letters and digits stay,
 * every other character (including `_`) becomes `_<hex>_`, so distinct keys never share an id.
 * The prefix keeps ids off the renderers' keywords (`end`, `graph`, `subgraph`) and off the
 * letters Mermaid reads as edge ends (`o`, `x`).
 */
export function nodeId(prefix: 'gw' | 'rt' | 'set' | 'ts' | 'ext' | 'guard' | 'wl' | 'peer' | 'ns', key: string): string {
  let id = `${prefix}_`;
  for (const ch of key) id += /^[A-Za-z0-9]$/.test(ch) ? ch : `_${(ch.codePointAt(0) ?? 0).toString(16)}_`;
  return id;
}

interface Ref {
  readonly name?: unknown;
  readonly namespace?: unknown;
}

function refKey(ref: unknown, defaultNamespace: string): string | undefined {
  if (!isJsonObject(ref)) return undefined;
  const r = ref as Ref;
  if (typeof r.name !== 'string') return undefined;
  return `${typeof r.namespace === 'string' ? r.namespace : defaultNamespace}/${r.name}`;
}

function specOf(m: Manifest): Record<string, unknown> {
  const spec = (m as { spec?: unknown }).spec;
  return isJsonObject(spec) ? spec : {};
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function filterText(filter: unknown): string {
  if (!isJsonObject(filter)) return 'all tools';
  const allow = stringList(filter.allow);
  const deny = stringList(filter.deny);
  const parts = [allow.length ? `allow ${allow.join(', ')}` : 'allow all', ...(deny.length ? [`deny ${deny.join(', ')}`] : [])];
  return parts.join('; ');
}

/** Where a Gateway's listeners admit routes from, in Gateway API terms. */
function admittedText(gateway: Manifest): string[] {
  const listeners = specOf(gateway).listeners;
  const texts = new Set<string>();
  for (const l of Array.isArray(listeners) ? listeners : []) {
    const ns =
      isJsonObject(l) && isJsonObject(l.allowedRoutes) && isJsonObject(l.allowedRoutes.namespaces) ? l.allowedRoutes.namespaces : {};
    const from = typeof ns.from === 'string' ? ns.from : 'Same';
    if (from === 'All') texts.add('routes from any namespace');
    else if (from === 'Selector') {
      const s = selectorText(ns.selector as LabelSelector | undefined);
      texts.add(s ? `routes from namespaces with ${s}` : 'routes from any namespace');
    } else texts.add(`routes from namespace ${gateway.metadata.namespace ?? 'default'}`);
  }
  return [...texts].sort(compareStrings);
}

/** `namespace/name` of the gateway whose proxy pods a peer selects exactly, if that is all it selects. */
function gatewayPeer(peer: PolicyPeer, policyNamespace: string): string | undefined {
  const pods = peer.podSelector;
  const name = pods?.matchLabels?.[GATEWAY_POD_LABEL];
  if (name === undefined || Object.keys(pods?.matchLabels ?? {}).length !== 1 || pods?.matchExpressions?.length) return undefined;
  const nsSel = peer.namespaceSelector;
  if (!nsSel) return `${policyNamespace}/${name}`;
  const nsName = nsSel.matchLabels?.['kubernetes.io/metadata.name'];
  if (nsName === undefined || Object.keys(nsSel.matchLabels ?? {}).length !== 1 || nsSel.matchExpressions?.length) return undefined;
  return `${nsName}/${name}`;
}

function externalHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    // Not a URL (hand-edited manifests): anything of it could be a secret.
    return '(not a URL)';
  }
}

/**
 * The topology of the emitted manifests: gateways, the routes attached to them (with their tool
 * filters), the ToolSets that publish several routes at one endpoint, the upstreams they forward to, the guards on gateways and routes, the namespaces
 * whose routes a gateway admits, and who the NetworkPolicies let reach each gateway and workload.
 * It reads the output rather than the intent so that it shows what will be applied, for YAML and
 * TypeScript estates alike.
 */
export function buildTopology(manifests: readonly Manifest[]): Topology {
  const nodes = new Map<string, TopologyNode>();
  const edges = new Map<string, TopologyEdge>();
  const addNode = (n: TopologyNode): void => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
  };
  const addEdge = (e: TopologyEdge): void => {
    edges.set(`${e.from} ${e.to} ${e.style} ${e.label ?? ''}`, e);
  };
  const ns = (m: Manifest): string => m.metadata.namespace ?? 'default';
  /** The node of an object known only by reference, `namespace/name`. */
  const addRefNode = (prefix: Parameters<typeof nodeId>[0], kind: string, shape: NodeShape, key: string): void => {
    const slash = key.indexOf('/');
    addNode({ id: nodeId(prefix, key), label: `${kind} ${key.slice(slash + 1)}`, shape, namespace: key.slice(0, slash) });
  };

  const gateways = manifests.filter((m) => m.kind === 'ToolGateway' && m.apiVersion.startsWith('runtime.agentic-layer.ai/'));
  for (const g of gateways) {
    const key = `${ns(g)}/${g.metadata.name}`;
    addNode({ id: nodeId('gw', key), label: `ToolGateway ${g.metadata.name}`, shape: 'gateway', namespace: ns(g) });
    for (const guard of Array.isArray(specOf(g).guardrails) ? (specOf(g).guardrails as unknown[]) : []) {
      const gk = refKey(guard, ns(g));
      if (gk === undefined) continue;
      addRefNode('guard', 'Guard', 'guard', gk);
      addEdge({ from: nodeId('guard', gk), to: nodeId('gw', key), label: 'guards every route', style: 'dashed' });
    }
    const gatewayApi = manifests.find((m) => m.kind === 'Gateway' && ns(m) === ns(g) && m.metadata.name === g.metadata.name);
    for (const text of gatewayApi ? admittedText(gatewayApi) : []) {
      addNode({ id: nodeId('peer', text), label: text, shape: 'peer' });
      addEdge({ from: nodeId('peer', text), to: nodeId('gw', key), label: 'consent: attach', style: 'dashed' });
    }
  }

  for (const r of manifests.filter((m) => m.kind === 'ToolRoute' && m.apiVersion.startsWith('runtime.agentic-layer.ai/'))) {
    const spec = specOf(r);
    const key = `${ns(r)}/${r.metadata.name}`;
    const route = nodeId('rt', key);
    addNode({ id: route, label: `ToolRoute ${r.metadata.name}`, shape: 'route', namespace: ns(r) });
    const gk = refKey(spec.toolGatewayRef, ns(r));
    if (gk !== undefined) {
      addRefNode('gw', 'ToolGateway', 'gateway', gk);
      addEdge({ from: nodeId('gw', gk), to: route, label: filterText(spec.toolFilter), style: 'solid' });
    }
    const upstream = isJsonObject(spec.upstream) ? spec.upstream : {};
    const tk = refKey(upstream.toolServerRef, ns(r));
    if (tk !== undefined) {
      addRefNode('ts', 'ToolServer', 'upstream', tk);
      addEdge({ from: route, to: nodeId('ts', tk), style: 'solid' });
    } else if (isJsonObject(upstream.external) && typeof upstream.external.url === 'string') {
      const host = externalHost(upstream.external.url);
      addNode({ id: nodeId('ext', host), label: `external ${host}`, shape: 'upstream' });
      addEdge({ from: route, to: nodeId('ext', host), style: 'solid' });
    }
  }

  // A ToolSet publishes its member routes' tools at one URL of its gateway.
  for (const t of manifests.filter((m) => m.kind === 'ToolSet' && m.apiVersion.startsWith('runtime.agentic-layer.ai/'))) {
    const spec = specOf(t);
    const set = nodeId('set', `${ns(t)}/${t.metadata.name}`);
    addNode({ id: set, label: `ToolSet ${t.metadata.name}`, shape: 'route', namespace: ns(t) });
    const gk = refKey(spec.toolGatewayRef, ns(t));
    if (gk !== undefined) {
      addRefNode('gw', 'ToolGateway', 'gateway', gk);
      const prefix = typeof spec.prefixMode === 'string' ? spec.prefixMode : 'Conditional';
      addEdge({ from: nodeId('gw', gk), to: set, label: `one endpoint, prefix ${prefix}`, style: 'solid' });
    }
    for (const member of Array.isArray(spec.routes) ? (spec.routes as unknown[]) : []) {
      const rk = refKey(member, ns(t));
      if (rk === undefined) continue;
      addRefNode('rt', 'ToolRoute', 'route', rk);
      addEdge({ from: set, to: nodeId('rt', rk), label: 'member', style: 'solid' });
    }
  }

  // A route's guard shows in its ext_proc policy: the ToolRoute carrier keeps only upstream fields.
  for (const p of manifests.filter((x) => x.kind === 'AgentgatewayPolicy')) {
    const guard = p.metadata.labels?.['runtime.agentic-layer.ai/guard'];
    const route = p.metadata.labels?.['runtime.agentic-layer.ai/toolroute'];
    const extProc = isJsonObject(specOf(p).traffic) ? (specOf(p).traffic as Record<string, unknown>).extProc : undefined;
    if (guard === undefined || route === undefined || !isJsonObject(extProc)) continue;
    const adapter = isJsonObject(extProc.backendRef) ? extProc.backendRef : {};
    const guardNs = typeof adapter.namespace === 'string' ? adapter.namespace : ns(p);
    const k = `${guardNs}/${guard}`;
    const mode = typeof extProc.failureMode === 'string' ? ` (${extProc.failureMode})` : '';
    addNode({ id: nodeId('guard', k), label: `Guard ${guard}`, shape: 'guard', namespace: guardNs });
    addNode({ id: nodeId('rt', `${ns(p)}/${route}`), label: `ToolRoute ${route}`, shape: 'route', namespace: ns(p) });
    addEdge({ from: nodeId('guard', k), to: nodeId('rt', `${ns(p)}/${route}`), label: `guards${mode}`, style: 'dashed' });
  }

  // Network edges: who the NetworkPolicies let reach each gateway proxy and each workload.
  const evaluator = new NetworkPolicyEvaluator(manifests, namespaceLabelsOf(manifests));
  const targets: { id: string; namespace: string; labels: Record<string, string> }[] = [];
  for (const g of gateways)
    targets.push({ id: nodeId('gw', `${ns(g)}/${g.metadata.name}`), namespace: ns(g), labels: { [GATEWAY_POD_LABEL]: g.metadata.name } });
  for (const d of manifests.filter((m) => m.kind === 'Deployment' && m.apiVersion === 'apps/v1')) {
    const key = `${ns(d)}/${d.metadata.name}`;
    const template = (d as { spec?: { template?: { metadata?: { labels?: Record<string, string> } } } }).spec?.template;
    const id = nodes.has(nodeId('ts', key)) ? nodeId('ts', key) : nodeId('wl', key);
    addNode({ id, label: `Deployment ${d.metadata.name}`, shape: 'upstream', namespace: ns(d) });
    targets.push({ id, namespace: ns(d), labels: template?.metadata?.labels ?? {} });
  }
  for (const t of targets) {
    const selecting = evaluator.selecting({ kind: 'pod', namespace: t.namespace, labels: t.labels }, 'Ingress');
    if (selecting.length === 0) {
      addNode({ id: nodeId('peer', 'anything'), label: 'anything', shape: 'peer' });
      addEdge({ from: nodeId('peer', 'anything'), to: t.id, label: 'network: not isolated', style: 'dashed' });
      continue;
    }
    for (const rule of selecting.flatMap((p) => p.spec.ingress ?? [])) {
      for (const peer of rule.from?.length ? rule.from : [undefined]) {
        const gateway = peer ? gatewayPeer(peer, t.namespace) : undefined;
        const from = gateway !== undefined && nodes.has(nodeId('gw', gateway)) ? nodeId('gw', gateway) : undefined;
        const who = peer ? peerText(peer, t.namespace) : 'anything';
        if (from === undefined) addNode({ id: nodeId('peer', who), label: who, shape: 'peer' });
        addEdge({ from: from ?? nodeId('peer', who), to: t.id, label: `network: ${portsText(rule)}`, style: 'dashed' });
      }
    }
  }

  const byId = (a: { id: string }, b: { id: string }): number => compareStrings(a.id, b.id);
  return {
    nodes: [...nodes.values()].sort(byId),
    edges: [...edges.values()].sort(
      (a, b) =>
        compareStrings(a.from, b.from) ||
        compareStrings(a.to, b.to) ||
        compareStrings(a.style, b.style) ||
        compareStrings(a.label ?? '', b.label ?? ''),
    ),
  };
}
