import { VALID_DATA } from '../canonical/fixtures';
import { EXAMPLE_NAMES, example } from '../manifest/fixtures';

/**
 * Valid values for every generated validator, keyed `<module path>#<export name>` as in
 * scripts/validator-modules.ts: the seeds the equivalence test mutates. A validator without
 * examples fails that test, so a new static schema arrives with at least one.
 */

const MODELS = 'core/generated/canonical-models';
const modelId = (type: string) => `https://vivified.dev/schemas/canonical/${type}.schema.json`;

const detail = {
  id: 'evt-1',
  tenantId: 'tenant-a',
  installationId: 'inst-1',
  classification: 'pii',
  traceId: '1-5759e988-bd862e3fe1be46a994272793',
  time: '2025-03-14T09:26:53.589Z',
  data: { userId: 'u-1001', name: 'Ada Lovelace' },
  view: 'internal+pii',
  redacted: ['/data/mrn', '/data/dateOfBirth'],
};

export const EXAMPLES: Readonly<Record<string, readonly unknown[]>> = {
  ...Object.fromEntries(
    Object.entries(VALID_DATA).map(([type, data]) => [`${MODELS}#${modelId(type)}`, [data]]),
  ),
  'core/generated/canonical-envelope#detail': [
    detail,
    { ...detail, classification: 'public', view: 'public', redacted: [] },
  ],
  'core/generated/canonical-envelope#delivered': [
    {
      version: '0',
      id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
      'detail-type': 'UserCreated.v1',
      source: 'vivified.plugin.identity',
      account: '111122223333',
      region: 'us-east-1',
      resources: [],
      detail,
    },
    { source: 'vivified.platform', 'detail-type': 'PluginHealthChanged.v1', detail },
  ],
  'core/generated/manifest#manifest': EXAMPLE_NAMES.map(example),
  'functions/shared/generated/installations-bodies#installBody': [
    { pluginId: 'storage-plugin', version: '1.2.3-beta.1+build.5', consent: true },
    { pluginId: 'notifier', consent: false },
  ],
  'functions/shared/generated/installations-bodies#configureBody': [
    { values: { channel: 'email', retries: 3, nested: { on: true } } },
  ],
  'functions/shared/generated/installations-bodies#upgradeBody': [{ version: '2.0.0', consent: true }],
  'functions/shared/generated/installations-bodies#subscriberBody': [
    {
      busArn: 'arn:aws:events:us-east-1:111122223333:event-bus/partner-bus',
      types: ['UserCreated.v1', 'DocumentProcessed.v1'],
      clearance: ['pii', 'phi'],
    },
  ],
  'functions/shared/generated/policy-bodies#simulateBody': [
    { principal: { installation: 'notifier' }, all: true },
    {
      principal: { pluginId: 'notifier', version: '1.2.0' },
      action: 'proxy.egress',
      resource: { url: 'https://api.mailer.example/v1/send', secrets: ['apiToken'] },
    },
    {
      principal: { role: 'config_manager' },
      action: 'installation.configure',
      resource: { pluginId: 'notifier' },
    },
  ],
  'functions/shared/generated/rollout-bodies#rolloutBody': [
    {
      version: '1.1.0',
      targets: { kind: 'tenants', tenantIds: ['clinic-a', 'clinic-b'] },
      waves: [{ size: 1, soakSeconds: 600 }],
      gates: { maxUnhealthy: 0, maxDeadLetters: 10, errorRateMargin: 0.05 },
    },
    {
      version: '2.0.0-rc.1',
      targets: { kind: 'percentage', percent: 10 },
      waves: [
        { size: 5, soakSeconds: 900 },
        { size: 50, soakSeconds: 0 },
      ],
      gates: { maxUnhealthy: 2, maxDeadLetters: 0, errorRateMargin: 0 },
    },
  ],
  'functions/shared/generated/proxy-bodies#proxyBody': [
    {
      method: 'POST',
      url: 'https://api.example.com/v1/messages?to=ada',
      headers: { 'content-type': 'application/json', authorization: 'Bearer {{secret:token}}' },
      body: '{"text":"hello"}',
    },
    { method: 'GET', url: 'https://api.example.com/' },
  ],
  'functions/shared/generated/canonical-bodies#publishBody': [
    {
      events: [
        { type: 'UserCreated.v1', data: VALID_DATA['UserCreated.v1'], id: 'evt-1' },
        { type: 'PaymentReceived.v1', data: VALID_DATA['PaymentReceived.v1'] },
      ],
    },
  ],
};
