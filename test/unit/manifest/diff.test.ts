import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffPermissions, type PluginManifest } from '../../../core/manifest';
import { EXAMPLE_NAMES, manifestOf } from './fixtures';

const NOTHING = {
  traits: [],
  classifications: [],
  domains: [],
  publishes: [],
  subscribes: [],
  calls: [],
  exposes: [],
  secretHosts: [],
  hipaaControls: [],
  auditLevel: [],
  panels: [],
};

const upgrade = (old: PluginManifest, changes: Partial<PluginManifest>): PluginManifest => ({
  ...old,
  version: '9.0.0',
  ...changes,
});

describe('diffPermissions', () => {
  it.each(EXAMPLE_NAMES)('finds nothing between two versions of %s that ask for the same', (name) => {
    const old = manifestOf(name);

    expect(diffPermissions(old, upgrade(old, {}))).toEqual({
      added: NOTHING,
      removed: NOTHING,
      requiresConsent: false,
    });
  });

  it('lists, sorted, everything the new version asks for beyond the old one', () => {
    const old = manifestOf('notifier');
    const next = upgrade(old, {
      traits: ['read_only', ...old.traits, 'audit_required'],
      security: { authentication_required: true, data_classification: ['pii', 'confidential', 'internal'] },
      allowed_domains: ['hooks.partner.example', ...(old.allowed_domains ?? []), 'api.partner.example'],
      events: { subscribes: ['UserCreated.v1', 'PaymentReceived.v1'], publishes: ['DocumentProcessed.v1'] },
      operations: {
        calls: ['storage-plugin.getDocument', 'ehr-integration.getPatientChart'],
        exposes: { send: { method: 'POST', path: '/send', data_classification: 'pii' } },
      },
    });

    const diff = diffPermissions(old, next);

    expect(diff).toEqual({
      added: {
        traits: ['audit_required', 'read_only'],
        classifications: ['confidential'],
        domains: ['api.partner.example', 'hooks.partner.example'],
        publishes: ['DocumentProcessed.v1'],
        subscribes: ['PaymentReceived.v1'],
        calls: ['ehr-integration.getPatientChart', 'storage-plugin.getDocument'],
        exposes: ['send'],
        // The notifier's apiToken declares no hosts, so it may go wherever the allowlist now reaches.
        secretHosts: ['apiToken → api.partner.example', 'apiToken → hooks.partner.example'],
        hipaaControls: [],
        auditLevel: [],
        panels: [],
      },
      removed: NOTHING,
      requiresConsent: true,
    });
  });

  it('lists what the new version no longer asks for, which alone needs no consent', () => {
    const old = manifestOf('ehr-integration');
    const next = upgrade(old, {
      traits: ['handles_phi', 'handles_pii', 'audit_required'],
      allowed_domains: ['fhir.ehr-vendor.example'],
      events: { publishes: ['UserCreated.v1'] },
      operations: {},
    });

    const diff = diffPermissions(old, next);

    expect(diff).toEqual({
      added: NOTHING,
      removed: {
        ...NOTHING,
        traits: ['external_service'],
        domains: ['*.auth.ehr-vendor.example'],
        publishes: ['DocumentProcessed.v1'],
        subscribes: ['PaymentReceived.v1'],
        calls: ['storage-plugin.putDocument'],
        exposes: ['getPatientChart'],
        secretHosts: ['clientSecret → *.auth.ehr-vendor.example'],
      },
      requiresConsent: false,
    });
  });

  it('counts a secret sent to more hosts as added, though the allowlist stays the same', () => {
    const old = manifestOf('notifier');
    const properties = (old.config as { properties: Record<string, unknown> }).properties;
    const bound = (hosts?: string[]) => ({
      ...old.config,
      properties: {
        ...properties,
        apiToken: { type: 'string', 'x-secret': true, ...(hosts ? { 'x-secret-hosts': hosts } : {}) },
        ...(hosts
          ? {}
          : { hookKey: { type: 'string', 'x-secret': true, 'x-secret-hosts': ['api.mailer.example'] } }),
      },
    });
    const narrow = upgrade(old, { config: bound(['api.mailer.example']) });
    const wide = upgrade(old, { config: bound() });

    expect(old.allowed_domains).toEqual(['api.mailer.example', '*.hooks.chat.example']);
    expect(diffPermissions(narrow, wide)).toMatchObject({
      added: { ...NOTHING, secretHosts: ['apiToken → *.hooks.chat.example', 'hookKey → api.mailer.example'] },
      removed: NOTHING,
      requiresConsent: true,
    });
    expect(diffPermissions(wide, narrow)).toMatchObject({
      added: NOTHING,
      removed: {
        ...NOTHING,
        secretHosts: ['apiToken → *.hooks.chat.example', 'hookKey → api.mailer.example'],
      },
      requiresConsent: false,
    });
  });

  it('counts an operation whose data became more sensitive as added, and a less sensitive one as nothing', () => {
    const old = manifestOf('storage-plugin');
    const exposes = old.operations?.exposes ?? {};
    const next = upgrade(old, {
      operations: {
        exposes: {
          ...exposes,
          deleteDocument: { ...exposes.deleteDocument!, data_classification: 'confidential' },
          getDocument: { ...exposes.getDocument!, data_classification: 'internal' },
        },
      },
    });

    const diff = diffPermissions(old, next);

    expect(diff.added.exposes).toEqual(['deleteDocument']);
    expect(diff.removed.exposes).toEqual([]);
    expect(diff.requiresConsent).toBe(true);
  });

  it('shows HIPAA safeguards stated or withdrawn and a changed audit level, and asks consent for either', () => {
    const old = upgrade(manifestOf('storage-plugin'), {
      compliance: { hipaa_controls: ['access_control', 'audit_controls'], audit_level: 'detailed' },
    });
    const next = upgrade(old, {
      compliance: { hipaa_controls: ['audit_controls', 'integrity'], audit_level: 'basic' },
    });

    const diff = diffPermissions(old, next);

    expect(diff.added).toEqual({ ...NOTHING, hipaaControls: ['integrity'], auditLevel: ['basic'] });
    expect(diff.removed).toEqual({ ...NOTHING, hipaaControls: ['access_control'], auditLevel: ['detailed'] });
    expect(diff.requiresConsent).toBe(true);
    // A withdrawn safeguard alone is an assurance taken back: the administrator consents to it.
    const withdrawn = diffPermissions(old, upgrade(old, { compliance: { audit_level: 'detailed' } }));
    expect(withdrawn.added).toEqual(NOTHING);
    expect(withdrawn.requiresConsent).toBe(true);
  });

  it('compares the levels a plugin is recorded at: a PHI plugin is at detailed however it is declared', () => {
    const old = manifestOf('ehr-integration');
    const declared = upgrade(old, { compliance: { ...old.compliance, audit_level: 'detailed' } });

    expect(diffPermissions(old, declared)).toEqual({
      added: NOTHING,
      removed: NOTHING,
      requiresConsent: false,
    });
  });

  it('compares hosts as the proxy lane does: spelling aside, and within wildcards', () => {
    const old = upgrade(manifestOf('notifier'), {
      allowed_domains: ['api.mailer.example', '*.hooks.chat.example'],
    });
    const respelled = upgrade(old, { allowed_domains: ['API.Mailer.Example.', 'eu.hooks.chat.example'] });
    const widened = upgrade(old, { allowed_domains: ['*.mailer.example'] });

    expect(diffPermissions(old, respelled).added.domains).toEqual([]);
    expect(diffPermissions(old, respelled).removed.domains).toEqual(['*.hooks.chat.example']);
    expect(diffPermissions(old, widened).added.domains).toEqual(['*.mailer.example']);
    expect(diffPermissions(old, widened).removed.domains).toEqual(['*.hooks.chat.example']);
  });

  it('is deterministic: the same answer whatever order the manifests list things in', () => {
    const old = manifestOf('seed-example');
    const next = upgrade(old, {
      traits: ['c_trait', 'a_trait', 'b_trait'],
      allowed_domains: ['b.example.com', 'a.example.com'],
    });
    const shuffled = upgrade(old, {
      traits: ['b_trait', 'c_trait', 'a_trait'],
      allowed_domains: ['a.example.com', 'b.example.com'],
    });

    expect(diffPermissions(old, next)).toEqual(diffPermissions(old, shuffled));
    expect(diffPermissions(old, next).added.traits).toEqual(['a_trait', 'b_trait', 'c_trait']);
  });

  it('shows any added trait or host, and asks for consent', () => {
    const base = manifestOf('notifier');
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9_]{1,20}$/).filter((trait) => !base.traits.includes(trait)),
        fc.domain().filter((host) => !host.endsWith('mailer.example') && !host.endsWith('chat.example')),
        (trait, host) => {
          const next = upgrade(base, {
            traits: [...base.traits, trait],
            allowed_domains: [...(base.allowed_domains ?? []), host],
          });

          const diff = diffPermissions(base, next);

          expect(diff.added.traits).toEqual([trait]);
          expect(diff.added.domains).toEqual([host]);
          expect(diff.requiresConsent).toBe(true);
          expect(diffPermissions(next, base).requiresConsent).toBe(false);
        },
      ),
    );
  });
});
