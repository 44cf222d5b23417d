import type { Installation } from '../../core/installation/types';
import type { PluginPrincipal } from '../../core/policy';
import type { PluginCredentials } from '../../core/ports';
import { type AuditAppender, guard } from '../guard';

export interface SelfServiceDeps {
  readonly audit: AuditAppender;
  readonly credentials: Pick<PluginCredentials, 'issue'>;
}

/** The calling plugin and its installation, as ./plugin-principal authenticated them. */
export interface SelfServiceInput {
  readonly principal: PluginPrincipal;
  readonly installation: Installation;
  readonly traceId: string;
}

/**
 * A running plugin reads its own config. Secret values never leave the core (they are used by
 * reference through the proxy lane): only which secrets are set.
 */
export async function readOwnConfig(deps: Pick<SelfServiceDeps, 'audit'>, input: SelfServiceInput) {
  const { principal, installation, traceId } = input;
  await guard(deps).record(principal, 'self.config', {
    traceId,
    target: { kind: 'installation', id: `${installation.tenantId}/${installation.pluginId}` },
    reasons: ['a plugin may read its own config'],
  });
  return {
    values: installation.config,
    secrets: Object.keys(installation.sealedSecrets).sort(),
    rev: installation.rev,
  };
}

/** A fresh credential in exchange for a valid one: how long-running plugins rotate before expiry. */
export async function rotateOwnCredential(deps: SelfServiceDeps, input: SelfServiceInput) {
  const { principal, installation, traceId } = input;
  const fresh = await deps.credentials.issue({
    tenantId: installation.tenantId,
    installationId: installation.installationId,
    pluginId: installation.pluginId,
    pluginVersion: installation.pluginVersion,
  });
  const expiresAt = new Date(fresh.expiresAt).toISOString();
  await guard(deps).record(principal, 'self.credential', {
    traceId,
    target: { kind: 'installation', id: `${installation.tenantId}/${installation.pluginId}` },
    reasons: ['credential rotated by a running installation'],
    details: { expiresAt },
  });
  return { credential: fresh.token, expiresAt };
}
