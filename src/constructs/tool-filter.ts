/**
 * Which tools a route exposes, as glob patterns over tool names: `*` matches any run of
 * characters, `?` exactly one, everything else itself. A tool is exposed when it matches an
 * allow pattern (or there are none) and no deny pattern: deny wins. Filtered tools disappear
 * from `tools/list`, and calling one fails with "Unknown tool".
 *
 * Immutable: every method returns a new filter.
 *
 * @example ToolFilter.allow('get_*', 'list_*').deny('*secret*')
 */
export class ToolFilter {
  /** Exposes only tools matching one of `patterns`. */
  public static allow(...patterns: string[]): ToolFilter {
    return new ToolFilter(patterns, []);
  }

  /** Exposes every tool except those matching one of `patterns`. */
  public static deny(...patterns: string[]): ToolFilter {
    return new ToolFilter([], patterns);
  }

  private constructor(
    /** Allow patterns, in order. */
    public readonly allowPatterns: readonly string[],
    /** Deny patterns, in order. */
    public readonly denyPatterns: readonly string[],
  ) {}

  /** This filter with more allow patterns. */
  public allow(...patterns: string[]): ToolFilter {
    return new ToolFilter([...this.allowPatterns, ...patterns], this.denyPatterns);
  }

  /** This filter with more deny patterns. */
  public deny(...patterns: string[]): ToolFilter {
    return new ToolFilter(this.allowPatterns, [...this.denyPatterns, ...patterns]);
  }

  /** @internal */
  public _toSpec(): Record<string, unknown> {
    return {
      ...(this.allowPatterns.length > 0 ? { allow: [...this.allowPatterns] } : {}),
      ...(this.denyPatterns.length > 0 ? { deny: [...this.denyPatterns] } : {}),
    };
  }
}
