import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManifestInvalidError } from '../../../core/errors';
import { assertValidManifest, validateManifest } from '../../../core/manifest';
import type { PluginManifest } from '../../../core/manifest/types';
import { chartManifest, ehrSyncManifest, notifierManifest, storageManifest } from '../../support/manifests';

const errorsOf = (json: unknown) => {
  const check = validateManifest(json);
  return check.ok ? [] : check.errors;
};
const pointers = (json: unknown) =>
  errorsOf(json)
    .map((e) => e.pointer)
    .sort();
const edit = (changes: Record<string, unknown>) => ({ ...notifierManifest(), ...changes }) as unknown;

describe('validateManifest', () => {
  it.each([
    ['notifier', notifierManifest()],
    ['storage', storageManifest()],
    ['ehr-sync', ehrSyncManifest()],
    ['chart', chartManifest()],
  ])('accepts the %s example', (_, manifest) => {
    expect(validateManifest(manifest)).toEqual({ ok: true, manifest });
    expect(assertValidManifest(manifest)).toBe(manifest);
  });

  it('reports five different mistakes as five errors, each with its pointer', () => {
    const broken = edit({
      id: 'Not Valid',
      version: 'v1',
      contracts: ['TeleportPlugin'],
      security: { authentication_required: false, data_classification: ['pii'] },
      allowed_domains: ['https://api.mailer.example/send'],
    });

    const errors = errorsOf(broken);

    expect(errors.map((e) => e.pointer).sort()).toEqual(
      ['/allowed_domains/0', '/contracts/0', '/id', '/security/authentication_required', '/version'].sort(),
    );
    expect(errors.find((e) => e.pointer === '/version')?.message).toBe(
      'must be a semantic version such as 1.2.3',
    );
    expect(errors.find((e) => e.pointer === '/contracts/0')?.message).toContain(
      'must be one of: StoragePlugin',
    );
    expect(errors.find((e) => e.pointer === '/security/authentication_required')?.message).toBe(
      'must be true',
    );
    expect(() => assertValidManifest(broken)).toThrow(ManifestInvalidError);
  });

  it.each([
    [
      'PHI without audit, phi classification and retention',
      { traits: ['handles_phi'], compliance: { data_retention_days: 30 } },
      ['/compliance/data_retention_days', '/security/data_classification', '/traits'],
    ],
    [
      'PII without the pii classification',
      {
        traits: ['handles_pii'],
        security: { authentication_required: true, data_classification: ['internal'] },
      },
      ['/security/data_classification'],
    ],
    [
      'an external service without domains',
      { traits: ['external_service'], allowed_domains: [] },
      ['/allowed_domains'],
    ],
    ['a reserved trait', { traits: ['handles_pii', 'root'] }, ['/traits/1']],
    ['a missing required field', { runtime: undefined }, ['/runtime']],
    ['an unknown field', { colour: 'blue' }, ['/colour']],
    ['a config that is not a JSON Schema', { config: { type: 'nonsense' } }, ['/config']],
    ['a malformed call', { operations: { calls: ['storage'] } }, ['/operations/calls/0']],
    [
      'a retention below one day',
      { compliance: { data_retention_days: 0 } },
      ['/compliance/data_retention_days'],
    ],
    ['a malformed event type', { events: { subscribes: ['user-created'] } }, ['/events/subscribes/0']],
  ])('refuses %s', (_, changes, expected) => {
    expect(pointers(edit(changes))).toEqual(expected);
  });

  it('explains list, type and uniqueness mistakes in words', () => {
    const messages = errorsOf(edit({ contracts: [], traits: ['a_b', 'a_b'], name: 5, events: [] })).map(
      (e) => `${e.pointer} ${e.message}`,
    );

    expect(messages).toEqual(
      expect.arrayContaining([
        '/contracts must list at least 1',
        '/traits must not list the same entry twice',
        '/name must be a string',
        '/events must be an object',
      ]),
    );
  });

  it.each([
    ['http://api.example.com', 'scheme'],
    ['api.example.com/path', 'path'],
    ['api.example.com:8443', 'port'],
    ['user@api.example.com', 'user information'],
    ['10.0.0.1', 'IP address'],
    ['2130706433', 'IP address'],
    ['0x7f000001', 'IP address'],
    ['[::1]', 'IP address'],
    ['localhost', 'host name'],
    ['-bad.example.com', 'host name'],
    ['*.*.example.com', 'host name'],
  ])('refuses the allowed domain %s (%s)', (domain, words) => {
    const errors = errorsOf(edit({ allowed_domains: [domain] }));

    expect(errors).toHaveLength(1);
    expect(errors[0]!.pointer).toBe('/allowed_domains/0');
    expect(errors[0]!.message).toContain(words);
  });

  it.each(['api.example.com', '*.example.com', 'bücher.example', 'API.Example.COM.'])(
    'accepts the allowed domain %s',
    (domain) => {
      expect(errorsOf(edit({ allowed_domains: [domain] }))).toEqual([]);
    },
  );

  it('never throws, and every error has a pointer and words, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (value) => {
        const check = validateManifest(value);
        if (!check.ok) {
          for (const error of check.errors) {
            expect(error.pointer === '' || error.pointer.startsWith('/')).toBe(true);
            expect(error.message.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on hostile objects', () => {
    const cyclic: Record<string, unknown> = { ...notifierManifest() };
    cyclic.config = cyclic;
    const trap = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    );

    expect(validateManifest(cyclic).ok).toBe(false);
    expect(validateManifest(trap)).toEqual({
      ok: false,
      errors: [{ pointer: '', message: expect.stringContaining('could not be read') }],
    });
    expect(validateManifest(JSON.parse('{"__proto__": {"admin": true}}')).ok).toBe(false);
  });

  it('mutating random fields of a valid manifest never throws', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(notifierManifest())), fc.jsonValue(), (field, value) => {
        const manifest = { ...notifierManifest(), [field]: value } as PluginManifest;
        expect(() => validateManifest(manifest)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
