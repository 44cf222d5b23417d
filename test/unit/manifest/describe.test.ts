import { describe, expect, it } from 'vitest';
import { describePermissions } from '../../../core/manifest';
import { manifestOf } from './fixtures';

describe('describePermissions', () => {
  it('puts every permission of a PHI integration in plain words', () => {
    expect(describePermissions(manifestOf('ehr-integration'))).toEqual([
      'Handles protected health information (PHI)',
      'Handles personally identifiable information (PII)',
      'Has every action it takes recorded in the audit log',
      'Connects to services outside the platform',
      'Works with internal, personal (PII) and health (PHI) data',
      'Sends requests to fhir.ehr-vendor.example',
      'Sends requests to any host under auth.ehr-vendor.example',
      'Sends the secret clientSecret to any allowlisted host',
      'Publishes UserCreated.v1 events',
      'Publishes DocumentProcessed.v1 events',
      'Subscribes to PaymentReceived.v1 events',
      'Calls storage-plugin.putDocument',
      'Lets other plugins call getPatientChart (GET /patients/chart) with health (PHI) data',
      // PHI is never recorded below detailed, declared or not.
      'Is audited at level detailed: every decision, and the size, status and route of each request it sends or calls',
    ]);
  });

  it('says where each secret may go: only its declared hosts, or any allowlisted host', () => {
    const manifest = {
      ...manifestOf('notifier'),
      allowed_domains: ['api.mailer.example', '*.hooks.chat.example'],
      config: {
        type: 'object',
        properties: {
          apiToken: { type: 'string', 'x-secret': true, 'x-secret-hosts': ['api.mailer.example'] },
          hookKey: {
            type: 'string',
            'x-secret': true,
            'x-secret-hosts': ['eu.hooks.chat.example', '*.us.hooks.chat.example'],
          },
          anyKey: { type: 'string', 'x-secret': true },
          sender: { type: 'string' },
        },
      },
    };

    expect(describePermissions(manifest).filter((s) => s.includes('secret'))).toEqual([
      'Sends the secret apiToken only to api.mailer.example',
      'Sends the secret hookKey only to eu.hooks.chat.example and any host under us.hooks.chat.example',
      'Sends the secret anyKey to any allowlisted host',
    ]);
    expect(
      describePermissions({ ...manifest, allowed_domains: undefined }).filter((s) => s.includes('anyKey')),
    ).toEqual(['Sends the secret anyKey nowhere: it has no allowlisted host']);
  });

  it('names operations offered to other plugins', () => {
    expect(describePermissions(manifestOf('storage-plugin'))).toEqual([
      'Has every action it takes recorded in the audit log',
      'Works with public, internal and confidential data',
      'Publishes DocumentProcessed.v1 events',
      'Lets other plugins call getDocument (GET /documents/get) with confidential data',
      'Lets other plugins call putDocument (PUT /documents) with confidential data',
      'Lets other plugins call deleteDocument (DELETE /documents) with internal data',
      'Lets other plugins call listPublic (POST /documents/public) with public data',
    ]);
  });

  it('names a trait it has no words for, and a single classification, as they are', () => {
    const manifest = { ...manifestOf('seed-example'), traits: ['read_only', 'nightly_batch'] };

    expect(describePermissions(manifest)).toEqual([
      'Declares that it only reads data',
      'Declares the trait nightly_batch',
      'Works with personal (PII) data',
      'Sends requests to api.example.com',
    ]);
  });

  it('shows the ASCII form of an international host, so a look-alike cannot pass for the real one', () => {
    const manifest = { ...manifestOf('notifier'), allowed_domains: ['аpple.com', '*.bücher.example'] };

    expect(describePermissions(manifest)).toEqual(
      expect.arrayContaining([
        'Sends requests to аpple.com (xn--pple-43d.com)',
        'Sends requests to any host under bücher.example (xn--bcher-kva.example)',
      ]),
    );
  });

  it('names the HIPAA safeguards a plugin states and the audit level it is held to above the floor', () => {
    const manifest = manifestOf('storage-plugin');
    const stated = {
      ...manifest,
      compliance: {
        ...manifest.compliance,
        hipaa_controls: ['access_control', 'transmission_security'] as const,
        audit_level: 'complete' as const,
      },
    };

    expect(describePermissions(stated).slice(-2)).toEqual([
      'States it implements the HIPAA safeguards access control (164.312(a)) and transmission security (164.312(e))',
      'Is audited at level complete: as detailed, with the names (never the values) of the headers and fields it sends',
    ]);
    // basic is every plugin's floor: nothing to say about this one.
    expect(
      describePermissions({ ...manifest, compliance: { audit_level: 'basic' } }).filter((s) =>
        s.startsWith('Is audited'),
      ),
    ).toEqual([]);
  });

  it('says nothing of classifications when none are declared', () => {
    const manifest = manifestOf('seed-example');
    const bare = {
      ...manifest,
      traits: [],
      allowed_domains: undefined,
      security: { ...manifest.security, data_classification: [] },
    };

    expect(describePermissions(bare)).toEqual([]);
  });
});
