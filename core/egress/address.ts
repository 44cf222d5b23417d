import ipaddr from 'ipaddr.js';

/** Why an address may not be reached, with the rule id audit records and problems carry. */
export type AddressVerdict =
  | {
      readonly allowed: true;
      readonly rule: 'address.public' | 'address.allow_range';
      readonly address: string;
    }
  | {
      readonly allowed: false;
      readonly rule: string;
      /** A sentence: `127.0.0.1 is a loopback address`. */
      readonly reason: string;
      /** What the address is, to splice into other sentences: `a loopback address`. */
      readonly what: string;
      readonly address: string;
    };

/** Cloud metadata and credential endpoints: named, and never opened by a broad allow-range. */
const METADATA: Readonly<Record<string, string>> = {
  '169.254.169.254': 'the cloud instance metadata service',
  '169.254.170.2': 'the ECS task metadata and credentials endpoint',
  'fd00:ec2::254': 'the EC2 IPv6 instance metadata service',
};

const IPV4_RULES: Readonly<Record<string, [string, string]>> = {
  unspecified: ['address.unspecified', 'an unspecified (0.0.0.0/8) address'],
  broadcast: ['address.broadcast', 'the broadcast address'],
  multicast: ['address.multicast', 'a multicast address'],
  linkLocal: ['address.link_local', 'a link-local (169.254.0.0/16) address'],
  loopback: ['address.loopback', 'a loopback address'],
  carrierGradeNat: ['address.cgnat', 'a carrier-grade NAT (100.64.0.0/10) address'],
  private: ['address.private', 'a private (RFC 1918) address'],
  reserved: ['address.reserved', 'a reserved, documentation or benchmarking address'],
};

const IPV6_RULES: Readonly<Record<string, [string, string]>> = {
  unspecified: ['address.unspecified', 'the unspecified address (::)'],
  loopback: ['address.loopback', 'the IPv6 loopback address'],
  linkLocal: ['address.link_local', 'an IPv6 link-local (fe80::/10) address'],
  multicast: ['address.multicast', 'an IPv6 multicast address'],
  uniqueLocal: ['address.private', 'an IPv6 unique local (fc00::/7) address'],
  discard: ['address.reserved', 'an IPv6 discard-only (100::/64) address'],
  reserved: ['address.reserved', 'a reserved or documentation IPv6 address'],
};

type V4 = ipaddr.IPv4;
type V6 = ipaddr.IPv6;

const fromBits = (hi: number, lo: number): V4 =>
  ipaddr.IPv4.parse(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);

/**
 * The IPv4 address an IPv6 form carries, for the forms that reach an IPv4 host: mapped
 * (::ffff:0:0/96, RFC 4291), translated (::ffff:0:0:0/96, RFC 2765 and RFC 6052's SIIT),
 * compatible (::/96), NAT64 (64:ff9b::/96 and 64:ff9b:1::/48), 6to4 (2002::/16) and Teredo
 * (2001::/32, client address stored inverted). The form comes with its article, as it is spliced
 * into "embedded in an IPv4-mapped IPv6 address".
 */
function embeddedIPv4(address: V6): { v4: V4; form: string } | undefined {
  const p = address.parts;
  const range = address.range();
  if (range === 'ipv4Mapped') return { v4: fromBits(p[6]!, p[7]!), form: 'an IPv4-mapped' };
  if (range === 'rfc6145') return { v4: fromBits(p[6]!, p[7]!), form: 'an IPv4-translated' };
  if (range === 'rfc6052') return { v4: fromBits(p[6]!, p[7]!), form: 'a NAT64' };
  if (range === '6to4') return { v4: fromBits(p[1]!, p[2]!), form: 'a 6to4' };
  if (range === 'teredo') return { v4: fromBits(~p[6]! & 0xffff, ~p[7]! & 0xffff), form: 'a Teredo' };
  if (p.slice(0, 6).every((x) => x === 0) && (p[6]! !== 0 || p[7]! > 1)) {
    return { v4: fromBits(p[6]!, p[7]!), form: 'an IPv4-compatible' };
  }
  return undefined;
}

