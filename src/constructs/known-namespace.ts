import { Construct } from 'constructs';

export interface KnownNamespaceProps {
  /**
   * The namespace's name.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Its labels, as they are in the cluster.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
}

const KNOWN_NAMESPACE = Symbol.for('cdk8s-tool-gateway.KnownNamespace');

/**
 * Tells the compiler the labels of a namespace, so that namespace selectors in the intent can
 * be evaluated at build time. Nothing is emitted: create namespaces however you do today.
 */
export class KnownNamespace extends Construct {
  public static isKnownNamespace(x: unknown): x is KnownNamespace {
    return typeof x === 'object' && x !== null && KNOWN_NAMESPACE in x;
  }

  public readonly name: string;
  public readonly labels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: KnownNamespaceProps = {}) {
    super(scope, id);
    Object.defineProperty(this, KNOWN_NAMESPACE, { value: true });
    this.name = props.name ?? id;
    this.labels = { ...props.labels };
  }

  /** @internal */
  public _toDocument(): Record<string, unknown> {
    return {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: this.name, ...(Object.keys(this.labels).length > 0 ? { labels: { ...this.labels } } : {}) },
    };
  }
}
