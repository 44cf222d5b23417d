import type { DataClassification, ExposedOperation, PluginManifest } from '../../../core/manifest/types';
import type { PlatformAdminPrincipal, PluginPrincipal, Role, UserPrincipal } from '../../../core/policy';

export const TENANT = 'clinic-a';
export const OTHER_TENANT = 'clinic-b';

export const user = (roles: readonly Role[], tenantId = TENANT): UserPrincipal => ({
  kind: 'user',
  subject: 'user-1',
  tenantId,
  roles,
});

export const platformAdmin: PlatformAdminPrincipal = { kind: 'platform_admin', subject: 'operator-1' };

interface ManifestShape {
  readonly id?: string;
  readonly traits?: readonly string[];
  readonly classifications?: readonly DataClassification[];
  readonly publishes?: readonly string[];
  readonly subscribes?: readonly string[];
  readonly exposes?: Readonly<Record<string, ExposedOperation>>;
  readonly calls?: readonly string[];
}

export function manifest(shape: ManifestShape = {}): PluginManifest {
  return {
    id: shape.id ?? 'scheduler',
    name: 'Scheduler',
    version: '1.0.0',
    contracts: ['IntegrationPlugin'],
    traits: shape.traits ?? [],
    security: { authentication_required: true, data_classification: shape.classifications ?? ['internal'] },
    runtime: { image: 'example/scheduler:1.0.0', cpu: 256, memory: 512, port: 8080, health_path: '/health' },
    events: { publishes: shape.publishes ?? [], subscribes: shape.subscribes ?? [] },
    operations: { exposes: shape.exposes ?? {}, calls: shape.calls ?? [] },
  };
}

export const plugin = (shape: ManifestShape = {}, tenantId = TENANT): PluginPrincipal => {
  const m = manifest(shape);
  return { kind: 'plugin', tenantId, installationId: `inst-${m.id}`, pluginId: m.id, manifest: m };
};

/** A plugin cleared for PHI (trait and classification), the way the manifest rules require. */
export const PHI_SHAPE: ManifestShape = {
  traits: ['handles_phi', 'audit_required'],
  classifications: ['internal', 'phi'],
};
export const PII_SHAPE: ManifestShape = { traits: ['handles_pii'], classifications: ['internal', 'pii'] };
