import { isIPv4, isIPv6 } from 'node:net';

/** An IPv4 or IPv6 CIDR block as the API server parses it: address bits and prefix length. */
export interface Cidr {
  readonly family: 4 | 6;
  readonly address: bigint;
  readonly prefix: number;
}

function ipv4Bits(text: string): bigint | undefined {
  // Leading zeros are accepted, as by the API server's sloppy parser (`010.0.0.0` is 10.0.0.0).
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((bits, p) => (bits << 8n) | BigInt(Number(p)), 0n);
}

function ipv6Bits(text: string): bigint | undefined {
  if (!isIPv6(text) || text.includes('%')) return undefined;
  let groups = text;
  // A trailing dotted IPv4 part stands for the last two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const v4 = ipv4Bits(dotted[1]);
    if (v4 === undefined) return undefined;
    groups = `${text.slice(0, -dotted[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = groups.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const all = [...left, ...Array.from({ length: fill }, () => '0'), ...right];
  if (all.length !== 8) return undefined;
  return all.reduce((bits, g) => (bits << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** `text` as a CIDR (`10.0.0.0/8`, `2001:db8::/32`), or undefined when the API server would refuse it. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = text.slice(0, slash);
  const bitsText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bitsText)) return undefined;
  const prefix = Number(bitsText);
  if (isIPv4(ip) || ipv4Bits(ip) !== undefined) {
    const address = ipv4Bits(ip);
    return address !== undefined && prefix <= 32 ? { family: 4, address, prefix } : undefined;
  }
  const address = ipv6Bits(ip);
  return address !== undefined && prefix <= 128 ? { family: 6, address, prefix } : undefined;
}

/** Whether `inner` lies inside `outer` and is strictly smaller, as `except` must lie in an ipBlock's `cidr`. */
export function isStrictSubnet(inner: Cidr, outer: Cidr): boolean {
  if (inner.family !== outer.family || inner.prefix <= outer.prefix) return false;
  const width = BigInt(inner.family === 4 ? 32 : 128);
  const hostBits = width - BigInt(outer.prefix);
  return inner.address >> hostBits === outer.address >> hostBits;
}
