import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkAddresses,
  checkUrl,
  classifyAddress,
  matchAllowlist,
  normalizeHost,
  parseAddress,
} from '../../../core/egress';

const policy = { allowedDomains: ['api.example.com'] };

describe('the egress guard: URLs', () => {
  it.each([
    ['https://127.0.0.1/', 'address.loopback', 'loopback'],
    ['https://2130706433/', 'url.ambiguous', '"127.0.0.1"'],
    ['https://0x7f.1/', 'url.ambiguous', '"0x7f.1"'],
    ['https://[::ffff:127.0.0.1]/', 'address.loopback', 'IPv4-mapped'],
    ['https://169.254.169.254/', 'address.metadata', 'metadata'],
    ['https://[fd00:ec2::254]/', 'address.metadata', 'metadata'],
    ['http://api.example.com/', 'scheme.https_only', 'only https'],
    ['https://api.example.com.evil.net/', 'host.not_allowlisted', 'allowlist'],
    ['https://user@api.example.com/', 'url.userinfo', 'credentials'],
    ['https://api.example.com:8443/', 'port.not_allowed', '8443'],
    ['https://8.8.8.8/', 'host.ip_literal', 'host name'],
    ['not-a-url', 'url.invalid', 'parsed'],
    ['not a url', 'url.control_character', 'U+0020'],
    ['ftp://api.example.com/', 'scheme.https_only', 'ftp'],
  ])('denies %s by %s', (url, rule, words) => {
    const decision = checkUrl(url, policy);

    expect(decision).toMatchObject({ allowed: false, rule });
    expect(decision.allowed ? '' : decision.reason).toContain(words);
  });

  it('allows an allowlisted https URL and says which entry allowed it', () => {
    expect(checkUrl('https://api.example.com/x', policy)).toEqual({
      allowed: true,
      rule: 'allowlist.match',
      host: 'api.example.com',
      port: 443,
      source: 'manifest',
      entry: 'api.example.com',
    });
    expect(checkUrl(new URL('https://API.Example.COM./x'), policy)).toMatchObject({ allowed: true });
  });

  it('applies tenant overrides: an extra allow, and a deny that wins over the manifest', () => {
    const overridden = {
      ...policy,
      tenantOverrides: { allow: ['*.partner.example'], deny: ['api.example.com'] },
    };

    expect(checkUrl('https://api.example.com/', overridden)).toMatchObject({
      allowed: false,
      rule: 'host.tenant_denied',
    });
    expect(checkUrl('https://x.partner.example/', overridden)).toMatchObject({
      allowed: true,
      source: 'tenant_override',
    });
  });

  it('allows http, extra ports and loopback literals only when test settings say so', () => {
    const test = {
      allowedDomains: ['localhost.test'],
      allowHttp: true,
      allowedPorts: [8443],
      allowRanges: ['127.0.0.1/32'],
    };

    expect(checkUrl('http://localhost.test/', test)).toMatchObject({ allowed: true, port: 80 });
    expect(checkUrl('https://127.0.0.1:8443/', test)).toEqual({
      allowed: true,
      rule: 'address.allow_range',
      host: '127.0.0.1',
      port: 8443,
    });
    expect(checkUrl('https://127.0.0.2/', test)).toMatchObject({ allowed: false, rule: 'address.loopback' });
  });

  it('refuses host names that are not DNS names', () => {
    expect(checkUrl(`https://${'a'.repeat(64)}.example.com/`, policy)).toMatchObject({
      allowed: false,
      rule: 'host.invalid',
    });
  });
});

describe('the egress guard: addresses', () => {
  it.each([
    ['10.1.2.3', 'address.private'],
    ['172.16.0.1', 'address.private'],
    ['192.168.1.1', 'address.private'],
    ['100.64.0.1', 'address.cgnat'],
    ['169.254.1.1', 'address.link_local'],
    ['169.254.170.2', 'address.metadata'],
    ['0.0.0.0', 'address.unspecified'],
    ['0.1.2.3', 'address.unspecified'],
    ['255.255.255.255', 'address.broadcast'],
    ['224.0.0.251', 'address.multicast'],
    ['240.0.0.1', 'address.reserved'],
    ['198.18.0.1', 'address.reserved'],
    ['192.0.2.10', 'address.reserved'],
    ['192.0.0.8', 'address.reserved'],
    ['::', 'address.unspecified'],
    ['::1', 'address.loopback'],
    ['fe80::1', 'address.link_local'],
    ['fd12:3456::1', 'address.private'],
    ['ff02::1', 'address.multicast'],
    ['2001:db8::1', 'address.reserved'],
    ['100::1', 'address.reserved'],
    ['::ffff:10.0.0.1', 'address.private'],
    ['::ffff:0:a00:1', 'address.private'],
    ['::7f00:1', 'address.loopback'],
    ['64:ff9b::a9fe:a9fe', 'address.metadata'],
    ['64:ff9b:1::7f00:1', 'address.loopback'],
    ['2002:c0a8:101::1', 'address.private'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'address.loopback'],
    ['not-an-ip', 'address.invalid'],
  ])('denies %s by %s', (address, rule) => {
    expect(classifyAddress(address)).toMatchObject({ allowed: false, rule });
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '2002:0808:0808::1',
    '64:ff9b::808:808',
  ])('allows the public address %s', (address) => {
    expect(classifyAddress(address)).toMatchObject({ allowed: true, rule: 'address.public' });
  });

  it('opens a metadata address only when an allow-range names it exactly', () => {
    expect(classifyAddress('169.254.169.254', ['169.254.0.0/16'])).toMatchObject({
      allowed: false,
      rule: 'address.metadata',
    });
    expect(classifyAddress('169.254.169.254', ['169.254.169.254/32'])).toMatchObject({
      allowed: true,
      rule: 'address.allow_range',
    });
    expect(classifyAddress('fd00:ec2::254', ['fd00::/8'])).toMatchObject({ allowed: false });
    expect(classifyAddress('10.0.0.5', ['::1/128', '10.0.0.0/8'])).toMatchObject({ allowed: true });
  });

  it('refuses a DNS answer if any address is not public (rebinding with mixed answers)', () => {
    expect(checkAddresses('api.example.com', ['93.184.216.34', '127.0.0.1'], {})).toMatchObject({
      allowed: false,
      rule: 'address.loopback',
    });
    expect(checkAddresses('api.example.com', ['93.184.216.34', '2606:2800:220:1::1'], {})).toEqual({
      allowed: true,
      rule: 'address.checked',
    });
    expect(checkAddresses('api.example.com', [], {})).toMatchObject({
      allowed: false,
      rule: 'dns.no_answer',
    });
  });

  it('parses every spelling it is given, and nothing else', () => {
    expect(parseAddress('[::1]')?.toString()).toBe('::1');
    expect(parseAddress('0177.0.0.1')?.toString()).toBe('127.0.0.1');
    expect(parseAddress('example.com')).toBeUndefined();
  });
});

