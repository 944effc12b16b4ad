import { z } from 'zod';
import { parseHttpUrl } from './http-url.js';
import { privilegedAddress } from './privileged-address.js';
import { valueText } from '../contracts/value-text.js';
import { urlText } from '../contracts/redact-url.js';

/** Every URL field schema made by `urlField`, so a test can find them all by walking the kind schemas. */
const URL_FIELDS = new WeakSet<z.ZodType>();

/** True for a schema made by `urlField`. */
export function isUrlField(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && URL_FIELDS.has(schema as z.ZodType);
}

/**
 * A field holding a URL a pod of the estate will call. Checked when the intent is read, whether
 * or not anything uses it: a credential, query or fragment in a provider nobody uses would still
 * be copied into its status carrier. Messages never show those parts (see `parseHttpUrl`).
 *
 * `privileged` says whether a privileged address (`privilegedAddress`) is refused here or left to
 * the enclosing object, which may carry an explicit `allowPrivileged`.
 */
export function urlField(privileged: 'refuse' | 'enclosing' = 'refuse'): z.ZodString {
  return markUrlField(
    z.string().superRefine((url, ctx) => {
      const parsed = parseHttpUrl(url);
      if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
      else if (privileged === 'refuse') {
        const problem = privilegedUrlProblem(url, parsed.url.host);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }
    }),
  );
}

/** Registers a URL field whose checks are its own (a JWT issuer, which need not be a URL at all). */
export function markUrlField<T extends z.ZodType>(schema: T): T {
  URL_FIELDS.add(schema);
  return schema;
}

/** The refusal for a URL whose host is privileged, or undefined; `escape` says how to allow it, where one may. */
export function privilegedUrlProblem(url: string, host: string, escape?: string): string | undefined {
  const what = privilegedAddress(host);
  if (!what) return undefined;
  const allowed = escape ? `; if it is really meant, ${escape}` : '';
  return `${urlText(url)} has host ${valueText(host)}, ${what}, which no pod of the estate may be sent to; allowed: a routable address or DNS name${allowed}`;
}

/**
 * `allowPrivileged: true` with a non-blank `privilegedReason`, for objects that may point at a
 * privileged address on purpose (a route to a node-local agent in development); `reason` alone,
 * or `allowPrivileged` without one, is an error. Returns whether privileged hosts are allowed.
 */
export function checkPrivilegedOptIn(
  value: { readonly allowPrivileged?: boolean; readonly privilegedReason?: string },
  ctx: z.RefinementCtx,
): boolean {
  if (value.allowPrivileged === true && (value.privilegedReason ?? '').trim() === '') {
    ctx.addIssue({
      code: 'custom',
      path: ['privilegedReason'],
      message: 'is required with allowPrivileged: true; say why this upstream must reach a privileged address, so a reviewer can judge it',
    });
  }
  if (value.allowPrivileged !== true && value.privilegedReason !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['privilegedReason'], message: 'goes with allowPrivileged: true, which is not set' });
  }
  return value.allowPrivileged === true;
}
