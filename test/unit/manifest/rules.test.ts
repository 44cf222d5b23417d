import { describe, expect, it } from 'vitest';
import { domainProblem, normalizeDomain, validateManifest } from '../../../core/manifest';
import { example, exampleWith } from './fixtures';

const errorsOf = (json: unknown) => {
  const result = validateManifest(json);
  return result.ok ? [] : result.errors;
};
const ehrWith = (changes: Record<string, unknown>) => exampleWith('ehr-integration', changes);
const ehrSecurity = (data_classification: string[]) => ({
  authentication_required: true,
  data_classification,
});
const storageRuntime = (cpu: number, memory: number) => ({
  ...example('storage-plugin').runtime,
  cpu,
  memory,
});
const withDomains = (...allowed_domains: unknown[]) => exampleWith('notifier', { allowed_domains });
const withConfig = (config: unknown) => exampleWith('notifier', { config });
const exposing = (data_classification: string, security: string[]) =>
  exampleWith('storage-plugin', {
    traits: security.includes('pii') ? ['handles_pii'] : [],
    security: ehrSecurity(security),
    operations: { exposes: { read: { method: 'GET', path: '/read', data_classification } } },
  });

describe('cross-field rules', () => {
  it.each<[string, unknown, { pointer: string; message: string }[]]>([
    [
      'handles_phi without audit_required, phi or seven years of retention',
      ehrWith({
        traits: ['handles_phi', 'handles_pii', 'external_service'],
        security: ehrSecurity(['internal', 'pii']),
        compliance: { data_retention_days: 365 },
        operations: undefined,
      }),
      [
        {
          pointer: '/security/data_classification',
          message: 'must include phi: the plugin declares handles_phi',
        },
        { pointer: '/traits', message: 'must include audit_required: the plugin declares handles_phi' },
        {
          pointer: '/compliance/data_retention_days',
          message: 'must be at least 2555 days (7 years): the plugin declares handles_phi',
        },
      ],
    ],
    [
      'handles_phi with no compliance section at all',
      ehrWith({ compliance: undefined }),
      [
        {
          pointer: '/compliance/data_retention_days',
          message: 'must be at least 2555 days (7 years): the plugin declares handles_phi',
        },
      ],
    ],
    [
      'handles_pii without pii',
      exampleWith('notifier', { security: ehrSecurity(['internal']) }),
      [
        {
          pointer: '/security/data_classification',
          message: 'must include pii: the plugin declares handles_pii',
        },
      ],
    ],
    [
      'phi declared without the handles_phi trait',
      exampleWith('storage-plugin', { security: ehrSecurity(['internal', 'phi']), operations: undefined }),
      [
        {
          pointer: '/security/data_classification/1',
          message:
            'needs the handles_phi trait: without it the plugin is never cleared for protected health information',
        },
      ],
    ],
    [
      'external_service without allowed domains',
      exampleWith('notifier', { allowed_domains: [] }),
      [
        {
          pointer: '/allowed_domains',
          message: 'must list at least one host: the plugin declares external_service',
        },
      ],
    ],
    [
      'external_service with the allowed_domains field left out',
      exampleWith('notifier', { allowed_domains: undefined }),
      [
        {
          pointer: '/allowed_domains',
          message: 'must list at least one host: the plugin declares external_service',
        },
      ],
    ],
    ...['admin', 'system', 'root'].map((trait): [string, unknown, { pointer: string; message: string }[]] => [
      `the reserved trait ${trait}`,
      exampleWith('storage-plugin', { traits: ['audit_required', trait] }),
      [{ pointer: '/traits/1', message: `${trait} is reserved for the platform and cannot be requested` }],
    ]),
    [
      'a memory size Fargate does not offer for 256 CPU units',
      exampleWith('storage-plugin', { runtime: storageRuntime(256, 4096) }),
      [
        {
          pointer: '/runtime/memory',
          message: 'must be 512, 1024 or 2048 MiB for 256 CPU units (the Fargate task sizes)',
        },
      ],
    ],
    [
      'a memory size Fargate does not offer for 4096 CPU units',
      exampleWith('storage-plugin', { runtime: storageRuntime(4096, 4096) }),
      [
        {
          pointer: '/runtime/memory',
          message:
            'must be a multiple of 1024 from 8192 to 30720 MiB for 4096 CPU units (the Fargate task sizes)',
        },
      ],
    ],
    [
      'an operation serving data more sensitive than the plugin handles',
      exposing('confidential', ['internal']),
      [
        {
          pointer: '/operations/exposes/read/data_classification',
          message: "must be within the plugin's own data classifications (internal)",
        },
      ],
    ],
    [
      'an operation serving PHI from a plugin not cleared for it',
      exposing('phi', ['internal', 'pii']),
      [
        {
          pointer: '/operations/exposes/read/data_classification',
          message: "must be within the plugin's own data classifications (internal, pii)",
        },
      ],
    ],
  ])('refuses %s', (_, manifest, expected) => {
    expect(errorsOf(manifest)).toEqual(expected);
  });

  it.each([
    ['every Fargate size for 512 CPU units', [1024, 2048, 3072, 4096].map((m) => storageRuntime(512, m))],
    ['the largest Fargate size', [storageRuntime(4096, 30720)]],
  ])('accepts %s', (_, runtimes) => {
    for (const runtime of runtimes) expect(errorsOf(exampleWith('storage-plugin', { runtime }))).toEqual([]);
  });

  it.each([
    ['confidential data from a plugin declaring pii (pii clears the lower rungs)', 'confidential', ['pii']],
    ['public data from any plugin', 'public', ['internal']],
    ['pii from a plugin declaring pii', 'pii', ['pii']],
  ])('accepts an operation serving %s', (_, classification, security) => {
    expect(errorsOf(exposing(classification, security))).toEqual([]);
  });

  it('stays silent on parts of the wrong shape and leaves them to the schema', () => {
    const manifest = exampleWith('ehr-integration', {
      traits: 'handles_phi',
      security: { authentication_required: true, data_classification: 'phi' },
      allowed_domains: 'fhir.ehr-vendor.example',
      runtime: { ...example('ehr-integration').runtime, memory: 'lots' },
      compliance: [],
      operations: { exposes: { getPatientChart: 'phi' } },
    });

    expect(errorsOf(manifest)).toEqual([
      { pointer: '/traits', message: 'must be a list' },
      { pointer: '/security/data_classification', message: 'must be a list' },
      { pointer: '/allowed_domains', message: 'must be a list' },
      { pointer: '/runtime/memory', message: 'must be a whole number' },
      { pointer: '/operations/exposes/getPatientChart', message: 'must be an object' },
      { pointer: '/compliance', message: 'must be an object' },
    ]);
  });
});

