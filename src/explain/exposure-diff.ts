import { compareStrings } from '../contracts/json.js';
import { selectorMatches, type LabelSelector } from '../contracts/selector.js';
import { selectorText } from './explain-workload.js';
import type { Consent, ExposureFacts, GuardFact, RouteFacts, WorkloadFacts } from './exposure-facts.js';
import { NetworkPolicyEvaluator, type NetworkEndpoint } from './network-policy-evaluator.js';
import { toolFilterDifference, type ToolFilterGlobs } from './tool-filter-difference.js';

/**
 * What a change does to exposure. `weakened`: something already there is exposed more (more
 * tools, more callers, less verification); `strengthened` the reverse; `added` and `removed`:
 * a gateway, route, URL or workload that exists on one side only; `changed`: a difference that
 * is neither (a different upstream, a renamed credential).
 */
export type ChangeEffect = 'weakened' | 'strengthened' | 'added' | 'removed' | 'changed';

export const EFFECT_ORDER: readonly ChangeEffect[] = ['weakened', 'strengthened', 'added', 'removed', 'changed'];

export interface ExposureChange {
  readonly effect: ChangeEffect;
  /** `namespace/name` of the ToolGateway the change belongs to; undefined for tool servers, guards and other workloads. */
  readonly gateway?: string;
  /** `namespace/name` of the ToolRoute, when the change is about one route. */
  readonly route?: string;
  /** The object the change is about, `Kind namespace/name`. */
  readonly subject: string;
  /** What changed: `url`, `tool filter`, `client authentication`, `upstream TLS verification`, … */
  readonly aspect: string;
  /** One sentence, with values already redacted and escaped for display. */
  readonly message: string;
  /** A tool name the change lets through or stops, when the aspect is the tool filter. */
  readonly example?: string;
  /** The setting before and after, when the change is one setting's (a filter, a consent, a mode). */
  readonly from?: string;
  readonly to?: string;
}

function filterText(f: ToolFilterGlobs | undefined): string {
  const allow = f?.allow ?? [];
  const deny = f?.deny ?? [];
  if (allow.length === 0 && deny.length === 0) return 'all tools';
  return [allow.length ? `allow ${allow.join(', ')}` : 'allow all', ...(deny.length ? [`deny ${deny.join(', ')}`] : [])].join('; ');
}

function consentText(c: Consent): string {
  if (c.from === 'All') return 'All';
  if (c.from === 'Same') return 'Same';
  return `Selector ${selectorText(c.selector) || '(empty)'}`;
}

const SKIP_VERIFY_RANK: Readonly<Record<string, number>> = { None: 0, Hostname: 1, All: 2 };

/** Whether every namespace `narrow` selects is selected by `wide`: `narrow` holds all of `wide`'s conditions. */
function selectorImplies(narrow: LabelSelector | undefined, wide: LabelSelector | undefined): boolean {
  for (const [k, v] of Object.entries(wide?.matchLabels ?? {})) if (narrow?.matchLabels?.[k] !== v) return false;
  const narrowExpressions = (narrow?.matchExpressions ?? []).map((e) => JSON.stringify(e));
  return (wide?.matchExpressions ?? []).every((e) => narrowExpressions.includes(JSON.stringify(e)));
}

/** Whether `c` admits `namespace` (with those labels) for an owner in `own`; `ownAlways`: our consent, where the own namespace is always in. */
function admits(c: Consent, own: string, namespace: string, labels: Readonly<Record<string, string>>, ownAlways: boolean): boolean {
  if (ownAlways && namespace === own) return true;
  if (c.from === 'All') return true;
  if (c.from === 'Same') return namespace === own;
  return selectorMatches(c.selector ?? {}, labels);
}

/**
 * The difference in which namespaces one consent admits: per namespace either side names, with
 * each side's labels, and for every other namespace by comparing the rules themselves. A selector
 * change that cannot be shown to admit no new namespace counts as widening.
 */