/** Every way to write an IPv4 address that resolvers and URL parsers accept. */
const spellings = (a: number, b: number, c: number, d: number): string[] => {
  const n = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
  return [
    `${a}.${b}.${c}.${d}`,
    String(n),
    `0x${n.toString(16)}`,
    `0${a.toString(8)}.${b}.${c}.${d}`,
    `0x${a.toString(16)}.${b}.${c}.${d}`,
    `${a}.${(b << 16) + (c << 8) + d}`,
    `${a}.${b}.${(c << 8) + d}`,
    `::ffff:${a}.${b}.${c}.${d}`,
    `::ffff:${((a << 8) + b).toString(16)}:${((c << 8) + d).toString(16)}`,
  ];
};

describe('the egress guard: properties', () => {
  it('denies every spelling of a denied IPv4 address, as a DNS answer and in a URL', () => {
    const denied = fc.oneof(
      fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(100), fc.integer({ min: 64, max: 127 }), fc.nat(255), fc.nat(255)),
    );
    fc.assert(
      fc.property(denied, ([a, b, c, d]) => {
        for (const spelling of spellings(a, b, c, d)) {
          expect(classifyAddress(spelling).allowed).toBe(false);
          const host = spelling.includes(':') ? `[${spelling}]` : spelling;
          expect(checkUrl(`https://${host}/`, { allowedDomains: ['*.example.com'] }).allowed).toBe(false);
        }
      }),
    );
  });

  it('matches *.x.y against subdomains only, whatever the case or trailing dot', () => {
    // Labels with '--' in third and fourth place are reserved by IDNA (xn-- must be valid punycode).
    const ldh = (pattern: RegExp) => fc.stringMatching(pattern).filter((l) => l.slice(2, 4) !== '--');
    const label = ldh(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
    // A numeric last label makes a name an IPv4 address to URL parsers, so top-level labels start with a letter.
    const top = ldh(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/);
    fc.assert(
      fc.property(label, label, top, (sub, x, y) => {
        const pattern = `*.${x}.${y}`;
        expect(matchAllowlist(`${sub}.${x}.${y}`, [pattern])).toBe(pattern);
        expect(matchAllowlist(`${sub.toUpperCase()}.${x}.${y}.`, [pattern])).toBe(pattern);
        expect(matchAllowlist(`${x}.${y}`, [pattern])).toBeUndefined();
        expect(matchAllowlist(`${sub}${x}.${y}`, [pattern])).toBeUndefined();
        // x.y.sub is another name, unless it is itself under x.y: c.c.c is a subdomain of c.c.
        const reversed = `${x}.${y}.${sub}`;
        if (!reversed.endsWith(`.${x}.${y}`)) expect(matchAllowlist(reversed, [pattern])).toBeUndefined();
      }),
    );
    // The case fast-check once found (seed -1909325896): a repeated label is still a subdomain.
    expect(matchAllowlist('c.c.c', ['*.c.c'])).toBe('*.c.c');
  });

  it('normalises idempotently', () => {
    fc.assert(
      fc.property(fc.domain(), (domain) => {
        const once = normalizeHost(domain);
        expect(once === undefined || normalizeHost(once) === once).toBe(true);
      }),
    );
    expect(normalizeHost('Bücher.Example.')).toBe('xn--bcher-kva.example');
    expect(normalizeHost('a..b')).toBeUndefined();
    expect(normalizeHost('')).toBeUndefined();
    expect(matchAllowlist('a..b', ['*.b'])).toBeUndefined();
    expect(matchAllowlist('a.b', ['*.'])).toBeUndefined();
  });
});
