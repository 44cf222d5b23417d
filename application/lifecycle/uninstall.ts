import { type AccessDeps, admit, type InstallationAsk, load, recordChange, subjectOf } from './access';
import { type ProvisioningDeps, provisioning } from './provisioning';

/** Uninstalls a stopped installation: runtime, queues, rules and secrets go, then the record. */
export async function uninstall(
  deps: AccessDeps & ProvisioningDeps,
  ask: InstallationAsk & { readonly pluginId: string },
): Promise<void> {
  await admit(deps, 'installation.uninstall', ask);
  const { installation } = await load(deps, ask.tenantId, ask.pluginId);
  await provisioning(deps).uninstall(installation, subjectOf(ask.principal));
  await recordChange(
    deps,
    'installation.uninstall',
    ask,
    { ...installation, state: 'Unregistered' },
    'runtime, queues, rules and secrets removed',
  );
}
