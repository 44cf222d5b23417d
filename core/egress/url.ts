import { type AddressVerdict, classifyAddress, parseAddress } from './address';
import { matchAllowlist, normalizeHost } from './host';

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

/**
 * The URL stage of the egress guard, before any DNS: scheme, credentials in the URL, port, IP
 * literals and the allowlist (the tenant's deny list wins over every allow).
 */
export function checkUrl(target: string | URL, policy: EgressPolicy): EgressDecision {
  let url: URL;
  try {
    url = typeof target === 'string' ? new URL(target) : target;
  } catch {
    return deny('url.invalid', 'the URL cannot be parsed');
  }
  const http = url.protocol === 'http:' && policy.allowHttp === true;
  if (url.protocol !== 'https:' && !http)
    return deny('scheme.https_only', `${url.protocol.replace(':', '')} is not allowed; only https`);
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
