import { auditDetailOf } from './audit-detail';
import { allow, type Decision, deny, detailOf } from './decision';
import type { PluginPrincipal } from './principal';
import type { EgressResource } from './resources';

/**
 * Egress to a host the egress module matched against the plugin's `allowed_domains` and the
 * tenant's overrides. Whatever a PHI-handling plugin sends out may carry PHI, so its egress is
 * audited at PHI level, allowed or not. An allowed request is recorded in the detail its
 * manifest's audit level asks for.
 */
export function decideEgress(plugin: PluginPrincipal, { host, allowlist }: EgressResource): Decision {
  const auditLevel = plugin.manifest.traits.includes('handles_phi') ? 'phi' : 'standard';
  if (allowlist.matched === true) {
    const by =
      allowlist.source === 'manifest'
        ? `plugin ${plugin.pluginId}'s allowed_domains entry`
        : `tenant ${plugin.tenantId}'s egress override`;
    return allow('proxy.egress', [`${host} is allowed by ${by} ${allowlist.entry}`], {
      auditLevel,
      ...detailOf(auditDetailOf(plugin.manifest)),
    });
  }
  return deny(
    'proxy.egress.not_allowlisted',
    [
      `${host} is in neither plugin ${plugin.pluginId}'s allowed_domains nor tenant ${plugin.tenantId}'s egress overrides`,
    ],
    auditLevel,
  );
}