function consentChanges(
  subject: string,
  own: string,
  base: Consent,
  head: Consent,
  b: ExposureFacts,
  h: ExposureFacts,
  namespaces: readonly string[],
  ownAlways: boolean,
  where: { gateway?: string },
  field: string,
): ExposureChange[] {
  const newly = namespaces.filter(
    (n) => admits(head, own, n, h.namespaceLabels(n), ownAlways) && !admits(base, own, n, b.namespaceLabels(n), ownAlways),
  );
  const noLonger = namespaces.filter(
    (n) => !admits(head, own, n, h.namespaceLabels(n), ownAlways) && admits(base, own, n, b.namespaceLabels(n), ownAlways),
  );
  const same = JSON.stringify(base) === JSON.stringify(head);
  const wider =
    !same &&
    head.from !== 'Same' &&
    (base.from !== 'All' || head.from !== 'All') &&
    !(head.from === 'Selector' && base.from !== 'Same' && (base.from === 'All' || selectorImplies(head.selector, base.selector)));
  const narrower =
    !same &&
    base.from !== 'Same' &&
    !(base.from === 'Selector' && head.from !== 'Same' && (head.from === 'All' || selectorImplies(base.selector, head.selector)));
  const change = { from: `${field} ${consentText(base)}`, to: `${field} ${consentText(head)}` };
  const out: ExposureChange[] = [];
  if (newly.length > 0 || wider) {
    const named = newly.length > 0 ? `now admits ${newly.map((n) => `namespace ${n}`).join(', ')}` : 'may admit namespaces it did not';
    const beyond = newly.length > 0 && wider ? ', and other namespaces outside this estate' : '';
    out.push({ effect: 'weakened', ...where, subject, aspect: 'consent', message: `${named}${beyond}`, ...change });
  }
  if (noLonger.length > 0 || narrower) {
    const named = noLonger.length > 0 ? `no longer admits ${noLonger.map((n) => `namespace ${n}`).join(', ')}` : 'admits fewer namespaces';
    out.push({ effect: 'strengthened', ...where, subject, aspect: 'consent', message: named, ...change });
  }
  if (out.length === 0 && !same) out.push({ effect: 'changed', ...where, subject, aspect: 'consent', message: 'rewritten', ...change });
  return out;
}

function guardChanges(
  base: GuardFact | undefined,
  head: GuardFact | undefined,
  where: { gateway?: string; route?: string },
  subject: string,
): ExposureChange[] {
  const scope = where.route ? 'the route' : 'every route of the gateway';
  if (base && !head) {
    return [
      { effect: 'weakened', ...where, subject, aspect: 'guard', message: `guard ${base.guard} removed: ${scope} is no longer guarded` },
    ];
  }
  if (!base && head) {
    return [{ effect: 'strengthened', ...where, subject, aspect: 'guard', message: `guard ${head.guard} added (${head.failureMode})` }];
  }
  if (!base || !head) return [];
  const out: ExposureChange[] = [];
  if (base.guard !== head.guard) {
    out.push({ effect: 'changed', ...where, subject, aspect: 'guard', message: 'another guard', from: base.guard, to: head.guard });
  }
  if (base.failureMode !== head.failureMode) {
    const weakened = head.failureMode === 'FailOpen';
    out.push({
      effect: weakened ? 'weakened' : 'strengthened',
      ...where,
      subject,
      aspect: 'guard failure mode',
      message: weakened
        ? 'requests pass unguarded while the guard adapter is unreachable'
        : 'requests are refused while the guard adapter is unreachable',
      from: `failureMode ${base.failureMode}`,
      to: `failureMode ${head.failureMode}`,
    });
  }
  return out;
}

