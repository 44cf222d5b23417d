import type { Installation } from '../../core/installation/types';
import { type AccessDeps, admit, type InstallationAsk, load, recordChange, subjectOf } from './access';
import { type ProvisioningDeps, provisioning } from './provisioning';

/** Enables an installation: provisions its subscriptions, credential and runtime, and runs it. */
export async function enable(
  deps: AccessDeps & ProvisioningDeps,
  ask: InstallationAsk & { readonly pluginId: string },
): Promise<Installation> {
  await admit(deps, 'installation.enable', ask);
  const { installation, manifest } = await load(deps, ask.tenantId, ask.pluginId);
  const active = await provisioning(deps).enable(installation, manifest, subjectOf(ask.principal));
  await recordChange(deps, 'installation.enable', ask, active, 'provisioned and running');
  return active;
}
