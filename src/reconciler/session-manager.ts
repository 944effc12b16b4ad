import type { Logger } from './logger.js';
import { RouteSession, type SessionOptions, type SessionSeed } from './route-session.js';
import { Semaphore } from './semaphore.js';
import type { SessionSnapshot } from './session-snapshot.js';

export type SessionManagerOptions = Omit<SessionOptions, 'connectLimit' | 'log'> & { readonly connectConcurrency: number };

/**
 * One MCP session per routed route, opened when the route gets a URL and is routed, replaced
 * when its URL changes and closed when it is no longer routed. Snapshots outlive sessions, so a
 * route that stops being routed keeps its last tool list in status.
 */
export class SessionManager {
  private readonly sessions = new Map<string, RouteSession>();
  private readonly last = new Map<string, SessionSnapshot>();
  private readonly options: SessionOptions;

  constructor(
    options: SessionManagerOptions,
    log: Logger,
    private readonly onUpdate: (routeKey: string) => void,
  ) {
    this.options = { ...options, connectLimit: new Semaphore(options.connectConcurrency), log };
  }

  /** Holds a session to `url` for the route (or keeps the one it has). `seed` is read only for a new session. */
  ensure(key: string, url: string, seed: () => SessionSeed): SessionSnapshot {
    const existing = this.sessions.get(key);
    if (existing?.url === url) return existing.snapshot();
    const previous = existing?.snapshot() ?? this.last.get(key);
    if (existing) void existing.close();
    const s = seed();
    const session = new RouteSession(
      key,
      url,
      previous ? { tools: previous.tools, sessionLosses: previous.sessionLosses, surface: previous.surface } : s,
      this.options,
      () => this.onUpdate(key),
    );
    this.sessions.set(key, session);
    session.start();
    return session.snapshot();
  }

  /** The route is not routed (or gone): close its session, keep its last snapshot. */
  release(key: string): SessionSnapshot | undefined {
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

  async closeAll(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.close()));
  }
}
