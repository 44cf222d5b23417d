import { checkConfig } from '../../core/config';
import { ConflictError, ValidationError } from '../../core/errors';
import type { Installation } from '../../core/installation/types';
import type { PluginManifest } from '../../core/manifest/types';
import type { Envelope, InstallationStore } from '../../core/ports';
import type { Unvalidated } from '../attempt';
import { guard } from '../guard';
import { type AccessDeps, admit, type InstallationAsk, load, subjectOf } from './access';

export interface ConfigureRequest {
  readonly values: Record<string, unknown>;
}

export interface ConfigureDeps extends AccessDeps {
  readonly installations: Pick<InstallationStore, 'get' | 'save'>;
  readonly envelope: Pick<Envelope, 'seal'>;
  readonly now: () => Date;
}

/**
 * Replaces an installation's config: validated against its version's config schema, secrets
 * sealed under the installation's encryption context, and secrets not sent kept as they were.
 */
export async function configure(
  deps: ConfigureDeps,
  ask: InstallationAsk & { readonly pluginId: string; readonly body: Unvalidated<ConfigureRequest> },
): Promise<{ installation: Installation; manifest: PluginManifest }> {
  const { tenantId, pluginId } = ask;
  await admit(deps, 'installation.configure', ask);
  const body = ask.body.parse(ask.body.raw);
  const { installation, manifest } = await load(deps, tenantId, pluginId);
  if (installation.state === 'Uninstalling')
    throw new ConflictError(`Plugin ${pluginId} is being uninstalled.`);
  const kept = Object.keys(installation.sealedSecrets);
  const check = checkConfig(manifest.config, body.values, kept);
  if (check.errors.length > 0) throw new ValidationError('The config is invalid.', check.errors);
  const context = { tenantId, installationId: installation.installationId, purpose: 'config' as const };
  const sealedSecrets: Record<string, string> = {};
  for (const name of kept)
    if (!(name in body.values)) sealedSecrets[name] = installation.sealedSecrets[name]!;
  for (const [name, value] of Object.entries(check.secrets))
    sealedSecrets[name] = await deps.envelope.seal(value, context);
  const saved = await deps.installations.save({
    ...installation,
    config: check.plain,
    sealedSecrets,
    rev: installation.rev + 1,
    updatedAt: deps.now().toISOString(),
    updatedBy: subjectOf(ask.principal),
  });
  // The record names which settings changed, never their values.
  await guard(deps).record(ask.principal, 'installation.configure.completed', {
    traceId: ask.traceId,
    target: { kind: 'installation', id: `${tenantId}/${pluginId}` },
    reasons: ['config replaced'],
    details: { settings: Object.keys(check.plain), secrets: Object.keys(sealedSecrets), rev: saved.rev },
  });
  return { installation: saved, manifest };
}
