import type { Logger } from './logger.js';
// Types only: the module itself is loaded by `load()` below.
import type { RouteSession, SessionOptions, SessionSeed } from './route-session.js';
import { Semaphore } from './semaphore.js';
import type { SessionSnapshot } from './session-snapshot.js';
import { TimerWheel } from './timer-wheel.js';

export type SessionManagerOptions = Omit<SessionOptions, 'connectLimit' | 'log' | 'timers'> & { readonly connectConcurrency: number };

type SessionModule = typeof import('./route-session.js');

/**
 * One MCP session per routed route, opened when the route gets a URL and is routed, replaced
 * when its URL changes and closed when it is no longer routed. Snapshots outlive sessions, so a
 * route that stops being routed keeps its last tool list in status.
 *
 * The session code is imported on the first route that needs a session, not at start-up: a
 * reconciler with probing off, or with nothing routed yet, never evaluates it. The bundle stays
 * one file; esbuild turns the dynamic import into a deferred module initialiser. All sessions
 * share one timer wheel.
 */
export class SessionManager {
  private readonly sessions = new Map<string, RouteSession>();
  private readonly last = new Map<string, SessionSnapshot>();
  private readonly options: SessionOptions;
  private module?: SessionModule;
  private loading?: Promise<void>;
  /** Routes that asked for a session while the module was loading: reconciled again once it is there. */
  private readonly waiting = new Set<string>();
  private closed = false;

  constructor(
    options: SessionManagerOptions,
    private readonly log: Logger,
    private readonly onUpdate: (routeKey: string) => void,
  ) {
    this.options = { ...options, connectLimit: new Semaphore(options.connectConcurrency), log, timers: new TimerWheel() };
  }

  /** Holds a session to `url` for the route (or keeps the one it has). `seed` is read only for a new session. */
  ensure(key: string, url: string, seed: () => SessionSeed): SessionSnapshot {
    const existing = this.sessions.get(key);
    if (existing?.url === url) return existing.snapshot();
    const previous = existing?.snapshot() ?? this.last.get(key);
    const start: SessionSeed = previous
      ? { tools: previous.tools, sessionLosses: previous.sessionLosses, surface: previous.surface }
      : seed();
    if (!this.module) {
      // No session can exist yet (creating one needs the module). Report what a brand-new
      // session reports before its first listing, so status is the same either way.
      this.waiting.add(key);
      this.load();
      return {
        state: 'connecting',
        reason: undefined,
        error: undefined,
        tools: start.tools,
        surface: start.surface,
        protocolVersion: undefined,
        mode: undefined,
        sessionLosses: start.sessionLosses ?? 0,
      };
    }
    if (existing) void existing.close();
    const session = new this.module.RouteSession(key, url, start, this.options, () => this.onUpdate(key));
    this.sessions.set(key, session);
    session.start();
    return session.snapshot();
  }

  /** The route is not routed (or gone): close its session, keep its last snapshot. */
  release(key: string): SessionSnapshot | undefined {
    this.waiting.delete(key);
    const s = this.sessions.get(key);
    if (!s) return this.last.get(key);
    const snap = s.snapshot();
    this.last.set(key, snap);
    this.sessions.delete(key);
    void s.close();
    return snap;
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Stateful sessions open right now. */
  get held(): number {
    let n = 0;
    for (const s of this.sessions.values()) if (s.held) n++;
    return n;
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    this.waiting.clear();
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.close()));
  }

  private load(): void {
    this.loading ??= import('./route-session.js').then(
      (m) => {
        this.module = m;
        const keys = [...this.waiting];
        this.waiting.clear();
        if (!this.closed) for (const key of keys) this.onUpdate(key);
      },
      (e: unknown) => {
        // Cannot happen with the bundled module; if it does, the next ensure() tries again.
        this.loading = undefined;
        this.log.error('could not load the MCP session module', { error: e instanceof Error ? e.message : String(e) });
      },
    );
  }
}
