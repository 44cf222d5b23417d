import { checkAddresses, checkUrl, type EgressPolicy } from '../../core/egress';
import type { PluginPrincipal } from '../../core/policy';
import type { EgressChecks } from '../../core/ports';

/**
 * The allowlist is policy's to refuse (through `decide`); every other egress rule is the guard's.
 * Shared with the policy simulation, which must stop where the lane stops.
 */
export const ALLOWLIST_RULES: ReadonlySet<string> = new Set([
  'host.not_allowlisted',
  'host.tenant_denied',
  'host.ip_literal',
]);

export interface EgressSettings {
  /** Extra allowed and denied hosts per tenant. */
  readonly tenantOverrides?: (tenantId: string) => EgressPolicy['tenantOverrides'];
  /** Test environments only: plain http, extra ports, non-public ranges. */
  readonly allowHttp?: boolean;
  readonly allowedPorts?: readonly number[];
  readonly allowRanges?: readonly string[];
}

/** Core's egress guard configured for one calling plugin: its manifest allowlist and its tenant's overrides. */
export function egressChecksFor(
  principal: PluginPrincipal,
  settings: EgressSettings = {},
): EgressChecks & { policy: EgressPolicy } {
  const policy: EgressPolicy = {
    allowedDomains: principal.manifest.allowed_domains ?? [],
    tenantOverrides: settings.tenantOverrides?.(principal.tenantId),
    allowHttp: settings.allowHttp,
    allowedPorts: settings.allowedPorts,
    allowRanges: settings.allowRanges,
  };
  return {
    policy,
    url: (url, base) => checkUrl(url, policy, base),
    addresses: (host, addresses) => checkAddresses(host, addresses, policy),
  };
}
