/** One dispatched server-sent event. */
export interface SseEvent {
  readonly data: string;
  readonly event?: string;
  readonly id?: string;
}

/**
 * An incremental `text/event-stream` parser (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation)
 * for the MCP client: fed decoded text chunk by chunk, it calls `onEvent` per dispatched event and
 * `onRetry` per valid `retry:` field. Only the unfinished line and the event being built are
 * kept; an event larger than `maxEventChars` is an error rather than unbounded memory.
 */
export class SseParser {
  private partial = '';
  private data: string[] = [];
  private dataChars = 0;
  private event?: string;
  private id?: string;
  /** The last `\r` ended a line; a `\n` right after it is part of the same line break. */
  private afterCr = false;

  constructor(
    private readonly onEvent: (e: SseEvent) => void,
    private readonly onRetry: (ms: number) => void = () => undefined,
    private readonly maxEventChars = 4 * 1024 * 1024,
  ) {}

  /** The stream's last event id (it persists across events), to resume from with `Last-Event-ID`. */
  get lastEventId(): string | undefined {
    return this.id;
  }

  feed(chunk: string): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10 && this.afterCr) {
        this.afterCr = false;
        start = i + 1;
        continue;
      }
      this.afterCr = false;
      if (c !== 10 && c !== 13) continue;
      this.afterCr = c === 13;
      const line = this.partial + chunk.slice(start, i);
      this.partial = '';
      start = i + 1;
      this.line(line);
    }
    this.partial += chunk.slice(start);
    if (this.partial.length + this.dataChars > this.maxEventChars)
      throw new Error(`an event of the stream exceeds ${this.maxEventChars} characters`);
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        this.dataChars += value.length + 1;
        if (this.dataChars > this.maxEventChars) throw new Error(`an event of the stream exceeds ${this.maxEventChars} characters`);
        break;
      case 'event':
        this.event = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.id = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.onRetry(Number(value));
        break;
      default:
    }
  }

  private dispatch(): void {
    const data = this.data;
    const event = this.event;
    this.data = [];
    this.dataChars = 0;
    this.event = undefined;
    // The last event id persists across events, as the spec says; an event without data is not dispatched.
    if (data.length === 0) return;
    this.onEvent({ data: data.join('\n'), ...(event !== undefined ? { event } : {}), ...(this.id !== undefined ? { id: this.id } : {}) });
  }
}
