import { describe, expect, it } from 'vitest';
import { checkUrl } from '../../../core/egress';

// Both hosts are allowlisted, so a refusal can only come from the raw text, not from the allowlist.
const policy = {
  allowedDomains: ['api.example.com', 'evil.example', 'xn--bcher-kva.example'],
  allowedPorts: [8443],
  allowRanges: ['127.0.0.1/32'],
};
const ambiguous = (part: string, written: string, parsed: string) =>
  `the URL is ambiguous: RFC 3986 reads its ${part} as ${written}, a WHATWG URL parser as ${parsed}; it is refused rather than guessed`;

describe('the egress guard: URLs that two readers read differently', () => {
  it.each([
    [
      'a backslash in the authority',
      'https://evil.example\\api.example.com/',
      'host',
      '"evil.example\\\\api.example.com"',
      '"evil.example"',
    ],
    [
      'a backslash before @',
      'https://evil.example\\@api.example.com/',
      'user information',
      'present',
      'none',
    ],
    [
      'two @',
      'https://a@evil.example@api.example.com/',
      'host',
      '"evil.example@api.example.com"',
      '"api.example.com"',
    ],
    ['an empty user', 'https://@api.example.com/', 'user information', 'present', 'none'],
    ['no // after the scheme', 'https:api.example.com/', 'host', 'none', '"api.example.com"'],
    ['one / after the scheme', 'https:/api.example.com/', 'host', 'none', '"api.example.com"'],
    ['three / after the scheme', 'https:///api.example.com/', 'host', '""', '"api.example.com"'],
    [
      'a percent-encoded dot',
      'https://api%2eexample.com/',
      'host',
      '"api%2eexample.com"',
      '"api.example.com"',
    ],
    [
      'a percent-encoded letter',
      'https://%61pi.example.com/',
      'host',
      '"%61pi.example.com"',
      '"api.example.com"',
    ],
    [
      'full-width dots',
      'https://api\uff0eexample\uff0ecom/',
      'host',
      '"api．example．com"',
      '"api.example.com"',
    ],
    [
      'an ideographic dot',
      'https://api\u3002example.com/',
      'host',
      '"api。example.com"',
      '"api.example.com"',
    ],
    [
      'a full-width letter',
      'https://\uff41pi.example.com/',
      'host',
      '"ａpi.example.com"',
      '"api.example.com"',
    ],
    [
      'a decomposed international name',
      'https://bu\u0308cher.example/',
      'host',
      '"bu\u0308cher.example"',
      '"xn--bcher-kva.example"',
    ],
    ['a hexadecimal IPv4 address', 'https://0x7f.1:8443/', 'host', '"0x7f.1"', '"127.0.0.1"'],
    ['a zero-padded IPv4 address', 'https://127.000.0.1:8443/', 'host', '"127.000.0.1"', '"127.0.0.1"'],
    ['a backslash after the port', 'https://api.example.com:443\\x/', 'port', '"443\\\\x"', '443'],
  ])('refuses %s', (_, url, part, written, parsed) => {
    expect(checkUrl(url, policy)).toEqual({
      allowed: false,
      rule: 'url.ambiguous',
      reason: ambiguous(part, written, parsed),
    });
  });

  it.each([
    ['a tab the parser would drop', 'https://api.exa\tmple.com/', 'U+0009', 15],
    ['a line feed', 'https://api.example.com/x\n', 'U+000A', 25],
    ['a leading space', ' https://api.example.com/', 'U+0020', 0],
    ['a space in the path', 'https://api.example.com/a b', 'U+0020', 25],
    ['a soft hyphen IDNA would remove', 'https://api.exam\u00adple.com/', 'U+00AD', 16],
    ['a right-to-left override', 'https://api.example.com/\u202e', 'U+202E', 24],
    ['a no-break space', 'https://api.example.com/\u00a0', 'U+00A0', 24],
    ['a NUL', 'https://api.example.com\u0000.evil.example/', 'U+0000', 23],
  ])('refuses %s anywhere', (_, url, character, index) => {
    expect(checkUrl(url, policy)).toEqual({
      allowed: false,
      rule: 'url.control_character',
      reason: `the URL has the control or white space character ${character} at position ${index}; URL parsers drop or re-encode such characters, so none is allowed anywhere in a URL`,
    });
  });

  it.each([
    ['upper case and a root dot', 'HTTPS://API.Example.COM./x?y#z', 'api.example.com'],
    ['the default port written out', 'https://api.example.com:443/', 'api.example.com'],
    ['an empty port', 'https://api.example.com:/', 'api.example.com'],
    ['an international name', 'https://BÜCHER.example/', 'xn--bcher-kva.example'],
    ['its punycode', 'https://xn--bcher-kva.example/', 'xn--bcher-kva.example'],
    [
      '@ in the path, query and fragment',
      'https://api.example.com/@evil.example?@evil.example#@evil.example',
      'api.example.com',
    ],
    ['percent-escapes in the path', 'https://api.example.com/a%20b/%2e%2e', 'api.example.com'],
  ])('accepts %s, which every reader reads alike', (_, url, host) => {
    expect(checkUrl(url, policy)).toMatchObject({ allowed: true, host });
  });

  it('compares IPv6 literals as addresses, however they are spelled', () => {
    expect(checkUrl('https://[::FFFF:127.0.0.1]/', policy)).toMatchObject({
      allowed: false,
      rule: 'address.loopback',
    });
  });
});

describe('the egress guard: a redirect’s Location, read against the URL it came from', () => {
  const base = new URL('https://api.example.com/a/b');

  it.each([
    ['a path', '/ok?step=2', 'api.example.com'],
    ['a relative path', 'ok', 'api.example.com'],
    ['another host, written plainly', '//evil.example/x', 'evil.example'],
    ['an absolute URL', 'https://evil.example/', 'evil.example'],
  ])('follows %s', (_, location, host) => {
    expect(checkUrl(location, policy, base)).toMatchObject({ allowed: true, host });
  });

  it.each([
    [
      'a path whose backslash WHATWG reads as //',
      '/\\evil.example/x',
      'host',
      '"api.example.com"',
      '"evil.example"',
    ],
    ['two backslashes', '\\\\evil.example/x', 'host', '"api.example.com"', '"evil.example"'],
    [
      'a scheme without //, which WHATWG resolves as a path',
      'https:evil.example',
      'host',
      'none',
      '"api.example.com"',
    ],
    [
      'a backslash in a scheme-relative authority',
      '//evil.example\\@api.example.com/',
      'user information',
      'present',
      'none',
    ],
  ])('refuses %s', (_, location, part, written, parsed) => {
    expect(checkUrl(location, policy, base)).toEqual({
      allowed: false,
      rule: 'url.ambiguous',
      reason: ambiguous(part, written, parsed),
    });
  });
});
