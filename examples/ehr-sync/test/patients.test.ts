import { describe, expect, it } from 'vitest';
import { assertValidManifest } from '../../../core/manifest';
import manifest from '../manifest.json';
import { type FhirPatient, newPatients, userCreatedOf } from '../src/patients';

const patient = (id: string, lastUpdated: string, extra: Partial<FhirPatient> = {}): FhirPatient => ({
  resourceType: 'Patient',
  id,
  meta: { lastUpdated },
  name: [{ given: ['Ada'], family: 'Lovelace' }],
  telecom: [
    { system: 'phone', value: '+44 20' },
    { system: 'email', value: 'ada@example.org' },
  ],
  birthDate: '1815-12-10',
  identifier: [{ system: 'urn:clinic:mrn', value: 'MRN-1' }],
  ...extra,
});

describe('ehr-sync example', () => {
  it('has a manifest the platform accepts', () => {
    expect(() => assertValidManifest(manifest)).not.toThrow();
  });

  it('maps a FHIR patient to UserCreated.v1 data, PHI included for cleared subscribers', () => {
    expect(userCreatedOf(patient('p1', '2026-12-01T08:00:00Z'))).toEqual({
      data: {
        userId: 'patient-p1',
        email: 'ada@example.org',
        name: 'Ada Lovelace',
        roles: ['patient'],
        createdAt: '2026-12-01T08:00:00Z',
        dateOfBirth: '1815-12-10',
        mrn: 'MRN-1',
      },
    });
  });

  it('skips a patient it cannot announce, saying why', () => {
    expect(userCreatedOf(patient('p2', 't', { telecom: [] }))).toEqual({
      skipped: 'patient p2 has no email address',
    });
    expect(userCreatedOf(patient('p3', 't', { name: [] }))).toEqual({ skipped: 'patient p3 has no name' });
  });

  it('takes only patients newer than the cursor, oldest first, and moves the cursor to the newest', () => {
    const bundle = {
      resourceType: 'Bundle' as const,
      entry: [
        { resource: patient('c', '2026-12-01T08:00:03Z') },
        { resource: patient('a', '2026-12-01T08:00:01Z') },
        { resource: patient('b', '2026-12-01T08:00:02Z') },
        { resource: { resourceType: 'Observation' } as unknown as FhirPatient },
      ],
    };
    const { patients, next } = newPatients(bundle, '2026-12-01T08:00:01Z');
    expect(patients.map((p) => p.id)).toEqual(['b', 'c']);
    expect(next).toBe('2026-12-01T08:00:03Z');
    expect(newPatients({ resourceType: 'Bundle' }, next)).toEqual({ patients: [], next });
  });
});
