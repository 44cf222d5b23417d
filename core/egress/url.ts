import { type AddressVerdict, classifyAddress, parseAddress } from './address';
import { matchAllowlist, normalizeHost } from './host';
import { controlCharacter, readAsParsed, readAsWritten, type UrlReading } from './raw-url';

/** What a plugin may reach: its manifest's allowlist, the tenant's overrides and test settings. */
export interface EgressPolicy {
  readonly allowedDomains: readonly string[];
  readonly tenantOverrides?: { readonly allow?: readonly string[]; readonly deny?: readonly string[] };
  /** Plain http; only for tests against local servers. @default false */
  readonly allowHttp?: boolean;
  /** Ports besides the scheme's default. @default none */
  readonly allowedPorts?: readonly number[];
  /** CIDRs reachable although not public (a loopback test server). @default none */
  readonly allowRanges?: readonly string[];
}

export type EgressDecision =
  | {
      readonly allowed: true;
      readonly rule: string;
      readonly host: string;
      readonly port: number;
      /** Where the allowing entry came from; absent for an IP literal inside an allow-range. */
      readonly source?: 'manifest' | 'tenant_override';
      readonly entry?: string;
    }
  | { readonly allowed: false; readonly rule: string; readonly reason: string };

const deny = (rule: string, reason: string): EgressDecision => ({ allowed: false, rule, reason });

const PARTS: readonly (keyof UrlReading)[] = ['scheme', 'userinfo', 'host', 'port'];
const PART_WORDS: Readonly<Record<keyof UrlReading, string>> = {
  scheme: 'scheme',
  userinfo: 'user information',
  host: 'host',
  port: 'port',
};
const shown = (value: UrlReading[keyof UrlReading]): string =>
  value === undefined
    ? 'none'
    : typeof value === 'boolean'
      ? value
        ? 'present'
        : 'none'
      : JSON.stringify(value);

/**
 * Whether RFC 3986 and WHATWG URL read the raw text alike on everything the decision depends on.
 * A reference relative to `base` (a redirect's `Location`) is read as RFC 3986 resolves it: a
 * path keeps the base's authority, `//host` replaces it.
 */
function ambiguity(raw: string, parsed: URL, base: URL | undefined): EgressDecision | undefined {
  // new URL has parsed `raw` (against `base` if given), so a reference without a scheme has a base.
  const written =
    readAsWritten(raw) ??
    (raw.startsWith('//') ? readAsWritten(`${base!.protocol}${raw}`)! : readAsParsed(base!));
  const read = readAsParsed(parsed);
  const part = PARTS.find((name) => written[name] !== read[name]);
  if (part === undefined) return undefined;
  return deny(
    'url.ambiguous',
    `the URL is ambiguous: RFC 3986 reads its ${PART_WORDS[part]} as ${shown(written[part])}, a WHATWG URL parser as ${shown(read[part])}; it is refused rather than guessed`,
  );
}

/**
 * The URL stage of the egress guard, before any DNS: control characters and ambiguity in the raw
 * text, scheme, credentials in the URL, port, IP literals and the allowlist (the tenant's deny
 * list wins over every allow). Raw text (a plugin's URL, a redirect's `Location` against `base`)
 * gets every check; a URL already parsed, only those after parsing.
 */
export function checkUrl(target: string | URL, policy: EgressPolicy, base?: URL): EgressDecision {
  if (typeof target === 'string') {
    const control = controlCharacter(target);
    if (control) {
      return deny(
        'url.control_character',
        `the URL has the control or white space character ${control.character} at position ${control.index}; URL parsers drop or re-encode such characters, so none is allowed anywhere in a URL`,
      );
    }
  }
  let url: URL;
  try {
    url = typeof target === 'string' ? new URL(target, base) : target;
  } catch {
    return deny('url.invalid', 'the URL cannot be parsed');
  }
  const http = url.protocol === 'http:' && policy.allowHttp === true;
  if (url.protocol !== 'https:' && !http)
    return deny('scheme.https_only', `${url.protocol.replace(':', '')} is not allowed; only https`);
  const ambiguous = typeof target === 'string' ? ambiguity(target, url, base) : undefined;
  if (ambiguous) return ambiguous;
  if (url.username || url.password) return deny('url.userinfo', 'credentials in the URL are not allowed');
  const port = url.port ? Number(url.port) : http ? 80 : 443;
  if (url.port && !(policy.allowedPorts ?? []).includes(port))
    return deny('port.not_allowed', `port ${port} is not allowed`);
  // WHATWG URL has already turned every IPv4 spelling (2130706433, 0x7f.1, 0177.0.0.1) into dotted form.
  const literal = parseAddress(url.hostname);
  if (literal) {
    const verdict: AddressVerdict = classifyAddress(url.hostname, policy.allowRanges);
    if (verdict.allowed && verdict.rule === 'address.allow_range') {
      return { allowed: true, rule: 'address.allow_range', host: verdict.address, port };
    }
    return deny(
      verdict.allowed ? 'host.ip_literal' : verdict.rule,
      verdict.allowed ? 'IP addresses are not on any allowlist; use a host name' : verdict.reason,
    );
  }
  const host = normalizeHost(url.hostname);
  if (!host) return deny('host.invalid', `${url.hostname} is not a valid host name`);
  const denied = matchAllowlist(host, policy.tenantOverrides?.deny ?? []);
  if (denied) return deny('host.tenant_denied', `${host} is denied by the tenant (${denied})`);
  const fromManifest = matchAllowlist(host, policy.allowedDomains);
  if (fromManifest)
    return { allowed: true, rule: 'allowlist.match', host, port, source: 'manifest', entry: fromManifest };
  const fromTenant = matchAllowlist(host, policy.tenantOverrides?.allow ?? []);
  if (fromTenant)
    return {
      allowed: true,
      rule: 'allowlist.match',
      host,
      port,
      source: 'tenant_override',
      entry: fromTenant,
    };
  return deny('host.not_allowlisted', `${host} is not on the plugin's allowlist`);
}

/**
 * The address stage: every address the host resolved to must be reachable, so a DNS answer that
 * mixes a public address with a private one (a rebinding trick) is refused outright.
 */
export function checkAddresses(
  host: string,
  addresses: readonly string[],
  policy: Pick<EgressPolicy, 'allowRanges'>,
): AddressesDecision {
  if (addresses.length === 0)
    return { allowed: false, rule: 'dns.no_answer', reason: `${host} did not resolve` };
  for (const address of addresses) {
    const verdict = classifyAddress(address, policy.allowRanges);
    if (!verdict.allowed)
      return {
        allowed: false,
        rule: verdict.rule,
        reason: `${host} resolves to ${verdict.address}, which is ${verdict.what}`,
      };
  }
  return { allowed: true, rule: 'address.checked' };
}

export type AddressesDecision =
  | { readonly allowed: true; readonly rule: string }
  | { readonly allowed: false; readonly rule: string; readonly reason: string };