function routeChanges(b: RouteFacts, h: RouteFacts): ExposureChange[] {
  const where = { gateway: h.gateway, route: h.key };
  const subject = `${h.kind} ${h.key}`;
  const out: ExposureChange[] = [];
  const push = (effect: ChangeEffect, aspect: string, message: string, more: Partial<ExposureChange> = {}): void => {
    out.push({ effect, ...where, subject, aspect, message, ...more });
  };
  for (const u of h.urls.filter((u) => !b.urls.includes(u))) push('added', 'url', `URL ${u} added`);
  for (const u of b.urls.filter((u) => !h.urls.includes(u))) push('removed', 'url', `URL ${u} removed`);

  const d = toolFilterDifference(b.filter, h.filter);
  const filters = { from: filterText(b.filter), to: filterText(h.filter) };
  if (d.newlyAllowed !== undefined) push('weakened', 'tool filter', 'newly allows tools', { example: d.newlyAllowed, ...filters });
  if (d.newlyDenied !== undefined) push('strengthened', 'tool filter', 'newly denies tools', { example: d.newlyDenied, ...filters });
  if (d.newlyAllowed === undefined && d.newlyDenied === undefined && filters.from !== filters.to) {
    push('changed', 'tool filter', 'rewritten, allowing exactly the same tools', filters);
  }

  if (b.rules === undefined && h.rules !== undefined) {
    push('strengthened', 'authorization', 'authorization rules added: only callers whose token matches a rule may call the tools it names');
  } else if (b.rules !== undefined && h.rules === undefined) {
    push('weakened', 'authorization', 'authorization rules removed: every caller the gateway admits may call every tool the filter allows');
  } else if (b.rules !== h.rules) {
    push(
      'weakened',
      'authorization',
      'authorization rules changed; diff does not decide rule sets over tokens, so this counts as a weakening: review who may now call what',
    );
  }

  if (b.upstream !== h.upstream) push('changed', 'upstream', 'another upstream', { from: b.upstream, to: h.upstream });
  if (b.tls && !h.tls) push('weakened', 'upstream TLS', 'upstream TLS removed: requests and credentials travel in plain text');
  if (!b.tls && h.tls) push('strengthened', 'upstream TLS', 'upstream TLS added');
  const [rb, rh] = [SKIP_VERIFY_RANK[b.skipVerify] ?? 2, SKIP_VERIFY_RANK[h.skipVerify] ?? 2];
  if (b.tls && h.tls && rb !== rh) {
    push(
      rh > rb ? 'weakened' : 'strengthened',
      'upstream TLS verification',
      rh > rb ? 'the upstream is trusted without full certificate verification' : 'the upstream certificate is verified more fully',
      { from: `insecureSkipVerify ${b.skipVerify}`, to: `insecureSkipVerify ${h.skipVerify}` },
    );
  }
  const [cb, ch] = [b.credentials.join(', '), h.credentials.join(', ')];
  if (cb !== ch) {
    const values = { from: cb || 'none', to: ch || 'none' };
    if (ch === '') push('weakened', 'upstream credentials', 'credentials removed: the upstream is called without them', values);
    else if (cb === '') push('strengthened', 'upstream credentials', 'credentials added', values);
    else push('changed', 'upstream credentials', 'other credentials', values);
  }
  out.push(...guardChanges(b.guard, h.guard, where, subject));
  if (b.productionMode !== undefined && h.productionMode !== undefined && b.productionMode !== h.productionMode) {
    push(
      h.productionMode ? 'strengthened' : 'weakened',
      'production mode',
      h.productionMode ? 'production mode turned on' : 'production mode turned off: its build-time checks no longer hold the route',
    );
  }
  return out;
}

/** `namespace/Kind/name` as a reader names it: `Deployment team-a/weather`. */
function workloadName(key: string): string {
  const [namespace, kind, name] = key.split('/');
  return `${kind} ${namespace}/${name}`;
}

interface Source {
  readonly name: string;
  readonly endpoint: (side: ExposureFacts) => NetworkEndpoint | undefined;
}

/** A namespace name no estate can hold (not a DNS label), standing for every namespace it does not name. */
const OTHER_NAMESPACE = '(other)';

/**
 * Who may reach each workload on each side, decided with the NetworkPolicy evaluator on that
 * side's policies: every workload of either side, an unlabelled pod of every namespace either side
 * names and of any other namespace, and an address outside the cluster, on the workload's ports.
 */
