import type { JSONWebKeySet } from 'jose';
import type { PluginCredentials } from '../../../core/ports';
import type { ControlPlane } from '../../shared/control-plane';
import { guard } from '../../shared/guard';
import { httpApi } from '../../shared/http';
import { pluginPrincipal } from '../plugin-principal';

export interface SelfServiceOptions {
  readonly credentials: Pick<PluginCredentials, 'verify' | 'issue'>;
  /** The public half of the operator signing key. */
  readonly operatorKeys: () => JSONWebKeySet;
}

/** The ports the self-service routes use. */
export type SelfServicePlane = Pick<
  ControlPlane,
  'catalog' | 'installations' | 'audit' | 'logger' | 'metrics' | 'settings'
>;

/**
 * What a running plugin may ask about itself: its config (secret values never leave the core;
 * they are used by reference through the proxy lane) and a fresh credential in exchange for a
 * valid one — how long-running plugins rotate before expiry. Plus the public operator JWKS.
 */
export function selfService(plane: SelfServicePlane, options: SelfServiceOptions) {
  const policy = guard(plane);

  return httpApi({
    area: 'self',
    logger: plane.logger,
    metrics: plane.metrics,
    onSettled: () => plane.audit.flush(),
    handlers: {
      'self.config': async (request) => {
        const { principal, installation } = await pluginPrincipal(plane, options.credentials, request);
        await policy.record(principal, 'self.config', {
          traceId: request.traceId,
          target: { kind: 'installation', id: `${installation.tenantId}/${installation.pluginId}` },
          reasons: ['a plugin may read its own config'],
        });
        return {
          status: 200,
          body: {
            values: installation.config,
            secrets: Object.keys(installation.sealedSecrets).sort(),
            rev: installation.rev,
          },
        };
      },

      'self.credential': async (request) => {
        const { principal, installation } = await pluginPrincipal(plane, options.credentials, request);
        const fresh = await options.credentials.issue({
          tenantId: installation.tenantId,
          installationId: installation.installationId,
          pluginId: installation.pluginId,
          pluginVersion: installation.pluginVersion,
        });
        await policy.record(principal, 'self.credential', {
          traceId: request.traceId,
          target: { kind: 'installation', id: `${installation.tenantId}/${installation.pluginId}` },
          reasons: ['credential rotated by a running installation'],
          details: { expiresAt: new Date(fresh.expiresAt).toISOString() },
        });
        return {
          status: 200,
          body: { credential: fresh.token, expiresAt: new Date(fresh.expiresAt).toISOString() },
        };
      },

      'keys.operator': async () => ({
        status: 200,
        body: options.operatorKeys(),
        headers: { 'Cache-Control': 'public, max-age=300' },
      }),
    },
  });
}
