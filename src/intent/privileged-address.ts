/**
 * Addresses a pod must not be sent to by an intent: the node's and the cloud's control surfaces
 * (link-local, cloud metadata services), the pod itself (loopback, where the proxy serves its admin
 * and xDS ports) and the unspecified address (which most stacks treat as loopback).
 *
 * It takes a host as the WHATWG URL parser leaves it (node's `URL#hostname`): IPv4 in any notation
 * — decimal `2852039166`, hex `0xa9fea9fe`, octal, short `127.1` — is already dotted-quad there, and
 * IPv6 is bracketed and compressed, with IPv4-mapped forms in hex (`[::ffff:a9fe:a9fe]`).
 *
 * Returns what the address is, for a message, or undefined for an ordinary host.
 */
export function privilegedAddress(hostname: string): string | undefined {
  let host = hostname.toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host.endsWith('.')) host = host.slice(0, -1);
  const v4 = ipv4Octets(host);
  if (v4) return privilegedIpv4(v4);
  if (host.includes(':')) return privilegedIpv6(host);
  if (host === 'localhost' || host.endsWith('.localhost')) return 'a loopback name (localhost resolves to the pod itself)';
  if (METADATA_NAMES.has(host)) return 'the name of a cloud metadata service';
  return undefined;
}

/** DNS names of cloud metadata services that resolve from inside a cluster. */
const METADATA_NAMES = new Set(['metadata.google.internal', 'instance-data.ec2.internal']);

/** Cloud metadata and host-agent addresses outside the link-local range. */
const METADATA_IPV4: Readonly<Record<string, string>> = {
  '100.100.100.200': 'the Alibaba Cloud metadata service',
  '168.63.129.16': 'the Azure host agent (WireServer)',
};

function ipv4Octets(host: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets : undefined;
}

function privilegedIpv4([a, b, c, d]: readonly number[]): string | undefined {
  const dotted = `${a}.${b}.${c}.${d}`;
  if (dotted === '169.254.169.254') return 'the cloud metadata service (169.254.169.254)';
  if (a === 169 && b === 254) return 'a link-local address (169.254.0.0/16, where cloud metadata and node-local agents live)';
  if (a === 127) return 'a loopback address (127.0.0.0/8: the pod itself)';
  if (a === 0) return 'the unspecified address (0.0.0.0/8, which reaches the pod itself)';
  return METADATA_IPV4[dotted];
}

/** The eight 16-bit groups of an IPv6 address, or undefined if it is not one. */
function ipv6Groups(host: string): number[] | undefined {
  // A zone (fe80::1%eth0) never gets through the URL parser, but drop it rather than misread it.
  let text = host.replace(/%.*$/, '');
  // A dotted IPv4 tail (::ffff:169.254.169.254) is two groups written another way.
  const dotted = /(?:^|:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted?.[1]) {
    const v4 = ipv4Octets(dotted[1]);
    if (!v4) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = v4;
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0] ?? '');
  const rest = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (![...head, ...rest].every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  const fill = halves.length === 2 ? 8 - head.length - rest.length : 0;
  if (fill < 0 || (halves.length === 2 && fill === 0) || head.length + fill + rest.length !== 8) return undefined;
  return [...head, ...Array<string>(fill).fill('0'), ...rest].map((g) => parseInt(g, 16));
}

function privilegedIpv6(host: string): string | undefined {
  const g = ipv6Groups(host);
  if (!g) return undefined;
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  const embedded = () => privilegedIpv4([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]);
  if (zeroTo(8)) return 'the unspecified address (::, which reaches the pod itself)';
  if (zeroTo(7) && g7 === 1) return 'the loopback address (::1: the pod itself)';
  if ((g0 & 0xffc0) === 0xfe80) return 'a link-local address (fe80::/10)';
  if (g0 === 0xfd00 && g1 === 0x0ec2 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0 && g6 === 0 && g7 === 0x254) {
    return 'the cloud metadata service (fd00:ec2::254)';
  }
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses reach the IPv4 address inside.
  const mapped = zeroTo(5) && g5 === 0xffff;
  const compatible = zeroTo(6);
  const nat64 = g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0;
  if (mapped || compatible || nat64) {
    const inner = embedded();
    return inner ? `an IPv6 form of ${inner}` : undefined;
  }
  return undefined;
}
