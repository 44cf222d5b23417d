import { randomUUID } from 'node:crypto';
import { defaultConfig } from '../../core/config';
import { NotFoundError, ValidationError } from '../../core/errors';
import type { Installation } from '../../core/installation/types';
import { assertTransition } from '../../core/lifecycle';
import { describePermissions } from '../../core/manifest/describe';
import type { CatalogStore, InstallationStore } from '../../core/ports';
import type { Unvalidated } from '../attempt';
import { type AccessDeps, admit, type InstallationAsk, recordChange, subjectOf } from './access';

export interface InstallRequest {
  readonly pluginId: string;
  /** @default the catalog's latest version */
  readonly version?: string;
  readonly consent: boolean;
}

export interface InstallDeps extends Pick<AccessDeps, 'audit' | 'metrics'> {
  readonly catalog: Pick<CatalogStore, 'get' | 'getManifest'>;
  readonly installations: Pick<InstallationStore, 'create'>;
  readonly now: () => Date;
}

/**
 * Installs a plugin from the catalog in a tenant, Registered and not yet running, once the caller
 * consents to the permissions it asks for.
 */
export async function install(
  deps: InstallDeps,
  ask: Omit<InstallationAsk, 'pluginId'> & { readonly body: Unvalidated<InstallRequest> },
): Promise<{ installation: Installation; permissions: string[] }> {
  // Decide on the plugin the body names before validating the body.
  const named = (ask.body.raw as { pluginId?: unknown } | undefined)?.pluginId;
  await admit(deps, 'installation.install', {
    ...ask,
    ...(typeof named === 'string' ? { pluginId: named.slice(0, 64) } : {}),
  });
  const body = ask.body.parse(ask.body.raw);
  const entry = await deps.catalog.get(body.pluginId);
  if (entry?.status !== 'available')
    throw new NotFoundError(`Plugin ${body.pluginId} is not in the catalog.`);
  const version = body.version ?? entry.latestVersion;
  const manifest = await deps.catalog.getManifest(body.pluginId, version);
  if (!manifest) throw new NotFoundError(`Plugin ${body.pluginId}@${version} is not in the catalog.`);
  const permissions = describePermissions(manifest);
  if (!body.consent) {
    throw new ValidationError('Installing needs consent to the permissions the plugin asks for.', [
      { pointer: '/consent', message: `must be true to accept: ${permissions.join('; ')}` },
    ]);
  }
  const now = deps.now().toISOString();
  const installation: Installation = {
    tenantId: ask.tenantId,
    pluginId: body.pluginId,
    installationId: randomUUID(),
    pluginVersion: version,
    state: assertTransition('Unregistered', 'install'),
    rev: 1,
    // A plugin that needs no settings runs with its defaults without being configured first.
    config: defaultConfig(manifest.config),
    sealedSecrets: {},
    resources: {},
    health: { consecutiveFailures: 0, history: [] },
    createdAt: now,
    updatedAt: now,
    updatedBy: subjectOf(ask.principal),
  };
  await deps.installations.create(installation);
  await recordChange(
    deps,
    'installation.install',
    ask,
    installation,
    `installed ${body.pluginId}@${version} with consent to: ${permissions.join('; ')}`,
  );
  return { installation, permissions };
}
