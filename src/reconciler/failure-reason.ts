import type { ToolsDiscoveredFailure } from '../contracts/status.js';
import { escapeControlCharacters } from '../contracts/value-text.js';
import { errorMessage } from './logger.js';
import { McpRequestError } from './mcp-request-error.js';

/** The longest failure message written into a condition. */
export const MAX_FAILURE_MESSAGE = 256;

/**
 * The ToolsDiscovered reason for a failed MCP exchange. A 404 or 400 for a request that carried
 * our session id is `SessionLost` (that is what servers answer for a session they forgot: the
 * spec's 404, or 400 as some servers do); a 404 for one that carried none (`initialize`) means
 * nothing serves MCP at that path: `McpEndpointNotFound`. 401 and 403 are about credentials.
 */
export function failureReason(e: unknown): ToolsDiscoveredFailure {
  if (e instanceof McpRequestError) {
    switch (e.status) {
      case 401:
        return 'Unauthorized';
      case 403:
        return 'Forbidden';
      case 404:
        return e.sessionId ? 'SessionLost' : 'McpEndpointNotFound';
      case 400:
        return e.sessionId ? 'SessionLost' : 'BadRequest';
      default:
        return 'ListFailed';
    }
  }
  const code = (e as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^E[A-Z]+/.test(code)) return 'Unreachable';
  return /ECONNREFUSED|ECONNRESET|timed? ?out|socket hang up|closed before/i.test(errorMessage(e)) ? 'Unreachable' : 'ListFailed';
}

/**
 * A failure as a condition message: the error's own message (which never holds a response
 * body), its system error code, with anything that looks like markup removed, whitespace
 * collapsed, control characters escaped and the whole cut to `MAX_FAILURE_MESSAGE` characters.
 */
export function failureMessage(e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  let text = errorMessage(e);
  if (typeof code === 'string' && !text.includes(code)) text = `${text} (${code})`;
  return cleanMessage(text);
}

export function cleanMessage(text: string): string {
  // Again until nothing changes: removing one tag can join the text around it into another.
  let plain = text.length > 64 * 1024 ? text.slice(0, 64 * 1024) : text;
  for (let before = ''; before !== plain;) {
    before = plain;
    plain = plain
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<\/?[a-zA-Z!][^<>]*>/g, ' ');
  }
  plain = plain.replace(/\s+/g, ' ').trim();
  const escaped = escapeControlCharacters(plain);
  return escaped.length > MAX_FAILURE_MESSAGE ? `${escaped.slice(0, MAX_FAILURE_MESSAGE - 1)}…` : escaped;
}
