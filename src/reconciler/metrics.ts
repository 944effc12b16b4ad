/**
 * The reconciler's metrics in the Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format), written by
 * hand: a counter is a map from label values to a number, a gauge a function read at scrape
 * time. prom-client would bring its registry, default collectors and their timers for the
 * handful of series needed here.
 */

type LabelValues = Readonly<Record<string, string>>;

/** `\`, `"` and line feeds escaped, as label values must be. */
function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** `\` and line feeds escaped, as HELP text must be. */
function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

function labelText(names: readonly string[], values: LabelValues): string {
  if (names.length === 0) return '';
  return `{${names.map((n) => `${n}="${escapeLabel(values[n] ?? '')}"`).join(',')}}`;
}

/** A monotonically increasing count per combination of label values. */
export class Counter {
  private readonly values = new Map<string, { labels: LabelValues; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[] = [],
  ) {}

  inc(labels: LabelValues = {}, by = 1): void {
    const key = labelText(this.labelNames, labels);
    const entry = this.values.get(key);
    if (entry) entry.value += by;
    else this.values.set(key, { labels: { ...labels }, value: by });
  }

  /** The current value for these labels (0 if never incremented). */
  get(labels: LabelValues = {}): number {
    return this.values.get(labelText(this.labelNames, labels))?.value ?? 0;
  }

  samples(): [string, number][] {
    return [...this.values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, v.value]);
  }
}

interface Gauge {
  readonly name: string;
  readonly help: string;
  read: () => number;
}

export class Metrics {
  private readonly counters: Counter[] = [];
  private readonly gauges = new Map<string, Gauge>();

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    const c = new Counter(name, help, labelNames);
    this.counters.push(c);
    return c;
  }

  /** A gauge read at scrape time; registering a name again replaces its reader. */
  gauge(name: string, help: string, read: () => number): void {
    this.gauges.set(name, { name, help, read });
  }

  /** Every metric in the text format, families in name order, each with HELP and TYPE. */
  render(): string {
    const families: { name: string; text: string }[] = [];
    for (const c of this.counters) {
      const samples = c.samples();
      // A counter without labels is shown at 0 before its first increment, so it can be graphed from the start.
      if (samples.length === 0 && c.labelNames.length === 0) samples.push(['', 0]);
      const lines = samples.map(([labels, v]) => `${c.name}${labels} ${formatValue(v)}`);
      families.push({ name: c.name, text: [`# HELP ${c.name} ${escapeHelp(c.help)}`, `# TYPE ${c.name} counter`, ...lines].join('\n') });
    }
    for (const g of this.gauges.values()) {
      let value: number;
      try {
        value = g.read();
      } catch {
        value = NaN;
      }
      families.push({
        name: g.name,
        text: `# HELP ${g.name} ${escapeHelp(g.help)}\n# TYPE ${g.name} gauge\n${g.name} ${formatValue(value)}`,
      });
    }
    families.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return `${families.map((f) => f.text).join('\n')}\n`;
  }
}

/** The process's registry: what the health server's `/metrics` serves. */
export const metrics = new Metrics();

/** The reconciler's series; the gauges are registered by what they read. */
export const RECONCILER_METRICS = {
  statusWrites: metrics.counter('tool_gateway_reconciler_status_writes_total', 'Merge patches sent to /status, by result (ok, error).', [
    'result',
  ]),
  watchRestarts: metrics.counter(
    'tool_gateway_reconciler_watch_restarts_total',
    'Watches opened again, by why the previous one ended (ended: the server closed it; expired: 410 Gone, relisted; error).',
    ['reason'],
  ),
  apiErrors: metrics.counter(
    'tool_gateway_reconciler_api_errors_total',
    'Failed Kubernetes API requests, by HTTP status code (0: no answer, e.g. a dropped connection).',
    ['code'],
  ),
  mcpFailures: metrics.counter(
    'tool_gateway_reconciler_mcp_failures_total',
    'Failed MCP session set-ups or listings, by ToolsDiscovered reason.',
    ['reason'],
  ),
};

metrics.gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', () => process.memoryUsage.rss());
