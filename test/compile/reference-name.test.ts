import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caMountPath, caVolumeName, referenceDerivedName, referenceId } from '../../src/compile/reference-name.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const sha8 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 8);

/** A valid Secret/ConfigMap name (DNS-1123 subdomain) of exactly `length` characters. */
function nameOfLength(length: number, fill = 'a'): string {
  // Dot-separated runs of at most 63, as a real 253-character name must be.
  let out = '';
  while (out.length < length) {
    const room = length - out.length;
    if (out.length > 0 && room >= 2) out += '.';
    out += fill.repeat(Math.min(63, length - out.length));
  }
  return out;
}

describe('caVolumeName | seed-behaviours §2.4 B3 / §2.5 row 3', () => {
  it('is tls-ca-<name> for a short plain name (kagent: corp-ca → tls-ca-corp-ca, mount /etc/ssl/certs/custom/corp-ca)', () => {
    expect(caVolumeName('corp-ca')).toBe('tls-ca-corp-ca');
    expect(caMountPath('corp-ca')).toStrictEqual({ dir: '/etc/ssl/certs/custom/corp-ca', file: '/etc/ssl/certs/custom/corp-ca/ca.crt' });
  });

  it('keeps a 56-character name: tls-ca- (7) + 56 = 63, the label limit', () => {
    const name = 'n'.repeat(56);
    expect(caVolumeName(name)).toBe(`tls-ca-${name}`);
    expect(caVolumeName(name)).toHaveLength(63);
  });

  it('hashes a 57-character name (64 would be one too many)', () => {
    const name = 'n'.repeat(57);
    expect(caVolumeName(name)).toBe(`tls-ca-${sha8(name)}`);
  });

  it.each([60, 253])('hashes a %i-character name to a valid label that does not embed the name', (length) => {
    const name = nameOfLength(length);
    expect(name).toHaveLength(length);
    const volume = caVolumeName(name);
    expect(volume).toMatch(DNS1123_LABEL);
    expect(volume.length).toBeLessThanOrEqual(63);
    expect(volume).not.toContain(name.slice(0, 20));
    expect(volume).toBe(`tls-ca-${sha8(name)}`);
  });

  it.each(['corp.ca', 'mcp.example.com-tls', 'my.cert.bundle'])('hashes dotted name %s, which no label may contain', (name) => {
    const volume = caVolumeName(name);
    expect(volume).toMatch(DNS1123_LABEL);
    expect(volume).not.toContain('.');
    expect(volume).toBe(`tls-ca-${sha8(name)}`);
  });

  it('mounts under the same id as the volume, and names the certificate file, not a directory (kagent B2)', () => {
    const long = 'x'.repeat(60);
    expect(caMountPath(long).dir).toBe(`/etc/ssl/certs/custom/${sha8(long)}`);
    expect(caMountPath('corp-ca', 'custom-ca.pem').file).toBe('/etc/ssl/certs/custom/corp-ca/custom-ca.pem');
  });

  it('is deterministic: the same name always gives the same volume name', () => {
    const name = nameOfLength(120);
    expect(caVolumeName(name)).toBe(caVolumeName(name));
    expect(referenceId('tls-ca', name)).toBe(referenceId('tls-ca', name));
  });

  it('keeps two long names with a common prefix apart', () => {
    const a = `${'p'.repeat(60)}-a`;
    const b = `${'p'.repeat(60)}-b`;
    expect(caVolumeName(a)).not.toBe(caVolumeName(b));
  });

  it('property: every valid Secret/ConfigMap name gives a DNS-1123 label of at most 63 characters, deterministically', () => {
    const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    const subdomain = fc.array(label, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('.')).filter((n) => n.length <= 253);
    fc.assert(
      fc.property(subdomain, fc.constantFrom('tls-ca', 'tls-client', 'jwks'), (name, prefix) => {
        const derived = referenceDerivedName(prefix, name);
        expect(derived).toMatch(DNS1123_LABEL);
        expect(derived.length).toBeLessThanOrEqual(63);
        expect(referenceDerivedName(prefix, name)).toBe(derived);
        // Short plain names stay readable.
        if (`${prefix}-${name}`.length <= 63 && !name.includes('.')) expect(derived).toBe(`${prefix}-${name}`);
      }),
      { numRuns: 2000 },
    );
  });
});
