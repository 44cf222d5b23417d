import { describe, expect, it } from 'vitest';
import type { DataClassification } from '../../../core/manifest/types';
import { decide, type SubscribeResource } from '../../../core/policy';
import { OTHER_TENANT, PHI_SHAPE, PII_SHAPE, plugin, TENANT } from './fixtures';

const publish = (eventType: string, classification: DataClassification, tenantId = TENANT) => ({
  tenantId,
  eventType,
  classification,
});

describe('canonical.publish', () => {
  it('allows a declared type within the clearance', () => {
    const publisher = plugin({ publishes: ['AppointmentBooked.v1'] });

    expect(decide(publisher, 'canonical.publish', publish('AppointmentBooked.v1', 'internal'))).toEqual({
      effect: 'allow',
      rule: 'canonical.publish',
      reasons: [
        'plugin scheduler declares AppointmentBooked.v1 in events.publishes',
        'plugin scheduler is cleared for internal data',
      ],
      obligations: { auditLevel: 'standard' },
    });
  });

  it("asks for the detail its manifest's audit level names, and detailed at least when it handles PHI", () => {
    const base = plugin({ publishes: ['AppointmentBooked.v1'] });
    const asking = (audit_level: 'basic' | 'detailed' | 'complete') => ({
      ...base,
      manifest: { ...base.manifest, compliance: { audit_level } },
    });
    const phi = plugin({ ...PHI_SHAPE, publishes: ['PatientAdmitted.v1'] });
    const detailOf = (principal: typeof base, type: string, classification: DataClassification) =>
      decide(principal, 'canonical.publish', publish(type, classification)).obligations.detail;

    expect(detailOf(asking('basic'), 'AppointmentBooked.v1', 'internal')).toBeUndefined();
    expect(detailOf(asking('detailed'), 'AppointmentBooked.v1', 'internal')).toBe('detailed');
    expect(detailOf(asking('complete'), 'AppointmentBooked.v1', 'internal')).toBe('complete');
    expect(detailOf(phi, 'PatientAdmitted.v1', 'phi')).toBe('detailed');
  });

  it('denies a type not in events.publishes', () => {
    const decision = decide(
      plugin({ publishes: ['A.v1'] }),
      'canonical.publish',
      publish('B.v1', 'internal'),
    );

    expect(decision).toMatchObject({ effect: 'deny', rule: 'canonical.publish.undeclared_type' });
    expect(decision.reasons).toEqual(['plugin scheduler does not declare B.v1 in events.publishes']);
  });

  it('denies a plugin without events at all', () => {
    const publisher = plugin();
    const bare = { ...publisher, manifest: { ...publisher.manifest, events: undefined } };

    expect(decide(bare, 'canonical.publish', publish('A.v1', 'public')).rule).toBe(
      'canonical.publish.undeclared_type',
    );
  });

  it('allows PHI only with handles_phi and phi declared, audited at PHI level', () => {
    const decision = decide(
      plugin({ ...PHI_SHAPE, publishes: ['PatientAdmitted.v1'] }),
      'canonical.publish',
      publish('PatientAdmitted.v1', 'phi'),
    );

    expect(decision).toMatchObject({ effect: 'allow', obligations: { auditLevel: 'phi' } });
  });

  it('denies PHI without the handles_phi trait, audited at PHI level', () => {
    const publisher = plugin({ classifications: ['phi'], publishes: ['PatientAdmitted.v1'] });
    const decision = decide(publisher, 'canonical.publish', publish('PatientAdmitted.v1', 'phi'));

    expect(decision).toMatchObject({
      effect: 'deny',
      rule: 'canonical.publish.classification',
      obligations: { auditLevel: 'phi' },
    });
    expect(decision.reasons).toEqual([
      'phi data requires the handles_phi trait, which plugin scheduler does not declare',
    ]);
  });

  it('denies PHI when the trait is there but phi is not declared', () => {
    const publisher = plugin({ traits: ['handles_phi'], classifications: ['internal'], publishes: ['P.v1'] });

    expect(decide(publisher, 'canonical.publish', publish('P.v1', 'phi')).reasons).toEqual([
      'phi data requires phi in security.data_classification, which plugin scheduler does not declare',
    ]);
  });

  it('allows PII only with handles_pii', () => {
    const cleared = plugin({ ...PII_SHAPE, publishes: ['UserCreated.v1'] });
    const uncleared = plugin({ classifications: ['internal'], publishes: ['UserCreated.v1'] });

    expect(decide(cleared, 'canonical.publish', publish('UserCreated.v1', 'pii'))).toMatchObject({
      effect: 'allow',
      obligations: { auditLevel: 'standard' },
    });
    expect(decide(uncleared, 'canonical.publish', publish('UserCreated.v1', 'pii')).reasons).toEqual([
      'pii data requires the handles_pii trait and pii in security.data_classification, which plugin scheduler does not declare',
    ]);
  });

  it('does not let PHI clearance stand in for PII clearance', () => {
    const publisher = plugin({ ...PHI_SHAPE, publishes: ['UserCreated.v1'] });

    expect(decide(publisher, 'canonical.publish', publish('UserCreated.v1', 'pii')).effect).toBe('deny');
  });

  it.each([
    [['internal'], 'public', 'allow'],
    [['internal'], 'internal', 'allow'],
    [['internal'], 'confidential', 'deny'],
    [['public'], 'internal', 'deny'],
    [['confidential'], 'internal', 'allow'],
    [['pii'], 'confidential', 'allow'],
    [[], 'public', 'allow'],
  ] as const)('declared %j covers %s: %s', (classifications, classification, effect) => {
    const publisher = plugin({ ...PII_SHAPE, classifications, publishes: ['E.v1'] });

    expect(decide(publisher, 'canonical.publish', publish('E.v1', classification)).effect).toBe(effect);
  });

  it('names what a plugin declaring nothing covers', () => {
    const publisher = plugin({ classifications: [], publishes: ['E.v1'] });

    expect(decide(publisher, 'canonical.publish', publish('E.v1', 'internal')).reasons).toEqual([
      'plugin scheduler declares data classifications none, which do not cover internal data',
    ]);
  });

  it('never clears an unknown classification', () => {
    const publisher = plugin({ ...PHI_SHAPE, publishes: ['E.v1'] });
    const decision = decide(
      publisher,
      'canonical.publish',
      publish('E.v1', 'top-secret' as DataClassification),
    );

    expect(decision).toMatchObject({
      effect: 'deny',
      reasons: ['"top-secret" is not a known data classification'],
    });
  });

  it('gives every failing reason at once, naming the first rule', () => {
    const decision = decide(plugin(), 'canonical.publish', publish('PatientAdmitted.v1', 'phi'));

    expect(decision.rule).toBe('canonical.publish.undeclared_type');
    expect(decision.reasons).toHaveLength(2);
  });

  it('refuses an event claiming another tenant, at PHI level when PHI is involved', () => {
    const publisher = plugin({ ...PHI_SHAPE, publishes: ['PatientAdmitted.v1'] });
    const decision = decide(
      publisher,
      'canonical.publish',
      publish('PatientAdmitted.v1', 'phi', OTHER_TENANT),
    );

    expect(decision).toMatchObject({
      effect: 'deny',
      rule: 'tenant_boundary',
      obligations: { auditLevel: 'phi' },
      reasons: [
        `the tenant boundary applies: installations of tenant ${TENANT} may act only within tenant ${TENANT}`,
      ],
    });
  });
});

