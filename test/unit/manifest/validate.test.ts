import { describe, expect, it } from 'vitest';
import { ManifestInvalidError } from '../../../core/errors';
import { assertValidManifest, MAX_REPORTED_ERRORS, validateManifest } from '../../../core/manifest';
import { EXAMPLE_NAMES, example, exampleWith } from './fixtures';

const errorsOf = (json: unknown) => {
  const result = validateManifest(json);
  return result.ok ? [] : result.errors;
};
const withSecurity = (security: Record<string, unknown>) =>
  exampleWith('storage-plugin', { security: { ...example('storage-plugin').security, ...security } });
const withRuntime = (runtime: Record<string, unknown>) =>
  exampleWith('storage-plugin', { runtime: { ...example('storage-plugin').runtime, ...runtime } });

describe('validateManifest', () => {
  it.each(EXAMPLE_NAMES)('accepts the %s example and returns a plain copy of it', (name) => {
    // Prepare
    const submitted = example(name);

    // Act
    const result = validateManifest(submitted);

    // Assess
    expect(result).toEqual({ ok: true, manifest: submitted });
    expect(result.ok && result.manifest).not.toBe(submitted);
    expect(assertValidManifest(submitted)).toEqual(submitted);
  });

  it('reports five different mistakes as exactly five errors, each with its pointer', () => {
    const broken = {
      ...exampleWith('notifier', {
        id: 'Not Valid',
        version: 'v1',
        allowed_domains: ['https://api.mailer.example/send'],
      }),
      security: { data_classification: ['internal', 'pii'] },
      traits: ['handles_pii', 'external_service', 'root'],
    };

    const errors = errorsOf(broken);

    expect(errors).toEqual([
      {
        pointer: '/id',
        message: 'must be 2 to 63 lower-case letters, digits or hyphens, such as storage-plugin',
      },
      { pointer: '/version', message: 'must be a semantic version such as 1.2.3 or 2.0.0-beta.1' },
      { pointer: '/security/authentication_required', message: 'is required' },
      { pointer: '/traits/2', message: 'root is reserved for the platform and cannot be requested' },
      {
        pointer: '/allowed_domains/0',
        message: 'must be a host name without a scheme: api.example.com, not https://api.example.com',
      },
    ]);
  });

  it.each<[string, unknown, string, string]>([
    ['a missing field', exampleWith('notifier', { name: undefined }), '/name', 'is required'],
    [
      'a missing object, naming what it holds',
      exampleWith('notifier', { runtime: undefined }),
      '/runtime',
      'is required: an object with image, cpu, memory, port, health_path',
    ],
    [
      'a field of the Vivified format, naming where it lives now',
      exampleWith('notifier', { endpoints: { send: '/send' } }),
      '/endpoints',
      "is Vivified's format: operations other plugins call are /operations/exposes (`vivified manifest migrate` converts a Vivified manifest)",
    ],
    [
      'a nested field of the Vivified format',
      exampleWith('notifier', {
        security: {
          authentication_required: true,
          data_classification: ['internal', 'pii'],
          authentication: { type: 'jwt' },
        },
      }),
      '/security/authentication',
      "is Vivified's format: the platform authenticates every call itself; keep authentication_required: true",
    ],
    [
      "Vivified's one rate limit, naming the per-lane ones",
      exampleWith('notifier', { rate_limits: { requests_per_minute: 120 } }),
      '/rate_limits/requests_per_minute',
      "is Vivified's format: limits here are per lane, /rate_limits/operator_calls_per_minute and /rate_limits/egress_requests_per_minute (`vivified manifest migrate` converts a Vivified manifest)",
    ],
    [
      'an unknown field, naming the known ones',
      exampleWith('notifier', { colour: 'blue' }),
      '/colour',
      'is not a known field here (known: id, name, version, description, contracts, traits, security, allowed_domains, runtime, events, operations, config, rate_limits, compliance, ui)',
    ],
    [
      'an unknown contract',
      exampleWith('notifier', { contracts: ['TeleportPlugin'] }),
      '/contracts/0',
      'must be one of: StoragePlugin, CommunicationPlugin, IdentityPlugin, ProcessingPlugin, IntegrationPlugin',
    ],
    [
      'no contract at all',
      exampleWith('notifier', { contracts: [] }),
      '/contracts',
      'must list at least one entry of: StoragePlugin, CommunicationPlugin, IdentityPlugin, ProcessingPlugin, IntegrationPlugin',
    ],
    [
      'a repeated trait',
      exampleWith('storage-plugin', { traits: ['audit_required', 'audit_required'] }),
      '/traits/1',
      'repeats entry 0',
    ],
    [
      'a malformed trait',
      exampleWith('storage-plugin', { traits: ['Audit Required'] }),
      '/traits/0',
      'must be a trait name: a lower-case letter, then lower-case letters, digits or _',
    ],
    [
      'authentication switched off',
      withSecurity({ authentication_required: false }),
      '/security/authentication_required',
      'must be true',
    ],
    [
      'an unknown classification',
      withSecurity({ data_classification: ['secret'] }),
      '/security/data_classification/0',
      'must be one of: public, internal, confidential, pii, phi',
    ],
    ['a name of the wrong type', exampleWith('notifier', { name: 5 }), '/name', 'must be a string'],
    ['an empty name', exampleWith('notifier', { name: '' }), '/name', 'must not be empty'],
    [
      'a long name',
      exampleWith('notifier', { name: 'n'.repeat(101) }),
      '/name',
      'must be at most 100 characters long',
    ],
    ['events as a list', exampleWith('notifier', { events: [] }), '/events', 'must be an object'],
    [
      'a list where one is expected',
      exampleWith('notifier', { traits: 'handles_pii' }),
      '/traits',
      'must be a list',
    ],
    [
      'a malformed event type',
      exampleWith('notifier', { events: { subscribes: ['user-created'] } }),
      '/events/subscribes/0',
      'must be an event type with its version, such as UserCreated.v1',
    ],
    [
      'a malformed call',
      exampleWith('notifier', { operations: { calls: ['storage'] } }),
      '/operations/calls/0',
      "must name another plugin's operation as pluginId.operation, such as storage-plugin.getDocument",
    ],
    [
      'a malformed operation name, escaped in its pointer',
      exampleWith('storage-plugin', {
        operations: {
          exposes: { 'get/All~': { method: 'GET', path: '/all', data_classification: 'internal' } },
        },
      }),
      '/operations/exposes/get~1All~0',
      'is not a valid name: must start with a lower-case letter, then letters, digits, _ or - (at most 64)',
    ],
    [
      'an operation path without its slash',
      exampleWith('storage-plugin', {
        operations: {
          exposes: { list: { method: 'GET', path: 'documents', data_classification: 'internal' } },
        },
      }),
      '/operations/exposes/list/path',
      'must be a path starting with /, without spaces, query or fragment',
    ],
    [
      'an unknown HTTP method',
      exampleWith('storage-plugin', {
        operations: {
          exposes: { list: { method: 'TRACE', path: '/documents', data_classification: 'internal' } },
        },
      }),
      '/operations/exposes/list/method',
      'must be one of: GET, POST, PUT, PATCH, DELETE',
    ],
    [
      'too many exposed operations',
      exampleWith('storage-plugin', {
        operations: {
          exposes: Object.fromEntries(
            Array.from({ length: 101 }, (_, i) => [
              `op${i}`,
              { method: 'GET', path: '/x', data_classification: 'internal' },
            ]),
          ),
        },
      }),
      '/operations/exposes',
      'must have at most 100 entries',
    ],
    [
      'an image with spaces',
      withRuntime({ image: 'my image' }),
      '/runtime/image',
      'must be a container image reference without spaces',
    ],
    [
      'a CPU size Fargate lacks',
      withRuntime({ cpu: 300 }),
      '/runtime/cpu',
      'must be one of: 256, 512, 1024, 2048, 4096',
    ],
    [
      'a fractional memory size',
      withRuntime({ memory: 1024.5 }),
      '/runtime/memory',
      'must be a whole number',
    ],
    ['port 0', withRuntime({ port: 0 }), '/runtime/port', 'must be at least 1'],
    ['port 65536', withRuntime({ port: 65536 }), '/runtime/port', 'must be at most 65535'],
    [
      'an empty local command',
      withRuntime({ local_command: [] }),
      '/runtime/local_command',
      'must list at least one entry',
    ],
    [
      'an idle period under a minute',
      withRuntime({ idle_after_seconds: 5 }),
      '/runtime/idle_after_seconds',
      'must be at least 60',
    ],
    [
      'always_on not a boolean',
      withRuntime({ always_on: 'yes' }),
      '/runtime/always_on',
      'must be true or false',
    ],
    [
      'a HIPAA control cited as Vivified did, naming the safeguards known here',
      exampleWith('storage-plugin', { compliance: { hipaa_controls: ['access_control', '164.312(b)'] } }),
      '/compliance/hipaa_controls/1',
      'must be one of: access_control, audit_controls, integrity, person_or_entity_authentication, transmission_security (the safeguards of 45 CFR 164.312 (a) to (e) by name; `vivified manifest migrate` converts a Vivified manifest and its citations such as 164.312(b))',
    ],
    [
      "Vivified's audit level none, which asks for less than the floor",
      exampleWith('storage-plugin', { compliance: { audit_level: 'none' } }),
      '/compliance/audit_level',
      'must be one of: basic, detailed, complete (every decision is audited: there is no level below basic; `vivified manifest migrate` converts a Vivified manifest and its levels)',
    ],
    [
      'a PHI plugin asking to be audited at the bare floor',
      exampleWith('ehr-integration', { compliance: { data_retention_days: 2555, audit_level: 'basic' } }),
      '/compliance/audit_level',
      'must be detailed or complete: the plugin declares handles_phi, which is never audited below detailed',
    ],
    [
      'a retention below one day',
      exampleWith('storage-plugin', { compliance: { data_retention_days: 0 } }),
      '/compliance/data_retention_days',
      'must be at least 1',
    ],
    [
      'a config that is not an object schema',
      exampleWith('notifier', { config: { type: 'string' } }),
      '/config/type',
      'must be "object"',
    ],
    [
      'too many allowed domains',
      exampleWith('notifier', {
        allowed_domains: Array.from({ length: 101 }, (_, i) => `h${i}.example.com`),
      }),
      '/allowed_domains',
      'must list at most 100 entries',
    ],
  ])('refuses %s', (_, manifest, pointer, message) => {
    expect(errorsOf(manifest)).toEqual([{ pointer, message }]);
  });

  it('accepts the compliance annotations as known fields', () => {
    const manifest = exampleWith('ehr-integration', {
      compliance: {
        data_retention_days: 2555,
        hipaa_controls: ['access_control', 'audit_controls', 'transmission_security'],
        audit_level: 'complete',
      },
    });

    expect(validateManifest(manifest)).toMatchObject({ ok: true });
  });

  it('refuses what is not an object at the root, in words', () => {
    expect(errorsOf([])).toEqual([{ pointer: '', message: 'must be an object' }]);
    expect(errorsOf('manifest')).toEqual([{ pointer: '', message: 'must be an object' }]);
    expect(errorsOf(null)).toEqual([{ pointer: '', message: 'must be an object' }]);
  });

  it('points at every missing required field rather than at their parent', () => {
    expect(errorsOf({}).map((e) => e.pointer)).toEqual([
      '/id',
      '/name',
      '/version',
      '/contracts',
      '/traits',
      '/security',
      '/runtime',
    ]);
  });

  it('lets the precise rule speak where it and the schema judge the same value', () => {
    const errors = errorsOf(exampleWith('ehr-integration', { compliance: { data_retention_days: 0 } }));

    expect(errors).toEqual([
      {
        pointer: '/compliance/data_retention_days',
        message: 'must be at least 2555 days (7 years): the plugin declares handles_phi',
      },
    ]);
  });

  it('de-duplicates, and bounds what a hostile document can make it report', () => {
    const flood = exampleWith('notifier', {
      events: { subscribes: Array.from({ length: 150 }, (_, i) => `bad-${i}`) },
    });

    const errors = errorsOf(flood);

    expect(errors).toHaveLength(MAX_REPORTED_ERRORS + 1);
    expect(errors.at(-1)).toEqual({ pointer: '', message: 'has 51 more errors not listed here' });
    expect(new Set(errors.map((e) => `${e.pointer} ${e.message}`)).size).toBe(errors.length);
  });
});

describe('assertValidManifest', () => {
  it('throws ManifestInvalidError carrying every error', () => {
    const broken = exampleWith('notifier', { id: 'Not Valid', version: 'v1' });

    let thrown: unknown;
    try {
      assertValidManifest(broken);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(ManifestInvalidError);
    expect(thrown).toMatchObject({
      code: 'manifest_invalid',
      status: 400,
      message: 'The manifest is invalid: 2 problem(s).',
      errors: [
        { pointer: '/id', message: expect.any(String) },
        { pointer: '/version', message: expect.any(String) },
      ],
    });
  });
});
