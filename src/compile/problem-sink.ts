import type { Origin, Problem, Severity } from '../contracts/problem.js';
import { idOf } from '../intent/estate.js';

/** The intent object a sink reports about: what a problem names and where it points. */
export interface ReportedIntent {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly origin?: Origin;
}

/**
 * Where the compile functions report problems about one intent object: each problem names the
 * object and its origin, so a message points the user at the file and line (or construct) to fix.
 * Problems go into the shared list in the order they are reported.
 */
export class ProblemSink {
  constructor(
    /** The object every problem reported here is about. */
    readonly intent: ReportedIntent,
    private readonly problems: Problem[],
  ) {}

  /** An error: synthesis stops. `field` is the dotted path inside the object, e.g. `spec.toolGatewayRef`. */
  error(field: string | undefined, message: string): void {
    this.report('error', field, message);
  }

  /** A warning: printed, and synthesis goes on. */
  warning(field: string | undefined, message: string): void {
    this.report('warning', field, message);
  }

  /** A note: what was deliberately left alone, and why. */
  info(field: string | undefined, message: string): void {
    this.report('info', field, message);
  }

  private report(severity: Severity, field: string | undefined, message: string): void {
    this.problems.push({ severity, object: idOf(this.intent), field, message, origin: this.intent.origin });
  }
}

/** A sink for problems about `intent`, appending to `problems`. */
export function problemsFor(intent: ReportedIntent, problems: Problem[]): ProblemSink {
  return new ProblemSink(intent, problems);
}
