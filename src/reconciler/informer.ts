import { Backoff, retryDelay, sleep } from './backoff.js';
import { collectionPath, KubeError, type KubeClient, type KubeObject, type WatchEvent } from './kube-client.js';
import { errorMessage, type Logger } from './logger.js';
import { RECONCILER_METRICS } from './metrics.js';
import { project } from './object-projection.js';
import type { WatchedResource } from '../contracts/reconciler-plan.js';

export interface InformerOptions {
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  readonly watchTimeoutSeconds: number;
  /** Items per list page. */
  readonly pageSize?: number;
}

/** Called with the name of every object that was added, changed or deleted. */
export type ChangeHandler = (kind: string, namespace: string, name: string) => void;

/**
 * A local copy of one resource in one namespace, kept current by list + watch: the watch resumes
 * from the last resourceVersion it saw (bookmarks included); `410 Gone` relists; a dropped
 * connection, `429` (after its Retry-After) and `5xx` are retried with backoff. It never throws:
 * until it is stopped, it keeps trying.
 */
export class Informer {
  private readonly objects = new Map<string, KubeObject>();
  private resourceVersion = '';
  private listed = false;
  private readonly stopper = new AbortController();
  private readonly backoff: Backoff;
  private running?: Promise<void>;
  /** Lists done, including relists after 410 (for tests and metrics). */
  lists = 0;

  constructor(
    private readonly client: KubeClient,
    readonly namespace: string,
    readonly resource: WatchedResource,
    private readonly options: InformerOptions,
    private readonly log: Logger,
    private readonly onChange: ChangeHandler,
    private readonly onSynced: () => void = () => {},
  ) {
    this.backoff = new Backoff(options.backoffBaseMs, options.backoffMaxMs);
  }

  /** True once the first list has completed; the store may be stale afterwards, never empty by mistake. */
  get synced(): boolean {
    return this.listed;
  }

  get(name: string): KubeObject | undefined {
    return this.objects.get(name);
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.running;
  }

  private get path(): string {
    return collectionPath(this.resource.apiVersion, this.namespace, this.resource.resource);
  }

  private get where(): Record<string, string> {
    return { kind: this.resource.kind, namespace: this.namespace };
  }

  private async loop(): Promise<void> {
    const signal = this.stopper.signal;
    let needList = true;
    while (!aborted(signal)) {
      try {
        if (needList) {
          await this.list(signal);
          needList = false;
          this.backoff.reset();
        }
        const started = Date.now();
        let events = 0;
        await this.client.watch(
          this.path,
          {
            resourceVersion: this.resourceVersion,
            allowWatchBookmarks: 'true',
            timeoutSeconds: String(this.options.watchTimeoutSeconds),
            labelSelector: this.resource.labelSelector,
          },
          (e) => {
            events++;
            this.apply(e);
          },
          signal,
        );
        // A clean end is the server's timeout: re-watch from where we are. One that ends at once,
        // again and again, would spin; back off for it as for a failure.
        if (events === 0 && Date.now() - started < 1000) await sleep(this.backoff.next(), signal);
        else this.backoff.reset();
        if (!aborted(signal)) RECONCILER_METRICS.watchRestarts.inc({ reason: 'ended' });
      } catch (e) {
        if (aborted(signal)) break;
        if (e instanceof KubeError && e.gone) {
          this.log.info('watch expired, relisting', { ...this.where, resourceVersion: this.resourceVersion });
          RECONCILER_METRICS.watchRestarts.inc({ reason: 'expired' });
          needList = true;
          continue;
        }
        const delay = retryDelay(e, this.backoff);
        RECONCILER_METRICS.watchRestarts.inc({ reason: 'error' });
        this.log.warn(needList ? 'list failed, retrying' : 'watch failed, resuming', {
          ...this.where,
          error: errorMessage(e),
          status: e instanceof KubeError ? e.status : undefined,
          retryInMs: delay,
        });
        await sleep(delay, signal);
      }
    }
  }

  private async list(signal: AbortSignal): Promise<void> {
    const fresh = new Map<string, KubeObject>();
    let next: string | undefined;
    let resourceVersion: string;
    do {
      const page = await this.client.list(
        this.path,
        { labelSelector: this.resource.labelSelector, limit: String(this.options.pageSize ?? 250), continue: next },
        signal,
      );
      for (const item of page.items) fresh.set(item.metadata.name, project(this.resource.kind, item));
      resourceVersion = page.resourceVersion;
      next = page.continue;
    } while (next);
    const changed: string[] = [];
    for (const [name, obj] of fresh) {
      if (this.objects.get(name)?.metadata.resourceVersion !== obj.metadata.resourceVersion) changed.push(name);
    }
    for (const name of this.objects.keys()) if (!fresh.has(name)) changed.push(name);
    this.objects.clear();
    for (const [name, obj] of fresh) this.objects.set(name, obj);
    this.resourceVersion = resourceVersion;
    this.lists++;
    const first = !this.listed;
    this.listed = true;
    this.log.debug('listed', { ...this.where, items: fresh.size, resourceVersion });
    for (const name of changed) this.onChange(this.resource.kind, this.namespace, name);
    if (first) this.onSynced();
  }

  private apply(e: WatchEvent): void {
    if (e.type === 'ERROR') {
      const code = e.object.code ?? 0;
      throw new KubeError(`watch error: ${e.object.message ?? e.object.reason ?? code}`, code);
    }
    const rv = e.object.metadata.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (e.type === 'BOOKMARK') return;
    const name = e.object.metadata.name;
    if (e.type === 'DELETED') this.objects.delete(name);
    else this.objects.set(name, project(this.resource.kind, e.object));
    this.onChange(this.resource.kind, this.namespace, name);
  }
}

/** Read through a call: TypeScript keeps `signal.aborted` narrowed to false across the awaits of a loop. */
function aborted(signal: AbortSignal): boolean {
  return signal.aborted;
}