describe('allowed_domains entries', () => {
  it.each([
    [
      'http://api.example.com',
      'must be a host name without a scheme: api.example.com, not https://api.example.com',
    ],
    ['api.example.com/send', 'must be a host name only, without a path, query or fragment'],
    ['api.example.com?x=1', 'must be a host name only, without a path, query or fragment'],
    ['api.example.com\\x', 'must be a host name only, without a path, query or fragment'],
    ['api.example.com:8443', 'must not include a port; the proxy lane always uses https on 443'],
    ['https:api.example.com', 'must be a host name only, without a scheme or ":"'],
    ['user@api.example.com', 'must not contain user information (user@)'],
    ['ex%41mple.com', 'must be written out, not percent-encoded'],
    ['api example.com', 'must not contain spaces'],
    [' ', 'must not be empty'],
  ])('refuses %j: %s', (domain, message) => {
    expect(domainProblem(domain)).toBe(message);
    expect(errorsOf(withDomains(domain))).toEqual([{ pointer: '/allowed_domains/0', message }]);
  });

  it.each([
    '10.0.0.1',
    '169.254.169.254',
    '127.1',
    '2130706433',
    '0x7f000001',
    '0x7f.0.0.1',
    '0177.0.0.1',
    'example.0x1f',
    '*.10.0.0.1',
    '１２７.０.０.１',
    '[::1]',
    '::ffff:127.0.0.1',
    'fe80::1',
  ])('refuses the IP literal %s', (domain) => {
    expect(domainProblem(domain)).toMatch(/^is an IP address; allowed_domains takes host names only/);
    expect(errorsOf(withDomains(domain))).toHaveLength(1);
  });

  it.each([
    ['localhost', 'must be a fully qualified host name such as api.example.com'],
    ['*.com', 'a wildcard must cover a domain of at least two labels: *.example.com, not *.com'],
    ['*.*.example.com', 'may use * only as the whole first label, as in *.example.com'],
    ['api.*.example.com', 'may use * only as the whole first label, as in *.example.com'],
    ['a..example.com', 'has an empty label (a leading dot or two dots in a row)'],
    ['.example.com', 'has an empty label (a leading dot or two dots in a row)'],
    [
      '-api.example.com',
      'may use only letters, digits and hyphens in each label, and no label may start or end with -',
    ],
    [
      'api_v2.example.com',
      'may use only letters, digits and hyphens in each label, and no label may start or end with -',
    ],
    [`${'a'.repeat(64)}.example.com`, 'has a label longer than 63 characters'],
    [`${'abcdefghi.'.repeat(25)}example.com`, 'is longer than 253 characters'],
    ['xn--.example.com', 'is not a valid international domain name'],
  ])('refuses %j: %s', (domain, message) => {
    expect(domainProblem(domain)).toBe(message);
  });

  it.each([
    ['api.example.com', 'api.example.com'],
    ['*.example.com', '*.example.com'],
    ['API.Example.COM.', 'api.example.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['*.bücher.example', '*.xn--bcher-kva.example'],
    ['ＡＰＩ.example.com', 'api.example.com'],
    ['a1-b2.example.co.uk', 'a1-b2.example.co.uk'],
  ])('accepts %s, compared as %s', (domain, normalized) => {
    expect(domainProblem(domain)).toBeUndefined();
    expect(normalizeDomain(domain)).toBe(normalized);
    expect(errorsOf(withDomains(domain))).toEqual([]);
  });

  it('refuses two spellings of one host, but leaves identical entries to the schema', () => {
    expect(errorsOf(withDomains('api.example.com', 'API.example.com.', 'api.example.com'))).toEqual([
      { pointer: '/allowed_domains/2', message: 'repeats entry 0' },
      { pointer: '/allowed_domains/1', message: 'is the same host as entry 0' },
    ]);
  });

  it('reports an entry that is not a string once, as the schema does', () => {
    expect(errorsOf(withDomains('api.example.com', 42))).toEqual([
      { pointer: '/allowed_domains/1', message: 'must be a string' },
    ]);
  });
});

describe('config, the JSON Schema of the settings', () => {
  const settings = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    type: 'object',
    properties,
    ...extra,
  });

  it.each<[string, unknown, { pointer: string; message: string }[]]>([
    [
      'a keyword with a value JSON Schema does not allow',
      settings({ a: { type: 'nonsense' } }),
      [
        {
          pointer: '/config',
          message:
            'is not a usable JSON Schema: /properties/a/type must be one of: array, boolean, integer, null, number, object, string',
        },
      ],
    ],
    [
      'a reference to nothing',
      settings({ a: { $ref: '#/$defs/missing' } }),
      [
        {
          pointer: '/config',
          message: "is not a usable JSON Schema: can't resolve reference #/$defs/missing from id #",
        },
      ],
    ],
    [
      'a remote reference (nothing is fetched)',
      settings({ a: { $ref: 'https://schemas.example.com/a.json' } }),
      [
        {
          pointer: '/config',
          message:
            "is not a usable JSON Schema: can't resolve reference https://schemas.example.com/a.json from id #",
        },
      ],
    ],
    [
      'a pattern that is not a regular expression',
      settings({ a: { type: 'string', pattern: '(' } }),
      [
        {
          pointer: '/config',
          message: expect.stringMatching(/^is not a usable JSON Schema: Invalid regular expression/),
        },
      ],
    ],
    [
      'a format nobody knows',
      settings({ phone: { type: 'string', format: 'phone' } }),
      [
        {
          pointer: '/config',
          message:
            'is not a usable JSON Schema: /properties/phone uses the format "phone", which is not known',
        },
      ],
    ],
    [
      'a format nobody knows, at the root',
      settings({}, { format: 'phone' }),
      [
        {
          pointer: '/config',
          message: 'is not a usable JSON Schema: the root uses the format "phone", which is not known',
        },
      ],
    ],
    [
      'a meta-schema error at its root',
      settings({}, { required: 'sender' }),
      [{ pointer: '/config', message: 'is not a usable JSON Schema: /required must be a list' }],
    ],
    [
      'another dialect',
      settings({}, { $schema: 'http://json-schema.org/draft-07/schema#' }),
      [{ pointer: '/config/$schema', message: 'must be "https://json-schema.org/draft/2020-12/schema"' }],
    ],
    [
      'an x-secret that is not true or false',
      settings({ token: { type: 'string', 'x-secret': 'yes' } }),
      [
        { pointer: '/config/properties/token/x-secret', message: 'must be true or false' },
        { pointer: '/config', message: 'is not a usable JSON Schema: x-secret value must be ["boolean"]' },
      ],
    ],
    [
      'a secret that is not a string',
      settings({ pin: { type: 'integer', 'x-secret': true } }),
      [
        {
          pointer: '/config/properties/pin/type',
          message: 'must be "string" for a secret setting (secrets are sealed as text)',
        },
      ],
    ],
    [
      'a secret nested where core/config would store it in the clear',
      settings({ smtp: { type: 'object', properties: { password: { type: 'string', 'x-secret': true } } } }),
      [
        {
          pointer: '/config/properties/smtp/properties/password/x-secret',
          message:
            'marks a secret only on a top-level setting (config.properties.<name>); here the value would be stored in the clear',
        },
      ],
    ],
    [
      'a secret marker on the whole config',
      settings({}, { 'x-secret': true }),
      [
        {
          pointer: '/config/x-secret',
          message:
            'marks a secret only on a top-level setting (config.properties.<name>); here the value would be stored in the clear',
        },
      ],
    ],
  ])('refuses %s', (_, config, expected) => {
    expect(errorsOf(withConfig(config))).toEqual(expected);
  });

  it.each([
    [
      'settings named like keywords',
      settings({ 'x-secret': true, format: { type: 'string' }, properties: { type: 'object' } }),
    ],
    [
      'x-secret inside data, where it is not a keyword',
      settings({ a: { type: 'object', default: { 'x-secret': true } } }),
    ],
    ['secrets in lists of schemas', settings({ a: { anyOf: [{ type: 'string' }, { type: 'null' }] } })],
    [
      'its own $id, twice over',
      settings(
        { a: { $id: 'https://schemas.example.com/a', type: 'string' } },
        { $id: 'urn:example:settings' },
      ),
    ],
    ['an explicit x-secret: false', settings({ a: { type: 'integer', 'x-secret': false } })],
  ])('accepts %s', (_, config) => {
    expect(errorsOf(withConfig(config))).toEqual([]);
    // Compiling leaves nothing behind: the same $id in the next manifest is no collision.
    expect(errorsOf(withConfig(config))).toEqual([]);
  });
});
