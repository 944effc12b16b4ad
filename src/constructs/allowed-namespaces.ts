/** One requirement on a namespace label. */
export interface NamespaceLabelRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

/**
 * Owner consent: which namespaces may use a shared object (a Guard today; tool servers and
 * gateways later). The owner's own namespace is always admitted. Selectors are evaluated at
 * build time against the labels of namespaces declared with `KnownNamespace` (or Namespace
 * documents in YAML); an unknown namespace is an error, never a guess.
 */
export class AllowedNamespaces {
  /** Only the owner's namespace (the default). */
  public static same(): AllowedNamespaces {
    return new AllowedNamespaces('Same');
  }

  /** Every namespace. */
  public static all(): AllowedNamespaces {
    return new AllowedNamespaces('All');
  }

  /** Namespaces whose labels match: all of `labels`, and every requirement. */
  public static selector(
    labels: Readonly<Record<string, string>>,
    requirements: readonly NamespaceLabelRequirement[] = [],
  ): AllowedNamespaces {
    return new AllowedNamespaces('Selector', { ...labels }, requirements);
  }

  private constructor(
    private readonly from: 'Same' | 'All' | 'Selector',
    private readonly matchLabels?: Record<string, string>,
    private readonly requirements: readonly NamespaceLabelRequirement[] = [],
  ) {}

  /**
   * As a NetworkPolicy namespace selector, for `allowedClients`; undefined for `all()`.
   * @internal
   */
  public _toNamespaceSelector(ownNamespace: string): Record<string, unknown> | undefined {
    if (this.from === 'All') return undefined;
    if (this.from === 'Same') return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ownNamespace } } };
    return { namespaceSelector: (this._toSpec() as { selector: unknown }).selector };
  }

  /** @internal */
  public _toSpec(): Record<string, unknown> {
    if (this.from !== 'Selector') return { from: this.from };
    const selector: Record<string, unknown> = {};
    if (this.matchLabels && Object.keys(this.matchLabels).length > 0) selector.matchLabels = this.matchLabels;
    if (this.requirements.length > 0) {
      selector.matchExpressions = this.requirements.map((r) => ({
        key: r.key,
        operator: r.operator,
        ...(r.values ? { values: [...r.values] } : {}),
      }));
    }
    return { from: 'Selector', selector };
  }
}
