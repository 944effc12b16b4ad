import { Chart, type JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { INTENT_API_VERSION, type IntentKind } from '../contracts/api-group.js';

/** Common props of every intent construct. */
export interface IntentProps {
  /**
   * `metadata.name` of the object. It is API: it appears in URLs and derived object names.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the object.
   * @default - the namespace of the enclosing Chart
   */
  readonly namespace?: string;
}

/** The document an intent construct stands for: the same custom resource the YAML front door reads. */
export interface IntentDocument {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly spec: Record<string, unknown>;
}

const INTENT_SYMBOL = Symbol.for('cdk8s-tool-gateway.IntentConstruct');

/**
 * Base of the constructs that describe intent. They emit nothing themselves: the
 * ToolGatewayApp gathers their documents at synth time and compiles the whole estate at once,
 * exactly as `tool-gateway synth --input` does with YAML.
 */
export abstract class IntentConstruct extends Construct {
  /** True for intent constructs, also across two copies of this library. */
  public static isIntentConstruct(x: unknown): x is IntentConstruct {
    return typeof x === 'object' && x !== null && INTENT_SYMBOL in x;
  }

  public readonly name: string;
  public readonly namespace: string;
  protected abstract readonly kind: IntentKind;
  private readonly patches: OutputPatch[] = [];

  protected constructor(scope: Construct, id: string, props: IntentProps) {
    super(scope, id);
    Object.defineProperty(this, INTENT_SYMBOL, { value: true });
    this.name = props.name ?? id;
    // An empty namespace is reported by the schema check with the construct path, not thrown here.
    this.namespace = props.namespace ?? chartNamespace(this) ?? '';
  }

  /**
   * An escape hatch: changes every object of `kind` (e.g. `HTTPRoute`, `Deployment`) that this
   * intent compiles to, with JSON-Patch (RFC 6902) operations, as `ApiObject.addJsonPatch` does
   * for a cdk8s object. The patches apply after the compile and before the validation gate, so a
   * patched object must still pass it. A kind this intent does not compile to is an error that
   * lists the kinds it does.
   *
   * @example route.addJsonPatch('HTTPRoute', JsonPatch.add('/spec/rules/0/timeouts', { request: '30s' }))
   */
  public addJsonPatch(kind: string, ...ops: JsonPatch[]): void {
    this.patches.push({ kind, ops });
  }

  /** @internal */
  public _outputPatches(): readonly OutputPatch[] {
    return this.patches;
  }

  /** @internal */
  public _toIntentDocument(): IntentDocument {
    return {
      apiVersion: INTENT_API_VERSION,
      kind: this.kind,
      metadata: { name: this.name, ...(this.namespace ? { namespace: this.namespace } : {}) },
      spec: dropUndefined(this._renderSpec()),
    };
  }

  /** @internal */
  protected abstract _renderSpec(): Record<string, unknown>;
}

function chartNamespace(c: Construct): string | undefined {
  try {
    return Chart.of(c).namespace;
  } catch {
    return undefined;
  }
}

/** JSON-Patch operations for the objects of one kind that an intent compiles to. */
export interface OutputPatch {
  readonly kind: string;
  readonly ops: readonly JsonPatch[];
}

/** Leaves out undefined fields and empty lists, so a document equals the hand-written YAML. */
export function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

/** `{labels, annotations}` or undefined when both are empty. */
export function embeddedMetadata(
  labels: Readonly<Record<string, string>> | undefined,
  annotations: Readonly<Record<string, string>> | undefined,
): { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined {
  const l = labels && Object.keys(labels).length > 0 ? { ...labels } : undefined;
  const a = annotations && Object.keys(annotations).length > 0 ? { ...annotations } : undefined;
  return l || a ? dropUndefined({ labels: l, annotations: a }) : undefined;
}