function classifyV4(v4: V4): { rule: string; reason: string } | undefined {
  const text = v4.toString();
  if (METADATA[text]) return { rule: 'address.metadata', reason: METADATA[text]! };
  const range = v4.range();
  if (range === 'unicast') return undefined;
  const [rule, reason] = IPV4_RULES[range] ?? ['address.reserved', `a special-purpose address (${range})`];
  return { rule, reason };
}

function classifyV6(v6: V6): { rule: string; reason: string } | undefined {
  const text = v6.toNormalizedString();
  const metadata = Object.keys(METADATA).find(
    (m) => m.includes(':') && ipaddr.parse(m).toNormalizedString() === text,
  );
  if (metadata) return { rule: 'address.metadata', reason: METADATA[metadata]! };
  const embedded = embeddedIPv4(v6);
  if (embedded) {
    const inner = classifyV4(embedded.v4);
    return inner
      ? { rule: inner.rule, reason: `${inner.reason}, embedded in ${embedded.form} IPv6 address` }
      : undefined;
  }
  const range = v6.range();
  if (range === 'unicast') return undefined;
  const [rule, reason] = IPV6_RULES[range] ?? [
    'address.reserved',
    `a special-purpose IPv6 address (${range})`,
  ];
  return { rule, reason };
}

/** Parses any spelling of an address (decimal, octal, hex and short IPv4 forms; IPv6 with or without brackets). */
export function parseAddress(text: string): V4 | V6 | undefined {
  const bare = text.trim().replace(/^\[(.*)\]$/, '$1');
  // ipaddr's isValid throws and catches inside for every string that is not an IPv4 address,
  // ~60 µs each time: most URLs carry a host name, so ask its format check (which does not throw) first.
  // That format check itself throws for a few strings ("08": a leading 0 is octal, and 8 is no
  // octal digit), which are no address either.
  try {
    if (!bare.includes(':') && !ipaddr.IPv4.isIPv4(bare)) return undefined;
  } catch {
    return undefined;
  }
  return ipaddr.isValid(bare) ? ipaddr.parse(bare) : undefined;
}

/**
 * Parsed allow-ranges by their text. The same few ranges are checked on every request, and
 * ipaddr.js takes ~20 µs to parse one (it tries IPv6 first); they come from configuration, so the
 * map stays as small as the configuration.
 */
const parsedRanges = new Map<string, [V4 | V6, number]>();
const parseRange = (cidr: string): [V4 | V6, number] => {
  let parsed = parsedRanges.get(cidr);
  if (!parsed) {
    parsed = ipaddr.parseCIDR(cidr);
    parsedRanges.set(cidr, parsed);
  }
  return parsed;
};

/** Whether an address lies in one of the CIDRs; a metadata address only when a range names it exactly. */
function inAllowRange(address: V4 | V6, ranges: readonly string[], metadata: boolean): boolean {
  return ranges.some((cidr) => {
    const [base, bits] = parseRange(cidr);
    if (base.kind() !== address.kind()) return false;
    const exact = bits === (address.kind() === 'ipv4' ? 32 : 128);
    return (!metadata || exact) && address.match([base, bits] as [typeof address, number]);
  });
}

/**
 * Classifies a resolved (or literal) address: only global unicast is reachable, plus anything
 * inside an explicit test allow-range. Every other kind is denied with the rule that denies it.
 */
export function classifyAddress(text: string, allowRanges: readonly string[] = []): AddressVerdict {
  const address = parseAddress(text);
  if (!address)
    return {
      allowed: false,
      rule: 'address.invalid',
      reason: `${text} is not an IP address`,
      what: 'not an IP address',
      address: text,
    };
  const normal = address.toString();
  const denial = address.kind() === 'ipv4' ? classifyV4(address as V4) : classifyV6(address as V6);
  if (allowRanges.length > 0 && inAllowRange(address, allowRanges, denial?.rule === 'address.metadata')) {
    return { allowed: true, rule: 'address.allow_range', address: normal };
  }
  if (!denial) return { allowed: true, rule: 'address.public', address: normal };
  return {
    allowed: false,
    rule: denial.rule,
    reason: `${normal} is ${denial.reason}`,
    what: denial.reason,
    address: normal,
  };
}
