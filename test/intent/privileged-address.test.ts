import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { privilegedAddress } from '../../src/intent/privileged-address.js';

/** The host node's WHATWG parser makes of a URL's authority. */
const hostOf = (authority: string) => new URL(`http://${authority}/`).hostname;

/** The oracle: the privileged IPv4 ranges, on the address as one 32-bit number. */
function privilegedNumber(n: number): boolean {
  const a = n >>> 24;
  const b = (n >>> 16) & 0xff;
  return a === 127 || a === 0 || (a === 169 && b === 254) || n === 0x646464c8 /* 100.100.100.200 */ || n === 0xa83f8110; /* 168.63.129.16 */
}

describe('privilegedAddress |', () => {
  it.each([
    ['169.254.169.254', /cloud metadata/],
    ['2852039166', /cloud metadata/],
    ['0xa9fea9fe', /cloud metadata/],
    ['0251.0376.0251.0376', /cloud metadata/],
    ['169.254.1.1', /link-local/],
    ['127.0.0.1', /loopback/],
    ['127.1', /loopback/],
    ['0x7f.1', /loopback/],
    ['0', /unspecified/],
    ['0.0.0.0', /unspecified/],
    ['localhost', /loopback name/],
    ['LOCALHOST.', /loopback name/],
    ['admin.localhost', /loopback name/],
    ['[::1]', /loopback/],
    ['[0:0:0:0:0:0:0:1]', /loopback/],
    ['[::]', /unspecified/],
    ['[fe80::1]', /link-local/],
    ['[fd00:ec2::254]', /cloud metadata/],
    ['[::ffff:169.254.169.254]', /IPv6 form of the cloud metadata/],
    ['[::ffff:127.0.0.1]', /IPv6 form of a loopback/],
    ['[64:ff9b::a9fe:a9fe]', /IPv6 form of the cloud metadata/],
    ['metadata.google.internal', /cloud metadata/],
    ['100.100.100.200', /Alibaba/],
    ['168.63.129.16', /Azure/],
  ])('refuses %s, in whatever notation', (authority, what) => {
    expect(privilegedAddress(hostOf(authority))).toMatch(what);
  });

  it.each([
    '10.1.2.3',
    '[2001:db8::1]',
    '[::ffff:10.0.0.1]',
    'mcp.example.com',
    'localhost.example.com',
    'weather.team-a.svc',
    '169.255.0.1',
  ])('lets %s through', (authority) => {
    expect(privilegedAddress(hostOf(authority))).toBeUndefined();
  });

  it('property: agrees with a numeric oracle for any IPv4 address, written as a dotted quad, a decimal or a hex number', () => {
    const notation = fc.constantFrom('dotted', 'decimal', 'hex', 'mapped');
    fc.assert(
      fc.property(
        fc.oneof(fc.nat(0xffffffff), fc.integer({ min: 0x7f000000, max: 0x7fffffff }), fc.integer({ min: 0xa9fe0000, max: 0xa9feffff })),
        notation,
        (n, how) => {
          const dotted = [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');
          const authority = { dotted, decimal: String(n), hex: `0x${n.toString(16)}`, mapped: `[::ffff:${dotted}]` }[how];
          expect(privilegedAddress(hostOf(authority)) !== undefined).toBe(privilegedNumber(n));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
