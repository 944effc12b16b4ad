import { createHash } from 'node:crypto';
import { compareStrings } from '../contracts/json.js';
import type { DiscoveredTools } from '../contracts/status.js';

/** The parts of an MCP tool definition that make up a route's tool surface. */
export interface ToolDefinition {
  readonly name: string;
  readonly [field: string]: unknown;
}

/** JSON with object keys sorted, so equal definitions hash equally whatever the server's key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareStrings(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A listed tool surface: the status summary plus a digest per tool, to tell what changed. */
export interface ToolSurface {
  readonly summary: DiscoveredTools;
  readonly perTool: ReadonlyMap<string, string>;
}

/** The surface of a tools/list result (all pages). Duplicate names keep the last definition. */
export function toolSurface(tools: readonly ToolDefinition[]): ToolSurface {
  const perTool = new Map<string, string>();
  const byName = new Map<string, ToolDefinition>();
  for (const t of tools) byName.set(t.name, t);
  const names = [...byName.keys()].sort(compareStrings);
  for (const n of names) perTool.set(n, sha256(canonicalJson(byName.get(n))));
  const digest = `sha256:${sha256(names.map((n) => `${n}\n${perTool.get(n)}`).join('\n'))}`;
  return { summary: { count: names.length, names, digest }, perTool };
}

/** What changed between two surfaces; `before` may be only a recorded summary (no per-tool digests). */
export interface SurfaceChange {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** Tools present in both whose definition changed; `undefined` when that cannot be told per tool. */
  readonly changed: readonly string[] | undefined;
}

export function compareSurfaces(
  before: { summary: DiscoveredTools; perTool?: ReadonlyMap<string, string> },
  after: ToolSurface,
): SurfaceChange | undefined {
  if (before.summary.digest === after.summary.digest) return undefined;
  const old = new Set(before.summary.names);
  const now = new Set(after.summary.names);
  const added = after.summary.names.filter((n) => !old.has(n));
  const removed = before.summary.names.filter((n) => !now.has(n));
  const previous = before.perTool;
  const changed = previous ? after.summary.names.filter((n) => old.has(n) && previous.get(n) !== after.perTool.get(n)) : undefined;
  return { added, removed, changed };
}

/** `added: a, b; removed: c; changed: d`, with long lists cut. */
export function describeChange(c: SurfaceChange): string {
  const list = (names: readonly string[]) =>
    names.length > 20 ? `${names.slice(0, 20).join(', ')} and ${names.length - 20} more` : names.join(', ');
  const parts: string[] = [];
  if (c.added.length > 0) parts.push(`added: ${list(c.added)}`);
  if (c.removed.length > 0) parts.push(`removed: ${list(c.removed)}`);
  if (c.changed === undefined) {
    if (parts.length === 0) parts.push('tool definitions changed');
  } else if (c.changed.length > 0) {
    parts.push(`changed: ${list(c.changed)}`);
  }
  return parts.join('; ');
}
