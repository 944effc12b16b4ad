import { createHash } from 'node:crypto';
import { isValidName } from '../intent/names.js';

/**
 * A name derived from the name of a Secret or ConfigMap, for things that must be DNS-1123
 * labels (volume names, container-port names, label values): `<prefix>-<name>` when that is
 * a valid label of at most 63 characters, else `<prefix>-<first 8 hex of sha256(name)>`.
 *
 * Secret and ConfigMap names are DNS-1123 *subdomains* — up to 253 characters, dots allowed —
 * so pasting one behind a prefix breaks the label rule (kagent's bug B3: volume
 * `mcp-server-tls-cert-<secret>` made the Deployment invalid). Hashing instead of truncating
 * keeps two long names that share a prefix apart, and the same input always gives the same
 * name, so output stays byte-stable.
 *
 * agentgateway reads the CA ConfigMaps and client-certificate Secrets of `upstream.tls` itself,
 * so nothing derives a name from them today; anything that mounts one must name it with this.
 */
export function referenceDerivedName(prefix: string, referencedName: string): string {
  return `${prefix}-${referenceId(prefix, referencedName)}`;
}

/** The part after `<prefix>-`: the referenced name itself when it fits, else its 8-hex hash. */
export function referenceId(prefix: string, referencedName: string): string {
  if (isValidName(`${prefix}-${referencedName}`, 'dns1123-label')) return referencedName;
  return createHash('sha256').update(referencedName).digest('hex').slice(0, 8);
}

const CA_PREFIX = 'tls-ca';

/** `tls-ca-<id>`: the volume for a CA bundle from a ConfigMap or Secret (kagent's fixed scheme). */
export function caVolumeName(referencedName: string): string {
  return referenceDerivedName(CA_PREFIX, referencedName);
}

/**
 * Where a CA bundle volume is mounted (`/etc/ssl/certs/custom/<id>`, the same id as the
 * volume) and the certificate file in it: a file path, never a directory (kagent's B2).
 */
export function caMountPath(referencedName: string, key = 'ca.crt'): { readonly dir: string; readonly file: string } {
  const dir = `/etc/ssl/certs/custom/${referenceId(CA_PREFIX, referencedName)}`;
  return { dir, file: `${dir}/${key}` };
}
