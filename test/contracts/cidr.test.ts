import { BlockList } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStrictSubnet, parseCidr } from '../../src/contracts/cidr.js';

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const ipv6 = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }).map((g) => g.map((x) => x.toString(16)).join(':'));

describe('parseCidr |', () => {
  it('accepts IPv4 and IPv6 CIDRs, compressed forms and embedded IPv4', () => {
    expect(parseCidr('10.0.0.0/8')).toStrictEqual({ family: 4, address: 0x0a000000n, prefix: 8 });
    expect(parseCidr('0.0.0.0/0')).toStrictEqual({ family: 4, address: 0n, prefix: 0 });
    expect(parseCidr('2001:db8::/32')).toStrictEqual({ family: 6, address: 0x20010db8n << 96n, prefix: 32 });
    expect(parseCidr('::/0')).toStrictEqual({ family: 6, address: 0n, prefix: 0 });
    expect(parseCidr('::ffff:10.0.0.1/128')?.address).toBe((0xffffn << 32n) | 0x0a000001n);
  });

  it('refuses what the API server refuses', () => {
    for (const bad of [
      '999.0.0.0/77',
      '10.0.0.0/33',
      '10.0.0.0',
      '10.0.0/8',
      '10.0.0.0/-1',
      '10.0.0.0/',
      'fe80::/129',
      'fe80::1%eth0/64',
      'x/8',
      '',
    ])
      expect(parseCidr(bad), bad).toBeUndefined();
  });
});

describe('isStrictSubnet |', () => {
  it('agrees with node:net BlockList on containment, and requires a longer prefix (property)', () => {
    // Oracle: BlockList's subnet check of the inner block's first address.
    fc.assert(
      fc.property(
        fc.oneof(fc.tuple(ipv4, ipv4, fc.constant(4 as const)), fc.tuple(ipv6, ipv6, fc.constant(6 as const))),
        fc.nat(128),
        fc.nat(128),
        ([a, b, family], p1, p2) => {
          const max = family === 4 ? 32 : 128;
          const outerPrefix = p1 % (max + 1);
          const innerPrefix = p2 % (max + 1);
          const outer = parseCidr(`${a}/${outerPrefix}`);
          const inner = parseCidr(`${b}/${innerPrefix}`);
          expect(outer && inner).toBeTruthy();
          const list = new BlockList();
          list.addSubnet(a, outerPrefix, family === 4 ? 'ipv4' : 'ipv6');
          const expected = innerPrefix > outerPrefix && list.check(b, family === 4 ? 'ipv4' : 'ipv6');
          expect(isStrictSubnet(inner!, outer!)).toBe(expected);
        },
      ),
    );
  });

  it('never mixes families', () => {
    expect(isStrictSubnet(parseCidr('::/64')!, parseCidr('0.0.0.0/0')!)).toBe(false);
  });
});
