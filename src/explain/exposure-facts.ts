import { GATEWAY_POD_LABEL } from '../contracts/labels.js';
import { compareStrings, isJsonObject, type JsonObject } from '../contracts/json.js';
import type { Manifest } from '../contracts/manifest.js';
import type { LabelSelector } from '../contracts/selector.js';
import { redactUrl } from '../contracts/redact-url.js';
import { namespaceLabelsOf } from './explain-workload.js';
import type { ToolFilterGlobs } from './tool-filter-difference.js';

/** Which namespaces a gateway, tool server or guard admits: Gateway API's and our consent shape alike. */
export interface Consent {
  readonly from: 'All' | 'Same' | 'Selector';
  readonly selector?: LabelSelector;
}

/** What a guard's ext_proc policy says. */
export interface GuardFact {
  /** `namespace/name` of the Guard. */
  readonly guard: string;
  readonly failureMode: string;
}

export interface GatewayFacts {
  /** `namespace/name` of the ToolGateway. */
  readonly key: string;
  /** The issuer and audiences of its JWT policy; undefined without client authentication. */
  readonly jwt?: { readonly issuer: string; readonly audiences: readonly string[]; readonly jwks: string };
  readonly guard?: GuardFact;
  /** The namespaces whose routes the listeners admit (Gateway API semantics). */
  readonly admits: Consent;
}

export interface RouteFacts {
  /** A ToolRoute, or a ToolSet publishing several routes' tools at one URL. */
  readonly kind: 'ToolRoute' | 'ToolSet';
  /** `namespace/name` of the ToolRoute or ToolSet. */
  readonly key: string;
  readonly gateway: string;
  /** The URLs clients call, sorted. */
  readonly urls: readonly string[];
  /** undefined: no filter policy, every tool is exposed. */
  readonly filter?: ToolFilterGlobs;
  /**
   * The CEL of the authorization rules by caller identity, beside the filter (for a ToolSet, of
   * all its members, each on its own target); undefined without rules. Compared as text: diff
   * decides tool filters exactly, not rule sets over tokens.
   */
  readonly rules?: string;
  /** Where the backend forwards to, as a URL without credentials. */
  readonly upstream: string;
  readonly tls: boolean;
  /** `None`, `Hostname` or `All`. */
  readonly skipVerify: string;
  /** The references to credentials the gateway presents upstream (never their values). */
  readonly credentials: readonly string[];
  readonly guard?: GuardFact;
  /** From intent only: the emitted objects do not record it. */
  readonly productionMode?: boolean;
}

export interface WorkloadFacts {
  /** `namespace/Kind/name`: a Deployment's pods or a Gateway's proxy pods. */
  readonly key: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly number[];
}

/** Consent that only intent holds: a ToolServer's or Guard's `allowedNamespaces`. */
export interface ConsentFacts {
  /** `Kind namespace/name`. */
  readonly key: string;
  readonly namespace: string;
  readonly consent: Consent;
}

