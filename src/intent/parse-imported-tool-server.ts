import type { Origin, Problem } from '../contracts/problem.js';
import { nameProblem } from '../contracts/names.js';
import { importedToolServerSchema, type ImportedToolServerSpec } from './tool-server-schema.js';
import { describeIssue, formatPath } from './zod-problems.js';

/** A ToolServer another pipeline owns: how routes reach it and what its owner admits. */
export interface ImportedToolServer {
  readonly name: string;
  readonly namespace: string;
  readonly spec: ImportedToolServerSpec;
}

/**
 * Validates what an import says about a ToolServer owned elsewhere with the same rules as the
 * ToolServer's own fields, so a typo'd port fails here rather than in the other pipeline's
 * cluster. Undefined when anything was reported.
 */
export function parseImportedToolServer(
  name: string,
  namespace: string,
  spec: unknown,
  origin: Origin | undefined,
  problems: Problem[],
): ImportedToolServer | undefined {
  const object = { kind: 'ToolServer', namespace, name };
  const before = problems.length;
  const report = (field: string, message: string) => problems.push({ severity: 'error', object, field, message, origin });
  // The name becomes the Service's host name, as for a ToolServer compiled here.
  const nameIssue = nameProblem(name, 'dns1035-label');
  if (nameIssue) report('metadata.name', nameIssue);
  const namespaceIssue = nameProblem(namespace, 'dns1123-label');
  if (namespaceIssue) report('metadata.namespace', namespaceIssue);
  const parsed = importedToolServerSchema.safeParse(spec, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) report(formatPath(['spec', ...issue.path]), describeIssue(issue));
    return undefined;
  }
  return problems.length === before ? { name, namespace, spec: parsed.data } : undefined;
}
