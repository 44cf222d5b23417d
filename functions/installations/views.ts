// The modules themselves, not core/config: its validation brings ajv's compiler into the reads.
import { SECRET_MASK, secretFields } from '../../core/config/secret-fields';
import { secretBindings } from '../../core/config/secret-hosts';
import { healthVerdict } from '../../core/installation/health-verdict';
import type { Installation } from '../../core/installation/types';
import type { PluginManifest } from '../../core/manifest/types';
import type { ConfigView, InstallationView } from '../wire';

/** How an installation is shown to clients: no sealed secrets, no internal resource names. */
export function installationView(installation: Installation): InstallationView {
  return {
    tenantId: installation.tenantId,
    pluginId: installation.pluginId,
    installationId: installation.installationId,
    pluginVersion: installation.pluginVersion,
    state: installation.state,
    rev: installation.rev,
    ...(installation.lastError ? { lastError: installation.lastError } : {}),
    health: {
      consecutiveFailures: installation.health.consecutiveFailures,
      lastCheckedAt: installation.health.lastCheckedAt,
      ...(installation.health.deadLetters === undefined
        ? {}
        : { deadLetters: installation.health.deadLetters }),
      ...healthVerdict(
        installation.state,
        installation.health.consecutiveFailures,
        installation.health.deadLetters ?? 0,
        installation.health.asleepSince,
      ),
    },
    createdAt: installation.createdAt,
    updatedAt: installation.updatedAt,
    updatedBy: installation.updatedBy,
  };
}

/** Config as read back: plain values, and for each secret only whether it is set, and where it goes. */
export function configView(installation: Installation, manifest: PluginManifest): ConfigView {
  const secrets = Object.fromEntries(
    secretFields(manifest.config)
      .filter((name) => name in installation.sealedSecrets)
      .map((name) => [name, SECRET_MASK]),
  );
  return {
    values: { ...installation.config, ...secrets },
    secrets: secretBindings(manifest.config, manifest.allowed_domains).map(({ name, hosts, declared }) => ({
      name,
      set: name in installation.sealedSecrets,
      sentTo: hosts,
      declared,
    })),
    schema: manifest.config ?? null,
    rev: installation.rev,
  };
}
