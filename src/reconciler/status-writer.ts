import { isJsonObject, type JsonObject } from '../contracts/json.js';
import { collectionPath, type KubeClient, type KubeObject } from './kube-client.js';
import { RECONCILER_METRICS } from './metrics.js';

/**
 * JSON merge patch (RFC 7386) turning `from` into `to`, for the keys of `to` plus those of `from`
 * listed in `owned` (which `to` may drop: they become null). Lists are replaced whole, as merge
 * patch does. Returns undefined when nothing differs.
 */
export function mergePatch(
  from: Record<string, unknown>,
  to: Record<string, unknown>,
  owned: readonly string[],
): Record<string, unknown> | undefined {
  const patch: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(to), ...owned])) {
    const a = from[key];
    const b = to[key];
    if (b === undefined) {
      if (a !== undefined && owned.includes(key)) patch[key] = null;
      continue;
    }
    if (isJsonObject(a) && isJsonObject(b)) {
      const inner = mergePatch(a, b, Object.keys(a));
      if (inner) patch[key] = inner;
    } else if (!deepEqual(a, b)) {
      patch[key] = b;
    }
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

/** Structural equality of JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Writes carrier status through the `/status` subresource with merge patches, and only when the
 * status differs. Status fields the installed CRD does not know (the upstream CRDs lack `tools`,
 * `mcp`, `observedGeneration`) come back pruned; they are remembered per kind and no longer
 * written, so a pruned field never causes a write on every reconcile.
 */
export class StatusWriter {
  private readonly pruned = new Map<string, Set<string>>();
  /** Status writes sent (for tests and metrics). */
  writes = 0;

  constructor(private readonly client: KubeClient) {}

  /**
   * `desired`: the status to write (keys whose value is undefined are left out). `owned`: the
   * top-level status keys the reconciler manages for this kind. Returns the object as
   * the API server stored it when a patch was sent, undefined when nothing differed.
   */
  async write(
    resource: { apiVersion: string; resource: string; kind: string },
    carrier: KubeObject,
    desired: object,
    owned: readonly string[],
  ): Promise<KubeObject | undefined> {
    const skip = this.pruned.get(resource.kind) ?? new Set<string>();
    const wanted = Object.fromEntries(Object.entries(desired).filter(([k, v]) => v !== undefined && !skip.has(k)));
    const keys = owned.filter((k) => !skip.has(k));
    const patch = mergePatch((carrier.status ?? {}) as Record<string, unknown>, wanted, keys);
    if (!patch) return undefined;
    const path = `${collectionPath(resource.apiVersion, carrier.metadata.namespace ?? '', resource.resource)}/${encodeURIComponent(carrier.metadata.name)}`;
    this.writes++;
    let stored: KubeObject;
    try {
      stored = await this.client.patchStatus(path, patch);
    } catch (e) {
      RECONCILER_METRICS.statusWrites.inc({ result: 'error' });
      throw e;
    }
    RECONCILER_METRICS.statusWrites.inc({ result: 'ok' });
    const got = (stored.status ?? {}) as JsonObject;
    for (const k of Object.keys(patch)) {
      if (patch[k] !== null && got[k] === undefined) {
        skip.add(k);
        this.pruned.set(resource.kind, skip);
      }
    }
    return stored;
  }
}