/** What only intent knows, gathered by the caller from the estate it compiled. */
export interface IntentFacts {
  /** Production mode per ToolRoute `namespace/name`. */
  readonly productionMode: ReadonlyMap<string, boolean>;
  /** Per `Kind namespace/name`, the consent of every ToolServer and Guard. */
  readonly consent: ReadonlyMap<string, ConsentFacts>;
  /** The labels of the Namespaces the intent declares. */
  readonly namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

export interface ExposureFactsOptions {
  readonly clusterDomain?: string;
  /**
   * The allow and deny globs of a tool-filter CEL expression, or undefined when it is not one the
   * compiler writes (the compiler's own reader, passed in: explain reads manifests only).
   */
  readonly readFilter: (expression: string) => ToolFilterGlobs | undefined;
}

/**
 * The facts about one side of a diff that decide what is exposed and to whom. Everything the
 * emitted manifests hold is read from them, so a diff of two intent folders and a diff of two
 * synthesized outputs say the same; production mode and the consent of tool servers and guards
 * leave no trace in the output and come from the intent, when that side is intent.
 */
export interface ExposureFacts {
  readonly gateways: ReadonlyMap<string, GatewayFacts>;
  readonly routes: ReadonlyMap<string, RouteFacts>;
  readonly workloads: ReadonlyMap<string, WorkloadFacts>;
  /** The manifests, for the NetworkPolicy evaluator. */
  readonly manifests: readonly Manifest[];
  readonly namespaceLabels: (namespace: string) => Readonly<Record<string, string>>;
  /** Namespaces this side names (objects' and Namespace documents'). */
  readonly namespaces: readonly string[];
  /** undefined when this side is synthesized output, which does not hold them. */
  readonly consent?: ReadonlyMap<string, ConsentFacts>;
}

/** A manifest this reader cannot make sense of: `diff` reports it rather than guess. */
export class ExposureFactsError extends Error {}

const ns = (m: Manifest): string => m.metadata.namespace ?? 'default';
const spec = (m: Manifest): JsonObject => (isJsonObject(m.spec) ? m.spec : {});
const obj = (v: unknown): JsonObject => (isJsonObject(v) ? v : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A consent as the intent or a Gateway's listener writes it; `fallback` when `from` is left out. */
export function consentOf(value: unknown, fallback: Consent['from']): Consent {
  const v = obj(value);
  const from = v.from === 'All' || v.from === 'Same' || v.from === 'Selector' ? v.from : fallback;
  return from === 'Selector' ? { from, selector: obj(v.selector) } : { from };
}

/** Policies of a namespace whose targetRefs name `kind/name`. */
function policiesTargeting(manifests: readonly Manifest[], namespace: string, kind: string, name: string): Manifest[] {
  return manifests.filter(
    (m) =>
      m.kind === 'AgentgatewayPolicy' &&
      ns(m) === namespace &&
      list(spec(m).targetRefs).some((t) => obj(t).kind === kind && obj(t).name === name),
  );
}

function guardOf(policies: readonly Manifest[]): GuardFact | undefined {
  for (const p of policies) {
    const extProc = obj(obj(spec(p).traffic).extProc);
    if (!isJsonObject(extProc.backendRef)) continue;
    const guard = p.metadata.labels?.['runtime.agentic-layer.ai/guard'] ?? str(extProc.backendRef.name) ?? '?';
    const guardNs = str(extProc.backendRef.namespace) ?? ns(p);
    // agentgateway's default when the field is left out is to fail closed.
    return { guard: `${guardNs}/${guard}`, failureMode: str(extProc.failureMode) ?? 'FailClosed' };
  }
  return undefined;
}

/**
 * The tool filter and authorization rules of a route's policy. synth writes the filter alone,
 * the rules alone, or `(<filter>) && (<rules>)`; the filter part must read back exactly (see
 * `readFilter`), and whatever else the expression holds is kept as the rules' text.
 */
/**
 * Whether `text` has the shape synth gives authorization rules (a verified token first) or a
 * ToolSet's rules (each member's target first); anything else was not written by synth.
 */
function isRulesText(text: string): boolean {
  return text.startsWith('type(jwt) == map && (') || text.startsWith('(mcp.tool.target == "');
}

function accessOf(
  policies: readonly Manifest[],
  readFilter: ExposureFactsOptions['readFilter'],
): { readonly filter?: ToolFilterGlobs; readonly rules?: string } {
  for (const p of policies) {
    const authorization = obj(obj(obj(spec(p).backend).mcp).authorization);
    const expressions = list(obj(authorization.policy).matchExpressions);
    if (expressions.length === 0) continue;
    const [expression] = expressions;
    const refuse = (): never => {
      throw new ExposureFactsError(
        `AgentgatewayPolicy ${ns(p)}/${p.metadata.name}: spec.backend.mcp.authorization is not a tool filter synth writes, nor its authorization rules or a ToolSet's member rules; diff compares the tool access synth compiles from toolFilter and authorization`,
      );
    };
    if (typeof expression !== 'string' || expressions.length !== 1 || authorization.action !== 'Allow') return refuse();
    const filter = readFilter(expression);
    if (filter) return { filter };
    if (expression.startsWith('(') && expression.endsWith(')')) {
      for (let at = expression.indexOf(') && ('); at >= 0; at = expression.indexOf(') && (', at + 1)) {
        const head = readFilter(expression.slice(1, at));
        const rules = expression.slice(at + ') && ('.length, -1);
        if (head && isRulesText(rules)) return { filter: head, rules };
      }
    }
    return isRulesText(expression) ? { rules: expression } : refuse();
  }
  return {};
}

function routeUrl(gatewayName: string, gatewayNs: string, port: number, path: string, clusterDomain: string): string {
  return redactUrl(`http://${gatewayName}.${gatewayNs}.svc.${clusterDomain}${port === 80 ? '' : `:${port}`}${path}`);
}

/**
 * Where a backend forwards to and how. A ToolSet's backend has a target per member: its
 * upstreams are listed together, TLS holds only if every member has it, the loosest
 * verification of any member counts, and each credential is named with its member.
 */
function upstreamOf(backend: Manifest | undefined): Pick<RouteFacts, 'upstream' | 'tls' | 'skipVerify' | 'credentials'> {
  const targets = list(obj(spec(backend ?? ({} as Manifest)).mcp).targets).map(obj);
  const each = (targets.length > 0 ? targets : [{}]).map((t) => ({ name: str(t.name) ?? '?', ...targetUpstream(obj(t.static)) }));
  // Unknown values rank loosest, as diff ranks them.
  const rank = (v: string): number => (v === 'None' ? 0 : v === 'Hostname' ? 1 : 2);
  return {
    upstream: each.map((t) => t.upstream).join(', '),
    tls: each.every((t) => t.tls),
    skipVerify: each.map((t) => t.skipVerify).reduce((loosest, v) => (rank(v) > rank(loosest) ? v : loosest), 'None'),
    credentials: each.flatMap((t) => t.credentials.map((c) => (each.length > 1 ? `${t.name}: ${c}` : c))).sort(compareStrings),
  };
}

function targetUpstream(target: JsonObject): Pick<RouteFacts, 'upstream' | 'tls' | 'skipVerify' | 'credentials'> {
  const policies = obj(target.policies);
  const tls = isJsonObject(policies.tls);
  const t = obj(policies.tls);
  const host = str(target.host) ?? '?';
  const port = typeof target.port === 'number' ? target.port : undefined;
  const upstream = redactUrl(
    `${tls ? 'https' : 'http'}://${host}${port === undefined || port === (tls ? 443 : 80) ? '' : `:${port}`}${str(target.path) ?? ''}`,
  );
  const credentials: string[] = [];
  const auth = obj(policies.auth);
  if (isJsonObject(auth.secretRef)) {
    credentials.push(`Secret ${str(auth.secretRef.name) ?? '?'} key ${str(auth.secretRef.key) ?? 'Authorization'}`);
  }
  for (const c of list(t.mtlsCertificateRef)) credentials.push(`client certificate Secret ${str(obj(c).name) ?? '?'}`);
  return { upstream, tls, skipVerify: str(t.insecureSkipVerify) ?? 'None', credentials: credentials.sort(compareStrings) };
}

/** Where a JWT provider's key set is fetched: the static backend's host and the path, as a URL. */
function jwksUrl(manifests: readonly Manifest[], namespace: string, remote: JsonObject): string {
  const ref = obj(remote.backendRef);
  const backend = manifests.find(
    (m) => m.kind === 'AgentgatewayBackend' && m.metadata.name === ref.name && ns(m) === (str(ref.namespace) ?? namespace),
  );
  const target = obj(spec(backend ?? ({} as Manifest)).static);
  const tls = isJsonObject(obj(spec(backend ?? ({} as Manifest)).policies).tls);
  const port = typeof target.port === 'number' && target.port !== (tls ? 443 : 80) ? `:${target.port}` : '';
  return redactUrl(`${tls ? 'https' : 'http'}://${str(target.host) ?? '?'}${port}/${str(remote.jwksPath) ?? ''}`);
}

/**
 * Reads the exposure facts off one side's manifests (and its intent, when it has one). Throws
 * ExposureFactsError when a manifest of ours says something synth never writes.
 */
export function exposureFacts(
  manifests: readonly Manifest[],
  intent: IntentFacts | undefined,
  options: ExposureFactsOptions,
): ExposureFacts {
  const clusterDomain = options.clusterDomain ?? 'cluster.local';
  const gateways = new Map<string, GatewayFacts>();
  const listenerPorts = new Map<string, number[]>();
  const workloads = new Map<string, WorkloadFacts>();
  const ours = (m: Manifest): boolean => m.metadata.labels?.['app.kubernetes.io/managed-by'] === 'cdk8s-tool-gateway';

  for (const g of manifests.filter((m) => m.kind === 'Gateway' && m.apiVersion.startsWith('gateway.networking.k8s.io/') && ours(m))) {
    const key = `${ns(g)}/${g.metadata.name}`;
    const listeners = list(spec(g).listeners).map(obj);
    const guard = guardOf(policiesTargeting(manifests, ns(g), 'Gateway', g.metadata.name));
    const ports = listeners.map((l) => (typeof l.port === 'number' ? l.port : 80));
    listenerPorts.set(key, ports);
    const onGateway = policiesTargeting(manifests, ns(g), 'Gateway', g.metadata.name);
    const jwtPolicy = onGateway.map((p) => obj(obj(spec(p).traffic).jwtAuthentication)).find((j) => Object.keys(j).length > 0);
    const provider = obj(list(jwtPolicy?.providers)[0]);
    gateways.set(key, {
      key,
      ...(jwtPolicy
        ? {
            jwt: {
              // An issuer is often a URL; a hand-edited one could carry credentials.
              issuer: redactUrl(str(provider.issuer) ?? ''),
              jwks: jwksUrl(manifests, ns(g), obj(obj(provider.jwks).remote)),
              audiences: list(provider.audiences)
                .filter((a): a is string => typeof a === 'string')
                .sort(compareStrings),
            },
          }
        : {}),
      ...(guard ? { guard } : {}),
      // synth writes one listener; its allowedRoutes are the gateway's consent.
      admits: consentOf(obj(obj(listeners[0]?.allowedRoutes).namespaces), 'Same'),
    });
    workloads.set(`${ns(g)}/Gateway/${g.metadata.name}`, {
      key: `${ns(g)}/Gateway/${g.metadata.name}`,
      namespace: ns(g),
      labels: { [GATEWAY_POD_LABEL]: g.metadata.name },
      ports: [...new Set(ports)].sort((a, b) => a - b),
    });
  }

  const routes = new Map<string, RouteFacts>();
  for (const h of manifests.filter((m) => m.kind === 'HTTPRoute' && ours(m))) {
    const routeName = h.metadata.labels?.['runtime.agentic-layer.ai/toolroute'];
    const setName = h.metadata.labels?.['runtime.agentic-layer.ai/toolset'];
    const kind = routeName === undefined && setName !== undefined ? 'ToolSet' : 'ToolRoute';
    const name = routeName ?? setName;
    const gwName = h.metadata.labels?.['runtime.agentic-layer.ai/toolgateway'];
    if (name === undefined || gwName === undefined) continue;
    const gwNs = h.metadata.labels?.['runtime.agentic-layer.ai/toolgateway-namespace'] ?? ns(h);
    const key = `${ns(h)}/${name}`;
    const gateway = `${gwNs}/${gwName}`;
    const ports = listenerPorts.get(gateway) ?? [80];
    const rules = list(spec(h).rules).map(obj);
    const paths = rules.flatMap((r) => list(r.matches).map((m) => str(obj(obj(m).path).value) ?? '/'));
    const urls = [...new Set(ports.flatMap((p) => paths.map((path) => routeUrl(gwName, gwNs, p, path, clusterDomain))))].sort(
      compareStrings,
    );
    const backendRef = obj(list(rules[0]?.backendRefs)[0]);
    const backend = manifests.find(
      (m) => m.kind === 'AgentgatewayBackend' && m.metadata.name === backendRef.name && ns(m) === (str(backendRef.namespace) ?? ns(h)),
    );
    const onRoute = policiesTargeting(manifests, ns(h), 'HTTPRoute', h.metadata.name);
    const access = accessOf(onRoute, options.readFilter);
    const guard = guardOf(onRoute);
    const productionMode = intent?.productionMode.get(key);
    routes.set(kind === 'ToolRoute' ? key : `${kind} ${key}`, {
      kind,
      key,
      gateway,
      urls,
      ...(access.filter ? { filter: access.filter } : {}),
      ...(access.rules !== undefined ? { rules: access.rules } : {}),
      ...upstreamOf(backend),
      ...(guard ? { guard } : {}),
      ...(productionMode !== undefined ? { productionMode } : {}),
    });
  }

  for (const d of manifests.filter((m) => m.kind === 'Deployment' && m.apiVersion === 'apps/v1')) {
    const template = obj(obj(spec(d).template));
    const labels = obj(obj(template.metadata).labels) as Record<string, string>;
    const ports = list(obj(template.spec).containers).flatMap((c) =>
      list(obj(c).ports)
        .map((p) => obj(p).containerPort)
        .filter((p): p is number => typeof p === 'number'),
    );
    const key = `${ns(d)}/Deployment/${d.metadata.name}`;
    workloads.set(key, { key, namespace: ns(d), labels, ports: [...new Set(ports)].sort((a, b) => a - b) });
  }

  let namespaceLabels = namespaceLabelsOf(manifests);
  if (intent) {
    const known = intent.namespaceLabels;
    namespaceLabels = (namespace) => ({ ...known.get(namespace), 'kubernetes.io/metadata.name': namespace });
  }
  const namespaces = new Set<string>([
    ...manifests.map((m) => m.metadata.namespace).filter((n): n is string => n !== undefined),
    ...manifests.filter((m) => m.apiVersion === 'v1' && m.kind === 'Namespace').map((m) => m.metadata.name),
    ...(intent?.namespaceLabels.keys() ?? []),
  ]);
  return {
    gateways,
    routes,
    workloads,
    manifests,
    namespaceLabels,
    namespaces: [...namespaces].sort(compareStrings),
    ...(intent ? { consent: intent.consent } : {}),
  };
}
