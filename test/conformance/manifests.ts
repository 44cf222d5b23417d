import type { PluginManifest } from '../../core/manifest/types';

/*
 * The manifests of the conformance run. Every language's plugin has the same one but for its id
 * and command (README.md says what each must do); the driver and the observer are Node SDK
 * plugins in the test's own process, the plugin's counterparts on every lane.
 */

export const PARTNER = 'api.partner.example';
export const LANGUAGES = ['node', 'python', 'go'] as const;
export type Language = (typeof LANGUAGES)[number];
export const pluginIdOf = (language: Language) => `conformance-${language}`;

/** What each plugin exposes, for the test to drive one lane each and read back what it saw. */
export const OPERATIONS = ['echo', 'seen', 'callPeer', 'fetch', 'config', 'renew'] as const;

const runtime = {
  image: 'public.ecr.aws/vivified/conformance:1.0.0',
  cpu: 256,
  memory: 512,
  port: 8080,
  health_path: '/health',
};
// The runtime starts this for each in-process plugin; the test serves that plugin on its port.
const PLACEHOLDER = ['node', '-e', 'setInterval(() => {}, 1 << 30)'];

// Cleared for internal, personal and confidential data, not PHI: users arrive without date of birth or MRN.
export const conformanceManifest = (language: Language, command: readonly string[]): PluginManifest => ({
  id: pluginIdOf(language),
  name: `Conformance (${language})`,
  version: '1.0.0',
  contracts: ['IntegrationPlugin'],
  traits: ['handles_pii', 'audit_required', 'external_service'],
  security: { authentication_required: true, data_classification: ['internal', 'pii', 'confidential'] },
  compliance: { data_retention_days: 30 },
  allowed_domains: [PARTNER],
  runtime: { ...runtime, local_command: [...command] },
  events: { subscribes: ['UserCreated.v1'], publishes: ['PaymentReceived.v1'] },
  operations: {
    calls: ['conformance-driver.echo'],
    exposes: Object.fromEntries(
      OPERATIONS.map((name) => [name, { method: 'POST', path: `/${name}`, data_classification: 'internal' }]),
    ),
  },
  config: {
    type: 'object',
    properties: { region: { type: 'string' }, token: { type: 'string', minLength: 8, 'x-secret': true } },
    additionalProperties: false,
  },
});

// Cleared for everything the plugins publish: it receives their payments whole.
export const driverManifest: PluginManifest = {
  id: 'conformance-driver',
  name: 'Conformance driver',
  version: '1.0.0',
  contracts: ['IntegrationPlugin'],
  // UserCreated.v1 may carry PHI (date of birth, MRN), so its publishers must be cleared for it.
  traits: ['handles_phi', 'handles_pii', 'audit_required'],
  security: {
    authentication_required: true,
    data_classification: ['internal', 'pii', 'phi', 'confidential'],
  },
  compliance: { data_retention_days: 2555 },
  runtime: { ...runtime, local_command: PLACEHOLDER },
  events: { publishes: ['UserCreated.v1'], subscribes: ['PaymentReceived.v1'] },
  operations: {
    calls: LANGUAGES.flatMap((language) =>
      OPERATIONS.map((operation) => `${pluginIdOf(language)}.${operation}`),
    ),
    exposes: {
      echo: { method: 'POST', path: '/echo', data_classification: 'internal' },
      // No plugin declares it: calling it must be refused before it is reached.
      secret: { method: 'POST', path: '/secret', data_classification: 'internal' },
    },
  },
};

// Cleared for internal data only: payments reach it without the payer's name, the amount's value or the memo.
export const observerManifest: PluginManifest = {
  id: 'conformance-observer',
  name: 'Conformance observer',
  version: '1.0.0',
  contracts: ['IntegrationPlugin'],
  traits: [],
  security: { authentication_required: true, data_classification: ['internal'] },
  runtime: { ...runtime, local_command: PLACEHOLDER },
  events: { subscribes: ['PaymentReceived.v1'] },
};
