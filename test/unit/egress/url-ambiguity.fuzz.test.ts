import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkUrl } from '../../../core/egress';

// A host WHATWG URL and DNS both take as it is: lower-case LDH labels, a letter-led top label
// (a numeric one makes the name an IPv4 address) and no reserved `xx--` labels (IDNA's).
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/).filter((l) => l.slice(2, 4) !== '--');
const top = fc.stringMatching(/^[a-z]{2,8}$/);
const host = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), top)
  .map(([ls, t]) => [...ls, t].join('.'));
const path = fc.webPath();
const query = fc.option(fc.webQueryParameters(), { nil: undefined });
const policyFor = (...hosts: string[]) => ({ allowedDomains: hosts });

const TRICK_CHARACTERS = [
  '\t',
  '\n',
  '\r',
  ' ',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u00ad',
  '\u200b',
  '\u200e',
  '\u2028',
  '\u202e',
  '\u3000',
  '\ufeff',
];
const LOOK_ALIKE_DOTS = ['\uff0e', '\u3002', '\uff61'];

/** The ways a URL's authority reads one way in the raw text and another once WHATWG has parsed it. */
const tricks = (target: string, other: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(`https://${other}\\${target}/`),
    fc.constant(`https://${other}\\@${target}/`),
    fc.constant(`https://${other}@${other}@${target}/`),
    fc.constant(`https://@${target}/`),
    fc.constantFrom(`https:${target}/`, `https:/${target}/`, `https:///${target}/`, `https:\\\\${target}/`),
    fc.nat(target.length - 1).map((i) => {
      const hex = target.charCodeAt(i).toString(16).padStart(2, '0');
      return `https://${target.slice(0, i)}%${hex}${target.slice(i + 1)}/`;
    }),
    fc.tuple(fc.constantFrom(...LOOK_ALIKE_DOTS)).map(([dot]) => `https://${target.replace('.', dot)}/`),
    fc
      .nat(target.length - 1)
      .filter((i) => /[a-z0-9]/.test(target[i]!))
      .map((i) => {
        const wide = String.fromCharCode(target.charCodeAt(i) + 0xfee0);
        return `https://${target.slice(0, i)}${wide}${target.slice(i + 1)}/`;
      }),
  );

describe('the egress guard: properties of raw URLs', () => {
  it('accepts a plain, well-formed URL to an allowlisted host, in any case, with any path and query', () => {
    fc.assert(
      fc.property(host, path, query, fc.boolean(), (name, p, q, shout) => {
        const url = `https://${shout ? name.toUpperCase() : name}${p}${q === undefined ? '' : `?${q}`}`;
        expect(checkUrl(url, policyFor(name)), url).toMatchObject({ allowed: true, host: name });
      }),
      { numRuns: 500 },
    );
  });

  it('refuses an authority that RFC 3986 and WHATWG URL read differently, though both hosts are allowlisted', () => {
    const pair = fc
      .tuple(host, host)
      .filter(([a, b]) => a !== b)
      .chain(([target, other]) => fc.tuple(fc.constant(target), fc.constant(other), tricks(target, other)));
    fc.assert(
      fc.property(pair, ([target, other, url]) => {
        const decision = checkUrl(url, policyFor(target, other));
        expect(decision.allowed, url).toBe(false);
        // A trick WHATWG cannot parse at all is refused as unparseable; every other as ambiguous.
        expect(['url.ambiguous', 'url.invalid'], url).toContain(decision.rule);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a control or white space character wherever it is put', () => {
    const placed = fc
      .tuple(host, path, query, fc.constantFrom(...TRICK_CHARACTERS))
      .chain(([name, p, q, character]) => {
        const url = `https://${name}${p}${q === undefined ? '' : `?${q}`}`;
        return fc
          .nat(url.length)
          .map((at) => ({ name, url: `${url.slice(0, at)}${character}${url.slice(at)}` }));
      });
    fc.assert(
      fc.property(placed, ({ name, url }) => {
        expect(checkUrl(url, policyFor(name)), JSON.stringify(url)).toMatchObject({
          allowed: false,
          rule: 'url.control_character',
        });
      }),
      { numRuns: 500 },
    );
  });
});
