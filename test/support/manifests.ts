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
    runtime: { image: 'public.ecr.aws/vivified/notifier:1.0.0', cpu: 256, memory: 512, port: 8080, health_path: '/health' },
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
