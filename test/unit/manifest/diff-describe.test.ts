import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describePermissions, diffPermissions } from '../../../core/manifest';
import { notifierManifest, storageManifest } from '../../support/manifests';

describe('diffPermissions', () => {
  it('is empty between identical versions', () => {
    const diff = diffPermissions(storageManifest(), storageManifest('1.1.0'));

    expect(diff.requiresConsent).toBe(false);
    expect(Object.values(diff.added).flat()).toEqual([]);
  });

  it('lists what the new version asks for beyond the old, and what it drops', () => {
    const old = notifierManifest();
    const next = notifierManifest('2.0.0', {
      traits: [...old.traits, 'handles_phi'],
      security: { authentication_required: true, data_classification: ['pii', 'phi'] },
      allowed_domains: ['*.mailer.example'],
      events: { subscribes: ['UserCreated.v1', 'DocumentProcessed.v1'], publishes: ['PaymentReceived.v1'] },
      operations: {
        calls: ['storage.getDocument'],
        exposes: { send: { method: 'POST', path: '/send', data_classification: 'pii' } },
      },
    });

    const diff = diffPermissions(old, next);

    expect(diff.requiresConsent).toBe(true);
    expect(diff.added).toEqual({
      traits: ['handles_phi'],
      classifications: ['phi'],
      domains: ['*.mailer.example'],
      publishes: ['PaymentReceived.v1'],
      subscribes: ['DocumentProcessed.v1'],
      calls: ['storage.getDocument'],
      exposes: ['send'],
    });
    expect(diff.removed.domains).toEqual(['api.mailer.example']);
  });

  it('treats an operation becoming more sensitive as new, and a dropped one as removed', () => {
    const old = storageManifest();
    const next = storageManifest('2.0.0', {
      operations: {
        exposes: {
          getDocument: { method: 'POST', path: '/documents/get', data_classification: 'phi' },
          getChart: { method: 'POST', path: '/charts/get', data_classification: 'internal' },
        },
      },
    });

    const diff = diffPermissions(old, next);

    expect(diff.added.exposes).toEqual(['getDocument']);
    expect(diff.removed.exposes).toEqual(['deleteAll', 'slow']);
  });

  it('shows any added trait or domain', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{3,10}$/), (word) => {
        const next = notifierManifest('1.1.0', {
          traits: [...notifierManifest().traits, `x_${word}`],
          allowed_domains: [`${word}.example.org`],
        });
        const diff = diffPermissions(notifierManifest(), next);
        expect(diff.added.traits).toEqual([`x_${word}`]);
        expect(diff.added.domains).toEqual([`${word}.example.org`]);
        expect(diff.requiresConsent).toBe(true);
      }),
    );
  });
});

describe('describePermissions', () => {
  it('puts every permission in plain words', () => {
    expect(describePermissions(storageManifest())).toEqual([
      'Handles protected health information (PHI)',
      'Handles personal information (PII)',
      'Has every action it takes audited',
      'Sees internal, personal (PII), health (PHI) data',
      'Offers the operation getDocument (internal data) to other plugins',
      'Offers the operation getChart (health (PHI) data) to other plugins',
      'Offers the operation slow (internal data) to other plugins',
      'Offers the operation deleteAll (internal data) to other plugins',
    ]);
    expect(
      describePermissions(
        notifierManifest('1.0.0', {
          traits: ['custom_thing'],
          allowed_domains: ['*.mailer.example', 'api.mailer.example'],
          events: { publishes: ['PaymentReceived.v1'], subscribes: ['UserCreated.v1'] },
          operations: { calls: ['storage.getDocument'] },
        }),
      ),
    ).toEqual([
      'Declares the trait custom_thing',
      'Sees personal (PII) data',
      'Sends requests to any host under mailer.example',
      'Sends requests to api.mailer.example',
      'Publishes PaymentReceived.v1 events',
      'Receives UserCreated.v1 events',
      'Calls storage.getDocument',
    ]);
  });
});
