import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { portOf, startHealthServer } from './health-server.js';
import { cachedFile, inClusterConnection, KubeClient, type KubeConnection } from './kube-client.js';
import { createLogger, errorMessage, type LogLevel } from './logger.js';
import type { ReconcilerPlan } from '../contracts/reconciler-plan.js';
import { Reconciler } from './reconciler.js';
import { resolveSettings } from './settings.js';

/**
 * Entry point of the reconciler bundle:
 *
 *   node reconciler.mjs --plan <plan.json> [--health-port 8081] [--log-level info]
 *                       [--api-server <url> [--token-file <path>] [--ca-file <path>]]
 *                       [--identity <name>]
 *
 * `--identity` is the holderIdentity of our Leases; by default the pod name (`POD_NAME`, from the
 * downward API), else the host name, which in a pod is the pod name too.
 * In a pod it finds the API server, token and CA the usual way. SIGTERM and SIGINT stop it
 * gracefully; nothing else does: errors are logged and retried.
 */
/**
 * No TurboFan. The reconciler waits on I/O, so optimised code buys it little, while running the
 * optimising compiler pages several MiB more of the node binary and its scratch memory into the
 * resident set (at 1,000 routes, status only: peak RSS 68.7 -> 59.3 MiB; convergence unchanged
 * within noise). Ignition and Sparkplug still run. Set here rather than on the command line so
 * the ConfigMap bundle and the prebuilt image behave alike; nothing has been hot enough to be
 * optimised before this line runs.
 */
setFlagsFromString('--no-opt');

async function main(): Promise<void> {
  // Flags start at the first `--x`: `node file.mjs --plan ...` and `node -e <loader> -- --plan ...` both work.
  const first = process.argv.findIndex((a, i) => i > 0 && a.startsWith('--'));
  const { values } = parseArgs({
    args: first < 0 ? [] : process.argv.slice(first),
    options: {
      plan: { type: 'string' },
      'health-port': { type: 'string', default: '8081' },
      'health-host': { type: 'string', default: '0.0.0.0' },
      'log-level': { type: 'string', default: 'info' },
      'api-server': { type: 'string' },
      'token-file': { type: 'string' },
      'ca-file': { type: 'string' },
      identity: { type: 'string' },
    },
    strict: true,
  });
  const log = createLogger(values['log-level'] as LogLevel);
  if (!values.plan) throw new Error('--plan <file> is required');
  const parsed = JSON.parse(readFileSync(values.plan, 'utf8')) as { readonly version?: unknown };
  if (parsed.version !== 1) throw new Error(`plan version ${JSON.stringify(parsed.version)} is not supported`);
  const plan = parsed as ReconcilerPlan;

  const conn: KubeConnection = values['api-server']
    ? {
        server: values['api-server'],
        token: values['token-file'] ? cachedFile(values['token-file']) : undefined,
        ca: values['ca-file'] ? readFileSync(values['ca-file']) : undefined,
      }
    : inClusterConnection();
  const client = new KubeClient(conn);
  const identity = values.identity || process.env.POD_NAME || hostname();
  const settings = resolveSettings(plan.settings);
  if (plan.leases && !(settings.renewDeadlineMs < settings.leaseDurationMs && settings.retryPeriodMs < settings.renewDeadlineMs)) {
    throw new Error('lease timings must satisfy retryPeriodMs < renewDeadlineMs < leaseDurationMs');
  }
  log.info('identity', { identity, shards: plan.leases?.shards ?? 1 });
  const reconciler = new Reconciler(client, plan, settings, log, identity);

  process.on('uncaughtException', (e) => log.error('uncaught exception (continuing)', { error: errorMessage(e), stack: e.stack }));
  process.on('unhandledRejection', (e) => log.error('unhandled rejection (continuing)', { error: errorMessage(e) }));

  const health = await startHealthServer(Number(values['health-port']), () => reconciler.ready, values['health-host']);
  log.info('health server listening', { port: portOf(health) });
  reconciler.start();

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    // Well inside the pod's termination grace period, whatever hangs.
    setTimeout(() => process.exit(0), 10_000).unref();
    reconciler
      .stop()
      .catch((e: unknown) => log.error('stop failed', { error: errorMessage(e) }))
      .finally(() => {
        client.close();
        health.close();
        const { rss, heapUsed } = process.memoryUsage();
        log.info('stopped', { writes: reconciler.writes, rssBytes: rss, heapUsedBytes: heapUsed });
        process.exit(0);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  // Bad arguments or plan: nothing to retry.
  process.stderr.write(`tool-gateway-reconciler: ${errorMessage(e)}\n`);
  process.exit(2);
});