const admitted = (
  fieldClassifications: Record<string, DataClassification>,
  classification: DataClassification = 'phi',
  tenantId = TENANT,
): SubscribeResource => ({ tenantId, eventType: 'PatientAdmitted.v1', classification, fieldClassifications });

const FIELDS: Record<string, DataClassification> = {
  '/ward': 'internal',
  '/patient/name': 'phi',
  '/patient/email': 'pii',
  '/admittedAt': 'public',
};

describe('canonical.subscribe', () => {
  it('delivers in full to a subscriber cleared for every field', () => {
    const subscriber = plugin({
      traits: ['handles_phi', 'handles_pii'],
      classifications: ['internal', 'pii', 'phi'],
      subscribes: ['PatientAdmitted.v1'],
    });

    expect(decide(subscriber, 'canonical.subscribe', admitted(FIELDS))).toEqual({
      effect: 'allow',
      rule: 'canonical.subscribe',
      reasons: [
        'plugin scheduler declares PatientAdmitted.v1 in events.subscribes',
        'plugin scheduler is cleared for every field of PatientAdmitted.v1',
      ],
      // A PHI-handling subscriber is recorded at detailed at least (docs/audit.md).
      obligations: { auditLevel: 'phi', detail: 'detailed' },
    });
  });

  it('redacts every field the subscriber is not cleared for', () => {
    const subscriber = plugin({ classifications: ['internal'], subscribes: ['PatientAdmitted.v1'] });
    const decision = decide(subscriber, 'canonical.subscribe', admitted(FIELDS));

    expect(decision).toMatchObject({
      effect: 'allow',
      obligations: { redactFields: ['/patient/email', '/patient/name'], auditLevel: 'phi' },
    });
    expect(decision.reasons).toEqual([
      'plugin scheduler declares PatientAdmitted.v1 in events.subscribes',
      'redacted /patient/email: pii data requires the handles_pii trait and pii in security.data_classification, which plugin scheduler does not declare',
      'redacted /patient/name: phi data requires the handles_phi trait and phi in security.data_classification, which plugin scheduler does not declare',
    ]);
  });

  it('groups redacted fields by the reason', () => {
    const subscriber = plugin({ classifications: ['internal'], subscribes: ['PatientAdmitted.v1'] });
    const decision = decide(
      subscriber,
      'canonical.subscribe',
      admitted({ ...FIELDS, '/patient/mrn': 'phi' }),
    );

    expect(decision.reasons[2]).toMatch(/^redacted \/patient\/mrn, \/patient\/name: phi data requires/);
  });

  it('redacts PII from a PHI-cleared subscriber without handles_pii', () => {
    const subscriber = plugin({ ...PHI_SHAPE, subscribes: ['PatientAdmitted.v1'] });

    expect(decide(subscriber, 'canonical.subscribe', admitted(FIELDS)).obligations.redactFields).toEqual([
      '/patient/email',
    ]);
  });

  it('audits at standard level when no PHI is involved', () => {
    const subscriber = plugin({ classifications: ['internal'], subscribes: ['PatientAdmitted.v1'] });
    const decision = decide(subscriber, 'canonical.subscribe', admitted({ '/ward': 'internal' }, 'internal'));

    expect(decision.obligations).toEqual({ auditLevel: 'standard' });
  });

  it('refuses a type not in events.subscribes', () => {
    const decision = decide(plugin({ subscribes: ['Other.v1'] }), 'canonical.subscribe', admitted(FIELDS));

    expect(decision).toMatchObject({
      effect: 'deny',
      rule: 'canonical.subscribe.undeclared_type',
      reasons: ['plugin scheduler does not declare PatientAdmitted.v1 in events.subscribes'],
      obligations: { auditLevel: 'phi' },
    });
  });

  it('refuses a plugin without events at all', () => {
    const subscriber = plugin();
    const bare = { ...subscriber, manifest: { ...subscriber.manifest, events: undefined } };

    expect(decide(bare, 'canonical.subscribe', admitted(FIELDS)).effect).toBe('deny');
  });

  it('fails closed when the sensitive content cannot be located for redaction', () => {
    const subscriber = plugin({ classifications: ['internal'], subscribes: ['PatientAdmitted.v1'] });
    const decision = decide(subscriber, 'canonical.subscribe', admitted({ '/ward': 'internal' }, 'phi'));

    expect(decision).toMatchObject({ effect: 'deny', rule: 'canonical.subscribe.unredactable' });
    expect(decision.reasons[0]).toMatch(/no field of PatientAdmitted.v1 is classified phi/);
  });

  it('needs no field map for a subscriber cleared for the whole event', () => {
    const subscriber = plugin({ ...PHI_SHAPE, subscribes: ['PatientAdmitted.v1'] });

    expect(decide(subscriber, 'canonical.subscribe', admitted({}, 'phi')).effect).toBe('allow');
  });

  it('refuses delivery across tenants without naming the other tenant', () => {
    const subscriber = plugin({ ...PHI_SHAPE, subscribes: ['PatientAdmitted.v1'] });
    const decision = decide(subscriber, 'canonical.subscribe', admitted(FIELDS, 'phi', OTHER_TENANT));

    expect(decision).toMatchObject({
      effect: 'deny',
      rule: 'tenant_boundary',
      obligations: { auditLevel: 'phi' },
    });
    expect(JSON.stringify(decision)).not.toContain(OTHER_TENANT);
  });
});
