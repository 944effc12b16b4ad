import { GATEWAY_POD_LABEL, LABEL_PREFIX } from './labels.js';
import { valueText } from './value-text.js';

/** A label key, or every key under a prefix, that no intent may set. */
export interface ReservedLabel {
  /** The key, or with `prefix` the start every reserved key shares (ending in `/`). */
  readonly key: string;
  readonly prefix: boolean;
  /** Why it is reserved: what selects on it or relies on it. */
  readonly why: string;
}

/**
 * The labels that selectors and the runtime rely on. A pod that carried one of them by choice
 * would match another workload's selectors and gain its NetworkPolicy edges (a tool server
 * labelled `gateway.networking.k8s.io/gateway-name: shared` would get the gateway's egress), or
 * would pass for one of our objects. Every key a compiled selector uses must be covered here.
 */
export const RESERVED_LABELS: readonly ReservedLabel[] = [
  {
    key: 'app',
    prefix: false,
    why: 'the Services, Deployments and NetworkPolicies of tool servers and guard adapters select their pods by it',
  },
  {
    key: 'app.kubernetes.io/name',
    prefix: false,
    why: "the status reconciler's Deployment and NetworkPolicy select its pods by it, and it names every pod we run",
  },
  {
    key: 'app.kubernetes.io/managed-by',
    prefix: false,
    why: 'the status reconciler watches, and synth recognises, the objects it emitted by it',
  },
  {
    key: 'k8s-app',
    prefix: false,
    why: "the cluster DNS pods carry k8s-app: kube-dns, which the NetworkPolicies' DNS egress and the cluster's DNS Service select",
  },
  {
    key: GATEWAY_POD_LABEL.slice(0, GATEWAY_POD_LABEL.indexOf('/') + 1),
    prefix: true,
    why: `agentgateway and the gateways' NetworkPolicies select a gateway's proxy pods by ${GATEWAY_POD_LABEL}`,
  },
  {
    key: `${LABEL_PREFIX}/`,
    prefix: true,
    why: 'these labels name the intent an object was compiled from',
  },
];

/** The reservation covering `key`, if any. Label keys are case-sensitive, as selectors are. */
export function reservedLabel(key: string): ReservedLabel | undefined {
  return RESERVED_LABELS.find((r) => (r.prefix ? key.startsWith(r.key) : key === r.key));
}

/** Every reserved key, as a message lists them: `app`, `gateway.networking.k8s.io/*`, ... */
export function reservedLabelList(): string {
  return RESERVED_LABELS.map((r) => (r.prefix ? `${r.key}*` : r.key)).join(', ');
}

/** A lowercase message when `key` is reserved, naming it and why; undefined otherwise. */
export function reservedLabelProblem(key: string): string | undefined {
  const r = reservedLabel(key);
  if (!r) return undefined;
  return `label ${valueText(key)} is reserved: ${r.why}; use a key of your own (reserved: ${reservedLabelList()})`;
}
