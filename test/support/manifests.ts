import type { PluginManifest } from '../../core/manifest/types';

/** A notifier: subscribes to UserCreated, sends mail through the proxy lane, has a secret setting. */
export function notifierManifest(version = '1.0.0', overrides: Partial<PluginManifest> = {}): PluginManifest {
  return {
    id: 'notifier',
    name: 'Notifier',
    version,
    description: 'Sends a welcome message when a user is created.',
    contracts: ['CommunicationPlugin'],
    traits: ['handles_pii', 'external_service', 'audit_required'],
    security: { authentication_required: true, data_classification: ['pii'] },
    allowed_domains: ['api.mailer.example'],
    runtime: {
      image: 'public.ecr.aws/vivified/notifier:1.0.0',
      cpu: 256,
      memory: 512,
      port: 8080,
      health_path: '/health',
    },
    events: { subscribes: ['UserCreated.v1'] },
    config: {
      type: 'object',
      properties: {
        sender: { type: 'string', format: 'email' },
        batchSize: { type: 'integer', minimum: 1, maximum: 100 },
        apiToken: { type: 'string', minLength: 8, 'x-secret': true },
      },
      required: ['sender'],
      additionalProperties: false,
    },
    compliance: { data_retention_days: 30 },
    ...overrides,
  };
}

/** A storage plugin exposing operations others call. */
export function storageManifest(version = '1.0.0', overrides: Partial<PluginManifest> = {}): PluginManifest {
  return {
    id: 'storage',
    name: 'Document Storage',
    version,
    description: 'Keeps documents and hands them to plugins that may see them.',
    contracts: ['StoragePlugin'],
    traits: ['handles_phi', 'handles_pii', 'audit_required'],
    security: { authentication_required: true, data_classification: ['internal', 'pii', 'phi'] },
    runtime: {
      image: 'public.ecr.aws/vivified/storage:1.0.0',
      cpu: 256,
      memory: 512,
      port: 8080,
      health_path: '/health',
    },
    operations: {
      exposes: {
        getDocument: { method: 'POST', path: '/documents/get', data_classification: 'internal' },
        getChart: { method: 'POST', path: '/charts/get', data_classification: 'phi' },
        slow: { method: 'POST', path: '/slow', data_classification: 'internal' },
        deleteAll: { method: 'DELETE', path: '/documents', data_classification: 'internal' },
      },
    },
    compliance: { data_retention_days: 2555 },
    ...overrides,
  };
}

/** An EHR integration that publishes users and calls storage. */
export function ehrSyncManifest(version = '1.0.0', overrides: Partial<PluginManifest> = {}): PluginManifest {
  return {
    id: 'ehr-sync',
    name: 'EHR Sync',
    version,
    description: 'Synchronises patients and users from the EHR.',
    contracts: ['IntegrationPlugin'],
    traits: ['handles_pii', 'audit_required'],
    security: { authentication_required: true, data_classification: ['internal', 'pii'] },
    runtime: {
      image: 'public.ecr.aws/vivified/ehr-sync:1.0.0',
      cpu: 256,
      memory: 512,
      port: 8080,
      health_path: '/health',
    },
    events: { publishes: ['UserCreated.v1'] },
    operations: { calls: ['storage.getDocument', 'storage.getChart', 'storage.slow'] },
    compliance: { data_retention_days: 365 },
    ...overrides,
  };
}

/** A patient-intake integration cleared for PHI, which publishes users. */
export function intakeManifest(version = '1.0.0'): PluginManifest {
  return {
    ...ehrSyncManifest(version),
    id: 'intake',
    name: 'Patient Intake',
    traits: ['handles_phi', 'handles_pii', 'audit_required'],
    security: { authentication_required: true, data_classification: ['internal', 'pii', 'phi'] },
    events: { publishes: ['UserCreated.v1'] },
    operations: {},
    compliance: { data_retention_days: 2555 },
  };
}

/** A chart service cleared for PHI that subscribes to users. */
export function chartManifest(version = '1.0.0'): PluginManifest {
  return {
    ...storageManifest(version),
    id: 'chart',
    name: 'Chart',
    events: { subscribes: ['UserCreated.v1'] },
    operations: {},
  };
}

/** A directory that may see only internal data: no personal data at all. */
export function directoryManifest(version = '1.0.0'): PluginManifest {
  return {
    ...notifierManifest(version),
    id: 'directory',
    name: 'Directory',
    traits: [],
    security: { authentication_required: true, data_classification: ['internal'] },
    allowed_domains: undefined,
    config: undefined,
  };
}
