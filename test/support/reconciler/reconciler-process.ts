import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RECONCILER_BUNDLE_FILE } from '../../../src/app/reconciler-bundle.js';
import { packageFile } from '../../../src/contracts/package-files.js';
import type { ReconcilerPlan, ReconcilerSettings } from '../../../src/contracts/reconciler-plan.js';

/**
 * The reconciler bundle synth embeds, lib/reconciler.mjs (the test setup rebuilds lib/ when a
 * source changed): tests run the real bundle, not the TypeScript sources.
 */
export function bundlePath(): string {
  return packageFile(RECONCILER_BUNDLE_FILE);
}

export interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** Settings that keep the tests quick: short backoffs, short watches, frequent re-lists. */
export const FAST: ReconcilerSettings = {
  backoffBaseMs: 100,
  backoffMaxMs: 1000,
  watchTimeoutSeconds: 30,
  mcpRequestTimeoutMs: 3000,
  mcpRelistMs: 60_000,
  mcpPollMs: 1000,
};

/** The reconciler bundle in a child process, talking to a fake API server. */
export class ReconcilerProcess {
  readonly logs: LogLine[] = [];
  readonly stderr: string[] = [];
  exitCode?: number | null;
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly healthPort: Promise<number>,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve((this.exitCode = code))));
  }

  /**
   * `launch`: node's arguments up to the reconciler's own, by default just the bundle file;
   * `containerLaunch` gives those of the Deployment's command. `identity`: the replica's Lease
   * holder identity, also its bearer token, by which the fake API server tells replicas apart.
   */
  static start(
    apiServer: string,
    plan: ReconcilerPlan,
    settings: ReconcilerSettings = FAST,
    launch: readonly string[] = [bundlePath()],
    identity?: string,
  ): ReconcilerProcess {
    const dir = mkdtempSync(join(tmpdir(), 'tgw-plan-'));
    const planFile = join(dir, 'plan.json');
    writeFileSync(planFile, JSON.stringify({ ...plan, settings }));
    const replica: string[] = [];
    if (identity !== undefined) {
      writeFileSync(join(dir, 'token'), identity);
      replica.push('--identity', identity, '--token-file', join(dir, 'token'));
    }
    const child = spawn(
      process.execPath,
      [
        ...launch,
        '--plan',
        planFile,
        '--api-server',
        apiServer,
        '--health-port',
        '0',
        '--health-host',
        '127.0.0.1',
        '--log-level',
        'debug',
        ...replica,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // The plan and token are read at start and on restart only; they go with the process.
    child.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    let resolvePort!: (p: number) => void;
    const port = new Promise<number>((r) => (resolvePort = r));
    const p = new ReconcilerProcess(child, port);
    let buffer = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          const entry = JSON.parse(line) as LogLine;
          p.logs.push(entry);
          if (entry.msg === 'health server listening') resolvePort(entry.port as number);
        } catch {
          p.logs.push({ level: 'raw', msg: line });
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => p.stderr.push(c));
    return p;
  }

  logged(msg: string): LogLine[] {
    return this.logs.filter((l) => l.msg === msg);
  }

  /** SIGTERM, then the exit code. */
  async stop(): Promise<number | null> {
    if (this.exitCode === undefined) this.child.kill('SIGTERM');
    return this.exited;
  }

  kill(): void {
    if (this.exitCode === undefined) this.child.kill('SIGKILL');
  }

  /** SIGKILL, then the exit. */
  async killed(): Promise<void> {
    this.kill();
    await this.exited;
  }

  /** `/readyz` answers 200. */
  async ready(): Promise<boolean> {
    const port = await this.healthPort;
    try {
      return (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200;
    } catch {
      return false;
    }
  }
}

/**
 * Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`.
 * It returns as soon as the check passes, so the generous default costs a correct test nothing
 * and keeps a loaded machine from failing it.
 */
export async function eventually<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 60_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