function reachabilityChanges(b: ExposureFacts, h: ExposureFacts): ExposureChange[] {
  const evaluators = new Map([
    [b, new NetworkPolicyEvaluator(b.manifests, b.namespaceLabels)],
    [h, new NetworkPolicyEvaluator(h.manifests, h.namespaceLabels)],
  ]);
  const evaluatorOf = (side: ExposureFacts): NetworkPolicyEvaluator =>
    evaluators.get(side) ?? new NetworkPolicyEvaluator(side.manifests, side.namespaceLabels);
  const workloadKeys = [...new Set([...b.workloads.keys(), ...h.workloads.keys()])].sort(compareStrings);
  const namespaces = [...new Set([...b.namespaces, ...h.namespaces])].sort(compareStrings);
  const pod = (w: WorkloadFacts | undefined): NetworkEndpoint | undefined => w && { kind: 'pod', namespace: w.namespace, labels: w.labels };
  const sources: Source[] = [
    ...workloadKeys.map((k) => ({ name: workloadName(k), endpoint: (s: ExposureFacts) => pod(s.workloads.get(k)) })),
    ...namespaces.map((n) => ({
      name: `pods of namespace ${n}`,
      endpoint: (): NetworkEndpoint => ({ kind: 'pod', namespace: n, labels: {} }),
    })),
    { name: 'pods of any other namespace', endpoint: () => ({ kind: 'pod', namespace: OTHER_NAMESPACE, labels: {} }) },
    { name: 'addresses outside the cluster', endpoint: () => ({ kind: 'external', ip: '203.0.113.7' }) },
  ];
  const out: ExposureChange[] = [];
  for (const key of workloadKeys) {
    const [wb, wh] = [b.workloads.get(key), h.workloads.get(key)];
    const ports = [...new Set([...(wb?.ports ?? []), ...(wh?.ports ?? [])])].sort((x, y) => x - y);
    const gatewayOf = key.includes('/Gateway/') ? { gateway: key.replace('/Gateway/', '/') } : {};
    // One line per effect and ports, naming every source, rather than a line per source.
    const grouped = new Map<string, { effect: ChangeEffect; verb: string; ports: number[]; sources: string[] }>();
    const note = (effect: ChangeEffect, verb: string, p: number[], who: string): void => {
      const k = `${effect} ${verb} ${p.join(',')}`;
      const entry = grouped.get(k) ?? { effect, verb, ports: p, sources: [] };
      entry.sources.push(who);
      grouped.set(k, entry);
    };
    for (const source of sources) {
      if (source.name === workloadName(key)) continue;
      const reach = (side: ExposureFacts, w: WorkloadFacts | undefined): number[] => {
        const from = source.endpoint(side);
        const to = pod(w);
        if (!from || !to) return [];
        return ports.filter((port) => evaluatorOf(side).allows(from, to, { protocol: 'TCP', port }));
      };
      const [pb, ph] = [reach(b, wb), reach(h, wh)];
      const gained = ph.filter((p) => !pb.includes(p));
      const lost = pb.filter((p) => !ph.includes(p));
      const bothSides = wb !== undefined && wh !== undefined && (source.endpoint(b) !== undefined) === (source.endpoint(h) !== undefined);
      if (gained.length > 0) note(bothSides ? 'weakened' : 'added', 'newly may reach it', gained, source.name);
      if (lost.length > 0) note(bothSides ? 'strengthened' : 'removed', 'may no longer reach it', lost, source.name);
    }
    for (const { effect, verb, ports: p, sources: who } of grouped.values()) {
      out.push({
        effect,
        ...gatewayOf,
        subject: workloadName(key),
        aspect: 'reachability',
        message: `${who.join(', ')} ${verb} on TCP ${p.join(', ')}`,
      });
    }
  }
  return out;
}

/** Sort key: gateway, then route, then subject, then effect (weakenings first), then the text. */
export function compareChanges(a: ExposureChange, b: ExposureChange): number {
  return (
    compareStrings(a.gateway ?? '\u{10ffff}', b.gateway ?? '\u{10ffff}') ||
    compareStrings(a.route ?? '', b.route ?? '') ||
    compareStrings(a.subject, b.subject) ||
    EFFECT_ORDER.indexOf(a.effect) - EFFECT_ORDER.indexOf(b.effect) ||
    compareStrings(a.aspect, b.aspect) ||
    compareStrings(a.message, b.message)
  );
}

/**
 * What changes from `base` to `head` in what the estate exposes and to whom: per gateway its
 * client authentication, guard and consent; per route its URLs, tool filter (decided on the
 * filters' languages), upstream TLS, credentials, guard and production mode; per workload who
 * may reach it; and the consent of tool servers and guards. Sorted for a stable report.
 */
