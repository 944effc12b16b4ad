import { plainText } from './value-text.js';

/**
 * Where a piece of intent came from, so a message can point the user at it.
 * YAML input knows the file and line; TypeScript input knows the construct path.
 */
export interface Origin {
  /** Path of the YAML file, relative to the working directory. */
  readonly file?: string;
  /** 1-based line of the document (or of the field, when known). */
  readonly line?: number;
  /** Construct path, e.g. `estate/weather-route`. */
  readonly constructPath?: string;
}

/** The intent object a problem is about, e.g. `ToolRoute team-a/weather`. */
export interface ObjectId {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** `info` says what was left alone on purpose (another controller's gateway), so nobody wonders why it is missing. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * One finding about the input. Errors stop synthesis; warnings are printed and synthesis goes on.
 * Messages are lowercase, name the bad value and say what is allowed.
 */
export interface Problem {
  readonly severity: Severity;
  readonly message: string;
  /** The object the problem is about. */
  readonly object?: ObjectId;
  /** Dotted field path inside that object, e.g. `spec.upstream.external.url`. */
  readonly field?: string;
  readonly origin?: Origin;
}

/** The longest name, namespace or kind a label spells out: longer ones are invalid and are cut. */
const LABEL_PART_MAX = 200;

/** `Kind namespace/name`, each part escaped and cut, so a hostile name never floods or drives the terminal. */
export function objectLabel(id: ObjectId): string {
  const part = (text: string): string => plainText(text, LABEL_PART_MAX);
  return id.namespace ? `${part(id.kind)} ${part(id.namespace)}/${part(id.name)}` : `${part(id.kind)} ${part(id.name)}`;
}

/**
 * Renders a problem as one line:
 * `examples/estate.yaml:14: error: ToolRoute team-a/weather: spec.upstream.external.url: <message>`.
 */
export function formatProblem(p: Problem): string {
  const where: string[] = [];
  if (p.origin?.file) where.push(p.origin.line ? `${p.origin.file}:${p.origin.line}` : p.origin.file);
  const parts = [...where, p.severity];
  if (p.object) parts.push(objectLabel(p.object));
  if (p.field) parts.push(p.field);
  let line = `${parts.join(': ')}: ${p.message}`;
  if (p.origin?.constructPath) line += ` [construct ${p.origin.constructPath}]`;
  return line;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Thrown when synthesis stops because the input has errors. Its message is the list of problems. */
export class SynthError extends Error {
  public readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'SynthError';
    this.problems = problems;
  }
}
