import { compareStrings } from '../contracts/json.js';
import type { ObjectId, Origin } from '../contracts/problem.js';
import type { GuardSpec } from './guard-schema.js';
import type { GuardrailProviderSpec } from './guardrail-provider-schema.js';
import type { ToolGatewaySpec } from './tool-gateway-schema.js';
import type { ToolRouteSpec } from './tool-route-schema.js';
import type { ToolServerSpec } from './tool-server-schema.js';
import type { ToolSetSpec } from './tool-set-schema.js';

/** One validated, defaulted intent object, whichever front door it came through. */
export interface IntentObject<K extends string, S> {
  readonly kind: K;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly spec: S;
  readonly origin?: Origin;
}

export type ToolGatewayIntent = IntentObject<'ToolGateway', ToolGatewaySpec>;
export type ToolRouteIntent = IntentObject<'ToolRoute', ToolRouteSpec>;
export type ToolServerIntent = IntentObject<'ToolServer', ToolServerSpec>;
export type GuardIntent = IntentObject<'Guard', GuardSpec>;
export type GuardrailProviderIntent = IntentObject<'GuardrailProvider', GuardrailProviderSpec>;
export type ToolSetIntent = IntentObject<'ToolSet', ToolSetSpec>;
export type AnyIntent = ToolGatewayIntent | ToolRouteIntent | ToolServerIntent | GuardIntent | GuardrailProviderIntent | ToolSetIntent;

/** What we know about a namespace: its labels, for selectors. */
export interface NamespaceFact {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly origin?: Origin;
}

/**
 * A ToolGatewayClass from the input (cluster-scoped): which controller a class belongs to, and
 * whether it is the default, decide which ToolGateways are ours to compile. Never emitted.
 */
export interface ToolGatewayClassFact {
  readonly name: string;
  readonly controller: string;
  /** Carries `toolgatewayclass.kubernetes.io/is-default-class: "true"`. */
  readonly isDefault: boolean;
  readonly origin?: Origin;
}

/**
 * Everything the compiler reads, sorted by namespace then name so that output never depends
 * on file order, readdir order or construct order.
 */
export interface Estate {
  readonly toolGateways: readonly ToolGatewayIntent[];
  readonly toolRoutes: readonly ToolRouteIntent[];
  readonly toolServers: readonly ToolServerIntent[];
  readonly guards: readonly GuardIntent[];
  readonly guardrailProviders: readonly GuardrailProviderIntent[];
  readonly namespaces: readonly NamespaceFact[];
  /** ToolSets: one endpoint for the tools of several routes. Absent when there are none. */
  readonly toolSets?: readonly ToolSetIntent[];
  /** ToolGatewayClasses in the input; none means ours is the default class. */
  readonly toolGatewayClasses?: readonly ToolGatewayClassFact[];
}

export function idOf(o: { kind: string; namespace?: string; name: string }): ObjectId {
  return { kind: o.kind, namespace: o.namespace, name: o.name };
}

export function byNamespaceAndName<T extends { namespace?: string; name: string }>(a: T, b: T): number {
  return compareStrings(a.namespace ?? '', b.namespace ?? '') || compareStrings(a.name, b.name);
}
