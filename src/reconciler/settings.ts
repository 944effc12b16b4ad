import type { ReconcilerSettings } from '../contracts/reconciler-plan.js';

export type ResolvedSettings = Required<ReconcilerSettings>;

/** Defaults for production: watches re-opened every 5 minutes, tools re-listed every 5 minutes. */
export const DEFAULT_SETTINGS: ResolvedSettings = {
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  watchTimeoutSeconds: 300,
  writeConcurrency: 16,
  mcpProbe: true,
  mcpRelistMs: 300_000,
  mcpPollMs: 60_000,
  mcpRequestTimeoutMs: 10_000,
  mcpConnectConcurrency: 8,
  // The timings of client-go's leader election, which operators are used to.
  leaseDurationMs: 15_000,
  renewDeadlineMs: 10_000,
  retryPeriodMs: 2_000,
};

export function resolveSettings(s: ReconcilerSettings = {}): ResolvedSettings {
  const out = { ...DEFAULT_SETTINGS };
  for (const [k, v] of Object.entries(s) as [keyof ResolvedSettings, unknown][]) {
    if (v !== undefined && typeof v === typeof DEFAULT_SETTINGS[k]) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}
