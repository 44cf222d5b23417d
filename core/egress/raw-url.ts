import { domainToASCII, domainToUnicode } from 'node:url';
import { parseAddress } from './address';

/*
 * Why this is hand-written. The guard judges a URL as `new URL()` (WHATWG URL) parses it, and
 * that parser is forgiving by design: it drops tabs and newlines, reads `\` as `/`, decodes
 * percent-escapes and maps full-width characters in a host, finds a host where RFC 3986 sees none
 * (`https:evil.example`), takes the last `@` of several and reads `0x7f.1` as 127.0.0.1. Another
 * reader of the same text (the plugin's author, a log, a tenant's firewall) can see a different
 * host than the one the guard approved, and a proxy must refuse what is ambiguous rather than
 * guess. No well-kept library compares the two readings: whatwg-url is the same forgiving parser,
 * fast-uri (ajv's, already here) normalizes a host the same way (it decodes `%2e`, maps `．`, reads
 * `0x7f.1` as an address) and uri-js is unmaintained. So this file reads only what the decision
 * needs, the scheme and the authority, strictly in RFC 3986's grammar, and url.ts compares that
 * reading with WHATWG's.
 *
 * What is compared as equal, because RFC 3986 itself makes it so: the case of scheme and host
 * (§3.1, §3.2.2), a port written as the scheme's default or left empty (§6.2.3), a root dot
 * (both readers keep it, and DNS names the same host either way), an IPv6 literal in any of its
 * textual forms (RFC 4291 §2.2: one address), and an international label whose IDNA form reads
 * back as exactly what was written (RFC 3987's reading of the same name). Nothing else.
 */

/** The parts of a URL the egress decision depends on, as one reader sees them. */
export interface UrlReading {
  /** Lower case, without the colon. */
  readonly scheme: string;
  /** Whether there is user information (`user@`, even empty). */
  readonly userinfo: boolean;
  /** IDNA ASCII labels for names, normalized text for addresses; undefined when there is no authority. */
  readonly host: string | undefined;
  /** The effective port: the scheme's default when none is written; text that is no number as it is. */
  readonly port: number | string | undefined;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443 };

/** Control, format (bidi overrides, soft hyphens, zero-width joiners), separator and white space characters. */
const CONTROL_OR_SPACE = /[\p{Cc}\p{Cf}\p{Z}\s]/u;

/** The first control or white space character and where it is, if the text has one. */
export function controlCharacter(
  text: string,
): { readonly character: string; readonly index: number } | undefined {
  const match = CONTROL_OR_SPACE.exec(text);
  return match
    ? {
        character: `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
        index: match.index,
      }
    : undefined;
}

/**
 * A label as RFC 3986 (with RFC 3987's Unicode letters) names it: ASCII as it is, in lower case;
 * an international label only when its IDNA form reads back as exactly the label, so that
 * full-width letters, look-alike dots inside a label or a decomposed accent, which IDNA maps onto other
 * characters, stay what they are written as and fail to match the parser's host.
 */
function labelAsWritten(label: string): string {
  const lower = label.toLowerCase();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is the point, all of ASCII
  if (/^[\u0000-\u007f]*$/.test(lower)) return lower;
  const ascii = domainToASCII(lower);
  return ascii !== '' && domainToUnicode(ascii) === lower ? ascii : lower;
}

function hostAsWritten(host: string): string {
  if (host.startsWith('[') && host.endsWith(']')) {
    return `[${parseAddress(host)?.toString() ?? host.slice(1, -1)}]`;
  }
  return host.split('.').map(labelAsWritten).join('.');
}

/**
 * RFC 3986's reading of an absolute URL: `scheme ":" "//" authority`, the authority ending at the
 * first `/`, `?` or `#`, the user information before its first `@` (RFC 3986 allows none inside
 * it), the port after the host's last `:` outside brackets. Undefined without a scheme.
 */
export function readAsWritten(raw: string): UrlReading | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(raw);
  if (!scheme) return undefined;
  const name = scheme[1]!.toLowerCase();
  const rest = raw.slice(scheme[0].length);
  if (!rest.startsWith('//')) return { scheme: name, userinfo: false, host: undefined, port: undefined };
  const authority = /^[^/?#]*/.exec(rest.slice(2))![0];
  const at = authority.indexOf('@');
  const hostPort = authority.slice(at + 1);
  const portAt = hostPort.lastIndexOf(':');
  const hasPort = portAt > hostPort.lastIndexOf(']');
  const port = hasPort ? hostPort.slice(portAt + 1) : '';
  return {
    scheme: name,
    userinfo: at >= 0,
    host: hostAsWritten(hasPort ? hostPort.slice(0, portAt) : hostPort),
    port: port === '' ? DEFAULT_PORTS[name] : /^[0-9]+$/.test(port) ? Number(port) : port,
  };
}

/** WHATWG's reading of the same parts, in the same form. */
export function readAsParsed(url: URL): UrlReading {
  const scheme = url.protocol.slice(0, -1);
  return {
    scheme,
    userinfo: url.username !== '' || url.password !== '',
    host: url.host === '' ? undefined : hostAsWritten(url.hostname),
    port: url.port === '' ? DEFAULT_PORTS[scheme] : Number(url.port),
  };
}