export function exposureDiff(b: ExposureFacts, h: ExposureFacts): ExposureChange[] {
  const out: ExposureChange[] = [];
  const namespaces = [...new Set([...b.namespaces, ...h.namespaces])].sort(compareStrings);
  for (const key of [...new Set([...b.gateways.keys(), ...h.gateways.keys()])]) {
    const [gb, gh] = [b.gateways.get(key), h.gateways.get(key)];
    const subject = `ToolGateway ${key}`;
    const where = { gateway: key };
    if (!gb || !gh) {
      out.push({ effect: gh ? 'added' : 'removed', ...where, subject, aspect: 'gateway', message: `gateway ${gh ? 'added' : 'removed'}` });
      continue;
    }
    if (gb.jwt && !gh.jwt) {
      out.push({
        effect: 'weakened',
        ...where,
        subject,
        aspect: 'client authentication',
        message: 'JWT authentication removed: clients reach every route without a token',
      });
    } else if (!gb.jwt && gh.jwt) {
      out.push({ effect: 'strengthened', ...where, subject, aspect: 'client authentication', message: 'JWT authentication added' });
    } else if (gb.jwt && gh.jwt) {
      const [jb, jh] = [gb.jwt, gh.jwt];
      if (gb.jwt.issuer !== gh.jwt.issuer) {
        out.push({
          effect: 'weakened',
          ...where,
          subject,
          aspect: 'client authentication',
          message: 'tokens of another JWT issuer are accepted',
          from: `issuer ${gb.jwt.issuer}`,
          to: `issuer ${gh.jwt.issuer}`,
        });
      }
      if (jb.jwks !== jh.jwks) {
        out.push({
          effect: 'weakened',
          ...where,
          subject,
          aspect: 'client authentication',
          message: 'tokens signed by keys from another key set are accepted',
          from: `jwks ${jb.jwks}`,
          to: `jwks ${jh.jwks}`,
        });
      }
      const added = jh.audiences.filter((a) => !jb.audiences.includes(a));
      const removed = jb.audiences.filter((a) => !jh.audiences.includes(a));
      if (added.length > 0) {
        out.push({
          effect: 'weakened',
          ...where,
          subject,
          aspect: 'client authentication',
          message: `JWT audiences added: ${added.join(', ')}`,
        });
      }
      if (removed.length > 0) {
        out.push({
          effect: 'strengthened',
          ...where,
          subject,
          aspect: 'client authentication',
          message: `JWT audiences removed: ${removed.join(', ')}`,
        });
      }
    }
    out.push(...guardChanges(gb.guard, gh.guard, where, subject));
    out.push(
      ...consentChanges(subject, key.slice(0, key.indexOf('/')), gb.admits, gh.admits, b, h, namespaces, false, where, 'allowedRoutes'),
    );
  }
  for (const key of [...new Set([...b.routes.keys(), ...h.routes.keys()])]) {
    const [rb, rh] = [b.routes.get(key), h.routes.get(key)];
    if (rb && rh && rb.gateway === rh.gateway) {
      out.push(...routeChanges(rb, rh));
      continue;
    }
    for (const [r, effect] of [
      [rb, 'removed'],
      [rh, 'added'],
    ] as const) {
      if (!r) continue;
      out.push({
        effect,
        gateway: r.gateway,
        route: r.key,
        subject: `${r.kind} ${r.key}`,
        aspect: 'route',
        message: `${r.kind === 'ToolSet' ? 'ToolSet' : 'route'} ${effect}: ${r.urls.join(', ')} → ${r.upstream}, ${filterText(r.filter)}${
          r.rules !== undefined ? ', with authorization rules' : ''
        }`,
      });
    }
  }
  out.push(...reachabilityChanges(b, h));
  if (b.consent && h.consent) {
    for (const key of [...new Set([...b.consent.keys(), ...h.consent.keys()])]) {
      const [cb, ch] = [b.consent.get(key), h.consent.get(key)];
      if (!cb || !ch) continue; // a new or removed server or guard shows through its routes and workload
      out.push(...consentChanges(key, ch.namespace, cb.consent, ch.consent, b, h, namespaces, true, {}, 'allowedNamespaces'));
    }
  }
  return out.sort(compareChanges);
}
