import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fargateSizeFor, migrateVivifiedManifest } from '../../../core/manifest/migrate';
import { validateManifest } from '../../../core/manifest/validate';

const CORPUS = join(import.meta.dirname, '../../fixtures/vivified-manifests');
const read = (name: string) => JSON.parse(readFileSync(join(CORPUS, name), 'utf8'));
const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/plugin:1.0.0';

describe('migrating a Vivified manifest', () => {
  it.each(readdirSync(CORPUS).filter((f) => f.endsWith('.json')))(
    'turns %s into a manifest the platform accepts',
    (file) => {
      const migration = migrateVivifiedManifest(read(file), { image: IMAGE });
      expect(migration.ok, JSON.stringify(migration)).toBe(true);
      if (!migration.ok) return;
      expect(validateManifest(migration.manifest).ok).toBe(true);
      expect(migration.manifest.runtime.image).toBe(IMAGE);
      // Every field of the old manifest is accounted for: moved, converted or dropped with a reason.
      const accounted = new Set(migration.changes.map((c) => c.from.split('/')[1]));
      const carried = ['id', 'name', 'version', 'description', 'traits', 'contracts', 'security', 'config'];
      for (const key of Object.keys(read(file)).filter((k) => !carried.includes(k))) {
        expect(accounted, key).toContain(key);
      }
    },
  );

  it('maps each field of the notifier to where it lives now, saying how', () => {
    const migration = migrateVivifiedManifest(read('sms-notifier.json'), { image: IMAGE });
    if (!migration.ok) throw new Error(JSON.stringify(migration.errors));
    const { manifest, changes } = migration;

    expect(manifest.runtime).toEqual({
      image: IMAGE,
      cpu: 512,
      memory: 1024,
      port: 9000,
      health_path: '/healthz',
    });
    expect(manifest.operations).toEqual({
      exposes: {
        send_message: { method: 'POST', path: '/api/send', data_classification: 'pii' },
        delivery_status: { method: 'GET', path: '/api/status', data_classification: 'pii' },
      },
      calls: ['patient-store.getContact'],
    });
    expect(manifest.events).toEqual({ subscribes: ['AppointmentBooked.v1', 'UserCreated.v1'] });
    expect(manifest.allowed_domains).toEqual(['api.sms-gateway.example']);
    expect(manifest.security).toEqual({
      authentication_required: true,
      data_classification: ['internal', 'pii'],
    });
    const note = (from: string) => changes.find((c) => c.from === from)?.note ?? '';
    expect(note('/resources')).toMatch(
      /asked for 512 CPU units and 768 MiB; rounded up to .* 512 units \/ 1024 MiB/,
    );
    expect(note('/resources/storage')).toMatch(/^dropped/);
    expect(note('/security/authentication')).toMatch(/^dropped: the platform authenticates every call/);
    expect(note('/rate_limits/requests_per_minute')).toMatch(/^the same number for calls to other plugins/);
    expect(manifest.rate_limits).toEqual({ operator_calls_per_minute: 120, egress_requests_per_minute: 120 });
    expect(note('/compliance/audit_level')).toMatch(/^honoured by the lanes/);
    expect(manifest.compliance).toEqual({ audit_level: 'detailed', hipaa_controls: [] });
    expect(note('/canonical_support/event_subscriptions')).toMatch(/became \.v1/);
    expect(note('/canonical_support/transform')).toMatch(/^dropped/);
    expect(note('/endpoints')).toMatch(/classified pii/);
  });

  it('keeps sizes that are Fargate sizes, reads CPU in cores or units, and defaults what is absent', () => {
    const store = migrateVivifiedManifest(read('records-store.json'), { image: IMAGE });
    const directory = migrateVivifiedManifest(read('directory-sync.json'), { image: IMAGE });
    if (!store.ok || !directory.ok) throw new Error('expected both to migrate');

    expect(store.manifest.runtime).toMatchObject({
      cpu: 1024,
      memory: 2048,
      health_path: '/health',
      port: 8080,
    });
    expect(store.changes.find((c) => c.from === '/resources')?.note).toMatch(/as given/);
    expect(store.manifest.events).toEqual({ publishes: ['DocumentProcessed.v1'] });
    // Vivified's citations by paragraph are the safeguards by name; its validator's highest level is complete.
    expect(store.manifest.compliance).toEqual({
      data_retention_days: 2555,
      hipaa_controls: ['access_control', 'audit_controls'],
      audit_level: 'complete',
    });
    expect(store.changes.find((c) => c.from === '/compliance/hipaa_controls')?.note).toMatch(
      /164\.312\(a\) access_control/,
    );
    expect(store.changes.find((c) => c.from === '/compliance/audit_level')?.note).toMatch(
      /comprehensive is complete here/,
    );
    expect(directory.manifest.compliance).toEqual({ audit_level: 'basic' });
    expect(directory.manifest.runtime).toMatchObject({ cpu: 256, memory: 512, health_path: '/health' });
    expect(directory.manifest.operations).toBeUndefined();
    expect(directory.changes.find((c) => c.from === '/dependencies')?.note).toMatch(/records-store dropped/);
    expect(directory.changes.find((c) => c.from === '/ui')?.note).toMatch(/not a field of either format/);
    expect(directory.changes.find((c) => c.from === '/health_check')?.note).toMatch(/none given/);
  });

  it.each([
    // Vivified's none becomes the floor, basic, which a PHI plugin may not ask for.
    ['phi-without-audit.json', ['/compliance/data_retention_days', '/traits', '/compliance/audit_level']],
    ['external-without-domains.json', ['/allowed_domains']],
    ['unknown-contract.json', ['/contracts/0', '/runtime/cpu']],
    ['ip-domain.json', ['/allowed_domains/0', '/operations/exposes/Bad Name']],
  ])('refuses hostile/%s with pointer errors and no manifest', (file, pointers) => {
    const migration = migrateVivifiedManifest(read(`hostile/${file}`), { image: IMAGE });

    expect(migration.ok).toBe(false);
    if (migration.ok) return;
    expect(migration).not.toHaveProperty('manifest');
    const found = migration.errors.map((e) => e.pointer);
    for (const pointer of pointers)
      expect(
        found.some((p) => p.startsWith(pointer)),
        `${pointer} in ${found}`,
      ).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['a limit other than requests per minute', { requests_per_hour: 600 }, '/rate_limits/requests_per_hour'],
    ['rate limits that are not an object', 120, '/rate_limits'],
  ])('drops %s, saying so, and declares no limit', (_, rateLimits, from) => {
    const migration = migrateVivifiedManifest(
      { ...read('sms-notifier.json'), rate_limits: rateLimits },
      { image: IMAGE },
    );
    if (!migration.ok) throw new Error(JSON.stringify(migration.errors));

    expect(migration.manifest.rate_limits).toBeUndefined();
    expect(migration.changes.find((c) => c.from === from)?.note).toMatch(/^dropped/);
  });

  it.each<[string, unknown, string]>([
    ['the same safeguard cited twice', ['164.312(a)', '164.312(a)(2)(iv)', 'integrity'], ''],
    ['an administrative safeguard', ['164.308(a)(1)'], '/compliance/hipaa_controls/0'],
    ['a made-up name', ['164.312(b)', 'encryption'], '/compliance/hipaa_controls/1'],
  ])(
    'converts HIPAA citations, refusing %s only when it has no technical safeguard',
    (_, controls, pointer) => {
      const migration = migrateVivifiedManifest(
        { ...read('sms-notifier.json'), compliance: { hipaa_controls: controls } },
        { image: IMAGE },
      );

      if (pointer === '') {
        expect(migration).toMatchObject({
          ok: true,
          manifest: { compliance: { hipaa_controls: ['access_control', 'integrity'] } },
        });
        return;
      }
      expect(migration.ok).toBe(false);
      if (migration.ok) return;
      expect(migration.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            pointer,
            message: expect.stringMatching(/not a technical safeguard of 45 CFR 164\.312/),
          }),
        ]),
      );
    },
  );

  it.each<[unknown, string]>([
    ['none', 'basic'],
    ['basic', 'basic'],
    ['complete', 'complete'],
  ])('carries audit level %s over as %s', (level, now) => {
    const migration = migrateVivifiedManifest(
      { ...read('sms-notifier.json'), compliance: { audit_level: level } },
      { image: IMAGE },
    );

    expect(migration).toMatchObject({ ok: true, manifest: { compliance: { audit_level: now } } });
  });

  it('leaves an unknown audit level and a non-list of controls to the validator, with their pointers', () => {
    const migration = migrateVivifiedManifest(
      { ...read('sms-notifier.json'), compliance: { audit_level: 'verbose', hipaa_controls: 'all', x: 1 } },
      { image: IMAGE },
    );

    expect(migration.ok).toBe(false);
    if (migration.ok) return;
    expect(migration.errors.map((e) => e.pointer).sort()).toEqual([
      '/compliance/audit_level',
      '/compliance/hipaa_controls',
    ]);
    expect(migration.changes.find((c) => c.from === '/compliance/x')?.note).toMatch(/^dropped/);
  });

  it('asks for the image the old format does not have', () => {
    const migration = migrateVivifiedManifest(read('records-store.json'));

    expect(migration.ok).toBe(false);
    if (migration.ok) return;
    expect(migration.errors).toEqual([
      {
        pointer: '/runtime/image',
        message: 'the Vivified format names no container image: give it with --image',
      },
    ]);
  });

  it('refuses what is not a JSON object', () => {
    expect(migrateVivifiedManifest([1, 2])).toMatchObject({
      ok: false,
      errors: [{ pointer: '', message: 'must be an object' }],
    });
    expect(migrateVivifiedManifest({ id: () => 1 })).toMatchObject({ ok: false });
  });

  it('rounds to the smallest Fargate size that holds what was asked, or none beyond the largest', () => {
    expect(fargateSizeFor(256, 512)).toEqual({ cpu: 256, memory: 512 });
    expect(fargateSizeFor(256, 3000)).toEqual({ cpu: 512, memory: 3072 });
    expect(fargateSizeFor(300, 100)).toEqual({ cpu: 512, memory: 1024 });
    expect(fargateSizeFor(4096, 40000)).toBeUndefined();
  });
});
