import type { Problem } from '../../contracts/problem.js';
import { valueText } from '../../contracts/value-text.js';
import type { Estate } from '../../intent/estate.js';
import { parseHttpUrl } from '../../intent/http-url.js';
import { privilegedAddress } from '../../intent/privileged-address.js';
import { problemsFor, type ProblemSink } from '../problem-sink.js';

/**
 * Every `allowPrivileged: true` (a route's upstream, a ToolServer's egress entry) as a warning:
 * letting a pod call loopback, link-local or metadata addresses is a weakening, and every
 * weakening is visible in the build output, with the reason its author gave. An opt-in that
 * is not needed is said to be so, so it does not linger and cover a later change of URL.
 */
export function reportPrivilegedOptIns(estate: Estate, problems: Problem[]): void {
  for (const route of estate.toolRoutes) {
    const u = route.spec.upstream;
    if (u.allowPrivileged && u.external) {
      warn(problemsFor(route, problems), 'spec.upstream.allowPrivileged', u.external.url, u.privilegedReason, 'the gateway');
    }
  }
  for (const server of estate.toolServers) {
    for (const [i, entry] of (server.spec.egress ?? []).entries()) {
      if (entry.allowPrivileged && entry.url !== undefined) {
        warn(problemsFor(server, problems), `spec.egress[${i}].allowPrivileged`, entry.url, entry.privilegedReason, 'the tool server');
      }
    }
  }
}

function warn(report: ProblemSink, field: string, url: string, reason: string | undefined, caller: string): void {
  const parsed = parseHttpUrl(url);
  if ('error' in parsed) return;
  const what = privilegedAddress(parsed.url.host);
  if (!what) {
    report.warning(
      field,
      `is set, but host ${valueText(parsed.url.host)} is no privileged address; remove allowPrivileged and privilegedReason`,
    );
    return;
  }
  report.warning(field, `lets ${caller} call ${valueText(parsed.url.host)}, ${what}; reason given: ${valueText(reason ?? '')}`);
}
