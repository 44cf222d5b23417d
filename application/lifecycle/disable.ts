import type { Installation } from '../../core/installation/types';
import { type AccessDeps, admit, type InstallationAsk, load, recordChange, subjectOf } from './access';
import { type ProvisioningDeps, provisioning } from './provisioning';

/** Disables an installation (or retries a failed stop): its runtime scales to zero, its resources stay. */
export async function disable(
  deps: AccessDeps & ProvisioningDeps,
  ask: InstallationAsk & { readonly pluginId: string },
): Promise<Installation> {
  await admit(deps, 'installation.disable', ask);
  const { installation } = await load(deps, ask.tenantId, ask.pluginId);
  const disabled = await provisioning(deps).disable(installation, subjectOf(ask.principal));
  await recordChange(deps, 'installation.disable', ask, disabled, 'stopped');
  return disabled;
}
